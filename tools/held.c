// SPDX-License-Identifier: GPL-2.0
/*
 * Is an image held by a loop device or by swap?  Loop devices tell the
 * device and inode of their backing file (LOOP_GET_STATUS64, as losetup -j
 * compares them); /proc/swaps only a path, which is stat()ed here: a swap
 * file whose path is not reachable from this mount namespace cannot be
 * the file we were given a path to, unless through another mount of the
 * same filesystem, so that case compares the path's own device and inode.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <linux/loop.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "held.h"
#include "hostfs.h"

/* The loop device /dev/@name has @st as its backing file: 1, 0, -errno */
static int loop_holds(const char *name, const struct stat *st)
{
	struct loop_info64 info;
	char node[64];
	int fd, ret;

	snprintf(node, sizeof(node), "/dev/%s", name);
	fd = open(node, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return errno == ENOENT || errno == ENXIO ? 0 : -errno;
	ret = ioctl(fd, LOOP_GET_STATUS64, &info);
	close(fd);
	if (ret)		/* ENXIO: nothing attached */
		return errno == ENXIO ? 0 : -errno;
	/* lo_device is the kernel's encoding of st_dev (huge_encode_dev) */
	return makedev(major(info.lo_device), minor(info.lo_device)) == st->st_dev &&
	       info.lo_inode == st->st_ino;
}

static int held_by_loop(const struct stat *st, char *by, size_t len)
{
	DIR *d = opendir("/sys/block");
	struct dirent *de;
	int ret = 0, r;

	if (!d)
		return -errno;
	while (!ret && (de = readdir(d))) {
		if (strncmp(de->d_name, "loop", 4))
			continue;
		r = loop_holds(de->d_name, st);
		if (r > 0) {
			snprintf(by, len, "/dev/%s", de->d_name);
			ret = -EBUSY;
		} else if (r < 0) {
			ret = r;
		}
	}
	closedir(d);
	return ret;
}

static int held_by_swap(const struct stat *st, char *by, size_t len)
{
	char line[PATH_MAX + 128], path[PATH_MAX + 128];
	FILE *f = fopen("/proc/swaps", "re");
	struct stat sw;
	int ret = 0;

	if (!f)
		return errno == ENOENT ? 0 : -errno;
	while (!ret && fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%s", path) != 1)
			continue;
		hostfs_unescape(path);
		if (!stat(path, &sw) && sw.st_dev == st->st_dev &&
		    sw.st_ino == st->st_ino) {
			snprintf(by, len, "swap");
			ret = -EBUSY;
		}
	}
	fclose(f);
	return ret;
}

int image_held(const struct stat *st, char *by, size_t len)
{
	return held_by_loop(st, by, len) ?: held_by_swap(st, by, len);
}
