/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Whether an image file is in use by the kernel: attached to a loop device
 * or swapped on.  Compared by device and inode, never by path text: the
 * path a loop device or /proc/swaps shows is the one it was attached by,
 * in whatever mount namespace and through whatever mount that was (a
 * loopboot root shows the host's path as the kernel mounted it).
 */
#ifndef LOOPBOOT_HELD_H
#define LOOPBOOT_HELD_H

#include <stddef.h>
#include <sys/stat.h>

/*
 * What holds the file @st: 0 if nothing, else -EBUSY with @by naming the
 * holder ("/dev/loop0", "swap"); -errno if the loop devices cannot be
 * read (then nothing can be said).
 */
int image_held(const struct stat *st, char *by, size_t len);

#endif
