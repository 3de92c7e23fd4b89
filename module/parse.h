/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loopboot: the parsed form of loopboot= and of the loopboot.* parameters,
 * the limits of their grammar, and the one limit of a host that the tool
 * checks in the kernel's words.  parse.c, option.c and params.c use
 * nothing but string functions, so that they build unchanged in user space
 * (the fuzzer, the loopboot tool).
 */
#ifndef _LOOPBOOT_PARSE_H
#define _LOOPBOOT_PARSE_H

#include <linux/types.h>

/* Limits of the loopboot= grammar; Documentation/admin-guide/loopboot.rst */
#define LOOPBOOT_MAX_IMAGES	8	/* images in one loopboot= */
#define LOOPBOOT_HOST_MAX	127	/* characters in HOST */
#define LOOPBOOT_PATH_MAX	255	/* characters in one IMAGE path */
#define LOOPBOOT_OPT_MAX	31	/* characters in one OPT */
#define LOOPBOOT_LOOP_MAX	1023	/* highest N in loop=N */
#define LOOPBOOT_TIMEOUT_MAX	3600	/* seconds in loopboot.timeout= */
#define LOOPBOOT_HOSTDIR_MAX	127	/* characters in loopboot.hostdir= */
#define LOOPBOOT_FLAGS_MAX	4095	/* characters in loopboot.flags= */
#define LOOPBOOT_MSG_MAX	384	/* one error message, with its advice */
#define LOOPBOOT_SECTOR_MIN	512	/* bytes in a loop device's sector */
#define LOOPBOOT_SECTOR_MAX	4096

/*
 * A file on FAT (FAT32, and FAT12/16 alike) holds at most 4 GiB - 1 byte
 * (exFAT, NTFS and ext4 have no such bound); a larger image copied there
 * is cut off at it, the kernel's and the tool's message says why
 */
#define LOOPBOOT_FAT_FILE_MAX	0xffffffffULL
#define LOOPBOOT_MSG_FAT_CUT \
	"it is 4 GiB - 1 byte long, the most a file on FAT32 holds: an image larger than that was most likely cut off when it was copied here; make it smaller than 4 GiB, or keep it on an exFAT, NTFS or ext4 host"

/* What an image's options asked for (struct loopboot_image.set) */
#define LOOPBOOT_RO		0x01
#define LOOPBOOT_RW		0x02
#define LOOPBOOT_DIO		0x04
#define LOOPBOOT_NODIO		0x08
#define LOOPBOOT_PARTSCAN	0x10
#define LOOPBOOT_ROOT		0x20
#define LOOPBOOT_OFFSET		0x40
#define LOOPBOOT_SIZELIMIT	0x80
#define LOOPBOOT_LOOP		0x100
#define LOOPBOOT_SWAP		0x200	/* a swap file, on no loop device */
#define LOOPBOOT_SECTOR_SIZE	0x400
#define LOOPBOOT_DISCARD	0x800	/* discards punch holes in the file */

/* spec->root when every image is swap: root= must name the root device */
#define LOOPBOOT_NO_ROOT	LOOPBOOT_MAX_IMAGES

struct loopboot_image {
	char path[LOOPBOOT_PATH_MAX + 1];
	unsigned int set;		/* LOOPBOOT_* options given */
	u64 offset;
	u64 sizelimit;
	unsigned int sector_size;	/* 0: 512, whatever the host has */
	unsigned int loop;		/* loop device number, unless swap */
};

struct loopboot_spec {
	char host[LOOPBOOT_HOST_MAX + 1];
	struct loopboot_image image[LOOPBOOT_MAX_IMAGES];
	unsigned int nr_images;
	unsigned int root;		/* index of the root image, or NO_ROOT */
	bool all_ro;			/* every image is read-only */
};

/* The loopboot.* parameters (a module's fstype=, flags=, ...); NULL: not given */
struct loopboot_params {
	char *fstype;			/* host filesystem types, comma separated */
	char *flags;			/* the host's mount data, as rootflags= */
	char *hostdir;			/* where the booted system sees the host */
	int timeout;			/* seconds to wait for the host, or -1 */
};

int loopboot_parse(const char *str, struct loopboot_spec *spec,
		   char *msg, size_t msg_len);
int loopboot_check_params(const struct loopboot_params *params,
			  char *msg, size_t msg_len);

/* Between parse.c and option.c: a parse under way, and its messages */
struct loopboot_ctx {
	struct loopboot_spec *spec;
	char *msg;
	size_t msg_len;
};

__printf(3, 4) int loopboot_image_error(struct loopboot_ctx *ctx, int err,
					const char *fmt, ...);
bool loopboot_word_is(const char *s, size_t len, const char *word);
int loopboot_parse_option(struct loopboot_ctx *ctx, const char *s, size_t len);

#endif /* _LOOPBOOT_PARSE_H */
