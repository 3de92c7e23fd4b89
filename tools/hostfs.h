/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host's filesystem, to look at the images on it: where it is mounted
 * already, or else mounted read-only, from a read-only loop device, as a
 * detached mount (fsopen, fsmount: Linux 5.2) that nobody else sees and
 * that needs no directory, so that nothing can write to it.
 */
#ifndef LOOPBOOT_HOSTFS_H
#define LOOPBOOT_HOSTFS_H

#include <limits.h>
#include <stdio.h>
#include <sys/types.h>

struct hostfs {
	int root_fd;		/* the host's root directory (O_PATH) */
	char where[PATH_MAX];	/* where it is mounted */
	char fstype[64];	/* as the kernel has it mounted */
	int rw;			/* mounted read-write, by someone else */
	int flags_err;		/* -errno: it refused loopboot.flags= */
};

/*
 * Open the filesystem on @devt (@node), of libblkid's type @type; mount
 * data @flags (loopboot.flags=) is used when we mount it.  -errno, with
 * @why saying what failed.
 */
int hostfs_open(struct hostfs *h, dev_t devt, const char *node,
		const char *type, const char *flags, char *why, size_t len);
/*
 * Mount the filesystem of libblkid's type @type in the image @fd (from
 * @offset, @sizelimit bytes), read-only, where only we see it
 */
int hostfs_open_image(struct hostfs *h, int fd, unsigned long long offset,
		      unsigned long long sizelimit, const char *type, char *why,
		      size_t len);
void hostfs_close(struct hostfs *h);

/*
 * Where @mountinfo (/proc/self/mountinfo's format) has the root of the
 * filesystem on @devt mounted: h->where, h->fstype, h->rw.  0, or -ENOENT.
 */
int hostfs_find_mount(FILE *mountinfo, dev_t devt, struct hostfs *h);
struct hostfs_place {
	char where[PATH_MAX];		/* the mount it is reached through */
	char on_host[2 * PATH_MAX];	/* its path from the host's root */
	dev_t devt;			/* the host's block device */
};

/*
 * Where the directory @real (a realpath() on the filesystem @devt) is on
 * the host: through the mount whose point is the longest prefix of it,
 * bind mounts of a directory counted.  0, or -ENOENT: not mounted here.
 */
int hostfs_place(dev_t devt, const char *real, struct hostfs_place *p);

/* A file (there or not yet) on the filesystem it is in, as a bootloader or loopboot= names it */
struct hostfs_file {
	char dir[PATH_MAX];		/* its directory, resolved */
	char on_host[2 * PATH_MAX];	/* its path from the filesystem's root */
	dev_t devt;			/* the filesystem's block device */
	dev_t fs;			/* the st_dev of its directory */
};

/*
 * Where @path is: its directory resolved and placed by hostfs_place().
 * 0; -errno of realpath() or stat() of the directory; -ENXIO: on no
 * filesystem mounted here; -ENAMETOOLONG.
 */
int hostfs_file_place(const char *path, struct hostfs_file *f);

/* Undo the \ooo escapes of a mountinfo or fstab(5) field, in place */
void hostfs_unescape(char *s);

/* The CONFIG_ symbol (without CONFIG_) that builds libblkid's @type; NULL */
const char *hostfs_config(const char *type);

/* The kernel's filesystem names for libblkid's @type, best first; NULL: none */
const char *const *hostfs_kernel_types(const char *type);

#endif
