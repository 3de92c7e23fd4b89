/* SPDX-License-Identifier: GPL-2.0 */
/* One image of loopboot=, looked at on the host as the kernel will open it */
#ifndef LOOPBOOT_IMAGE_H
#define LOOPBOOT_IMAGE_H

#include <stddef.h>

#include "parse.h"

struct hostfs;
struct kconfig;

struct image_facts {
	char fstype[32];	/* libblkid's TYPE of what it holds, "" if none */
	char pttype[16];	/* its partition table, with partscan */
	char uuid[64];		/* its filesystem's UUID and LABEL, if any */
	char label[80];
	long long size;		/* bytes the loop device has */
};

/*
 * Check image @img on @h (of host @host_name, which the kernel mounts
 * read-write if @host_rw) for a kernel with @kc (NULL: no config known),
 * filling @facts.
 * Reports its findings; returns 0 if the image can be attached.
 */
int image_check(const struct hostfs *h, const char *host_name,
		bool host_rw, const struct loopboot_image *img,
		const struct kconfig *kc, struct image_facts *facts);

/*
 * Whether any extent of @fd is unwritten (fallocate's, read as zeroes):
 * 0, -EOPNOTSUPP where the filesystem has no FIEMAP, or another -errno
 */
int image_unwritten(int fd, int *unwritten);
/* Open image @path (from loopboot=) beneath the directory @dirfd: fd or -1 */
int image_open(int dirfd, const char *path);
/* libblkid's TYPE of what the file @fd holds: 0, or -ENOENT if none */
int image_probe_type(int fd, char *type, size_t size);

#endif
