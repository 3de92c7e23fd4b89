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
	long long size;		/* bytes the loop device has */
};

/*
 * Check image @img (number @nr, counting from 1) on @h for a kernel with
 * @kc (NULL: no config known); @is_root: root is mounted from it.
 * Reports its findings; returns 0 if the image can be attached.
 */
int image_check(const struct hostfs *h, const char *host_name,
		const struct loopboot_image *img, const struct kconfig *kc,
		struct image_facts *facts);

/*
 * Whether any extent of @fd is unwritten (fallocate's, read as zeroes):
 * 0, -EOPNOTSUPP where the filesystem has no FIEMAP, or another -errno
 */
int image_unwritten(int fd, int *unwritten);
/* libblkid's TYPE of what the file @fd holds: 0, or -ENOENT if none */
int image_probe_type(int fd, char *type, size_t size);

#endif
