// SPDX-License-Identifier: GPL-2.0
/* Finding the host's mount, or making a read-only one of our own */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <linux/loop.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "hostfs.h"

#define LOOP_FREE_TRIES	16	/* another losetup may take the free device first */

/* libblkid's types, the kernel's names for them, and the option that builds them */
static const struct {
	const char *blkid;
	const char *kernel[3];
	const char *config;
} fs_names[] = {
	{ "vfat", { "vfat", "msdos" }, "VFAT_FS" },
	{ "exfat", { "exfat" }, "EXFAT_FS" },
	{ "ntfs", { "ntfs3", "ntfs" }, "NTFS3_FS" },
	{ "ext4", { "ext4" }, "EXT4_FS" },
	{ "ext3", { "ext4", "ext3" }, "EXT4_FS" },
	{ "ext2", { "ext4", "ext2" }, "EXT4_FS" },
	{ "btrfs", { "btrfs" }, "BTRFS_FS" },
	{ "xfs", { "xfs" }, "XFS_FS" },
	{ "f2fs", { "f2fs" }, "F2FS_FS" },
	{ "squashfs", { "squashfs" }, "SQUASHFS" },
	{ "erofs", { "erofs" }, "EROFS_FS" },
	{ "iso9660", { "iso9660" }, "ISO9660_FS" },
	{ "udf", { "udf" }, "UDF_FS" },
	{ "swap", { NULL }, "SWAP" },
};

const char *hostfs_config(const char *type)
{
	unsigned int i;

	for (i = 0; i < sizeof(fs_names) / sizeof(fs_names[0]); i++) {
		if (!strcmp(fs_names[i].blkid, type))
			return fs_names[i].config;
	}
	return NULL;
}

const char *const *hostfs_kernel_types(const char *type)
{
	unsigned int i;

	for (i = 0; i < sizeof(fs_names) / sizeof(fs_names[0]); i++) {
		if (!strcmp(fs_names[i].blkid, type))
			return fs_names[i].kernel;
	}
	return NULL;
}

/* mountinfo and fstab(5) write ' ', '\t', '\n' and '\\' in a field as \ooo */
void hostfs_unescape(char *s)
{
	char *out = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' &&
		    s[2] >= '0' && s[2] <= '7' && s[3] >= '0' && s[3] <= '7') {
			*out++ = (s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0');
			s += 3;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
}

/* Where the whole filesystem on @devt is mounted; 0 if it is */
/* The mount's source is block device @devt (a FUSE mount's source) */
static bool source_is(const char *source, dev_t devt)
{
	struct stat st;

	return source[0] == '/' && !stat(source, &st) && S_ISBLK(st.st_mode) &&
	       st.st_rdev == devt;
}

int hostfs_find_mount(FILE *mountinfo, dev_t devt, struct hostfs *h)
{
	char line[2 * PATH_MAX], root[PATH_MAX], point[PATH_MAX], type[64];
	char source[PATH_MAX], opts[1024];
	unsigned int maj, min;
	char *sep;

	while (fgets(line, sizeof(line), mountinfo)) {
		sep = strstr(line, " - ");
		if (!sep || sscanf(line, "%*u %*u %u:%u %4095s %4095s", &maj, &min,
				   root, point) != 4 ||
		    sscanf(sep, " - %63s %4095s %1023s", type, source, opts) != 3)
			continue;
		hostfs_unescape(root);
		hostfs_unescape(source);
		/*
		 * The kernel's filesystems and fuseblk (ntfs-3g run by root or
		 * through fusermount) show the device's own number; a plain
		 * FUSE mount shows an anonymous one, and the device as source.
		 */
		if (strcmp(root, "/") ||
		    (makedev(maj, min) != devt && !source_is(source, devt)))
			continue;
		hostfs_unescape(point);
		snprintf(h->where, sizeof(h->where), "%s", point);
		snprintf(h->fstype, sizeof(h->fstype), "%s", type);
		/* The superblock's options: read-write for any of its mounts */
		h->rw = !strncmp(opts, "rw", 2) && (!opts[2] || opts[2] == ',');
		return 0;
	}
	return -ENOENT;
}

static int find_mount(dev_t devt, struct hostfs *h)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	int err;

	if (!f)
		return -errno;
	err = hostfs_find_mount(f, devt, h);
	fclose(f);
	return err;
}

/*
 * A read-only loop device over @backing from @offset, @sizelimit bytes (0:
 * to the end), gone at its last close; its fd, or -errno
 */
static int ro_loop(int backing, unsigned long long offset,
		   unsigned long long sizelimit, char *loop, size_t size)
{
	struct loop_config cfg = {
		.fd = backing,
		.info.lo_flags = LO_FLAGS_READ_ONLY | LO_FLAGS_AUTOCLEAR,
		.info.lo_offset = offset,
		.info.lo_sizelimit = sizelimit,
	};
	int ctl, n, fd, tries, err = -EBUSY;

	ctl = open("/dev/loop-control", O_RDWR | O_CLOEXEC);
	if (ctl < 0)
		return -errno;
	for (tries = 0; tries < LOOP_FREE_TRIES; tries++) {
		n = ioctl(ctl, LOOP_CTL_GET_FREE);
		if (n < 0) {
			err = -errno;
			break;
		}
		snprintf(loop, size, "/dev/loop%d", n);
		fd = open(loop, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			err = -errno;
			break;
		}
		if (!ioctl(fd, LOOP_CONFIGURE, &cfg)) {
			err = fd;
			break;
		}
		err = -errno;
		close(fd);
		if (err != -EBUSY)
			break;
	}
	close(ctl);
	return err;
}

/*
 * A mount of @loop as @type with the options @data (as mount(8)'s -o:
 * comma-separated, key=value), read-only, detached: seen by nobody, in no
 * directory, gone when its fd is closed.  The fd, or -errno.
 */
static int detached_mount(const char *loop, const char *type, const char *data)
{
	char opts[4096], *opt, *save, *eq;
	int fsfd, mfd, err;

	fsfd = fsopen(type, FSOPEN_CLOEXEC);
	if (fsfd < 0)
		return -errno;
	if (fsconfig(fsfd, FSCONFIG_SET_STRING, "source", loop, 0) ||
	    fsconfig(fsfd, FSCONFIG_SET_FLAG, "ro", NULL, 0))
		goto fail;
	snprintf(opts, sizeof(opts), "%s", data);
	for (opt = strtok_r(opts, ",", &save); opt; opt = strtok_r(NULL, ",", &save)) {
		eq = strchr(opt, '=');
		if (eq)
			*eq++ = '\0';
		if (eq ? fsconfig(fsfd, FSCONFIG_SET_STRING, opt, eq, 0) :
			 fsconfig(fsfd, FSCONFIG_SET_FLAG, opt, NULL, 0))
			goto fail;
	}
	if (fsconfig(fsfd, FSCONFIG_CMD_CREATE, NULL, NULL, 0))
		goto fail;
	mfd = fsmount(fsfd, FSMOUNT_CLOEXEC, MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID |
		      MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC);
	if (mfd < 0)
		goto fail;
	close(fsfd);
	return mfd;
fail:
	err = -errno;
	close(fsfd);
	return err;
}

/*
 * Mount @loop read-only as the kernel types @type has; the mount's fd or
 * -errno.  The kernel mounts with loopboot.flags= and nothing else; when a
 * type refuses them, the images are still looked at through a mount
 * without them, and @flags_err says what the boot would meet.
 */
static int mount_ro(const char *loop, const char *type, const char *flags,
		    int *flags_err)
{
	const char *const *kt = hostfs_kernel_types(type);
	char data[4096];
	int fd = -ENODEV;

	for (; kt && *kt; kt++) {
		/* ext4 would replay its journal even read-only: the device says no */
		snprintf(data, sizeof(data), "%s%s%s", flags ? flags : "",
			 flags && !strncmp(*kt, "ext", 3) ? "," : "",
			 !strncmp(*kt, "ext", 3) ? "noload" : "");
		fd = detached_mount(loop, *kt, data);
		if (fd >= 0)
			return fd;
		if (flags) {
			*flags_err = fd;
			fd = detached_mount(loop, *kt, strncmp(*kt, "ext", 3) ? "" : "noload");
			if (fd >= 0)
				return fd;
			*flags_err = 0;
		}
	}
	return fd;
}

/* @point is @real or a directory above it: how much of @real it is; -1 */
static int prefix_of(const char *point, const char *real)
{
	size_t n = strlen(point);

	if (!strcmp(point, "/"))
		return 0;
	if (strncmp(point, real, n) || (real[n] && real[n] != '/'))
		return -1;
	return (int)n;
}

int hostfs_place(dev_t devt, const char *real, struct hostfs_place *p)
{
	char line[2 * PATH_MAX], root[PATH_MAX], point[PATH_MAX], type[64];
	char source[PATH_MAX];
	FILE *f = fopen("/proc/self/mountinfo", "re");
	unsigned int maj, min;
	int n, best = -1;
	struct stat st;
	char *sep;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		sep = strstr(line, " - ");
		if (!sep || sscanf(line, "%*u %*u %u:%u %4095s %4095s", &maj, &min,
				   root, point) != 4 ||
		    sscanf(sep, " - %63s %4095s", type, source) != 2 ||
		    makedev(maj, min) != devt)
			continue;
		hostfs_unescape(root);
		hostfs_unescape(point);
		hostfs_unescape(source);
		/* The mount that @real is reached through: the longest prefix */
		n = prefix_of(point, real);
		if (n <= best)
			continue;
		best = n;
		snprintf(p->where, sizeof(p->where), "%s", point);
		/* A bind mount of a directory: its path from the host's root */
		snprintf(p->on_host, sizeof(p->on_host), "%s%s",
			 strcmp(root, "/") ? root : "", real + n);
		if (!p->on_host[0])
			snprintf(p->on_host, sizeof(p->on_host), "/");
		/* btrfs gives its files a device of its own: its source's */
		p->devt = !stat(source, &st) && S_ISBLK(st.st_mode) ? st.st_rdev : devt;
	}
	fclose(f);
	return best < 0 ? -ENOENT : 0;
}

int hostfs_file_place(const char *path, struct hostfs_file *f)
{
	char copy[PATH_MAX], name[PATH_MAX];
	struct hostfs_place place;
	struct stat st;

	snprintf(copy, sizeof(copy), "%s", path);
	snprintf(name, sizeof(name), "%s", basename(copy));
	snprintf(copy, sizeof(copy), "%s", path);
	if (!realpath(dirname(copy), f->dir) || stat(f->dir, &st))
		return -errno;
	if (hostfs_place(st.st_dev, f->dir, &place))
		return -ENXIO;
	if (snprintf(f->on_host, sizeof(f->on_host), "%s%s%s", place.on_host,
		     strcmp(place.on_host, "/") ? "/" : "", name) >= (int)sizeof(f->on_host))
		return -ENAMETOOLONG;
	f->devt = place.devt;
	f->fs = st.st_dev;
	return 0;
}

/*
 * Mount what @backing holds, read-only, where only we see it: a detached
 * mount of a read-only loop device.  Its fd is the root, in h->root_fd.
 */
static int mount_private(struct hostfs *h, int backing, unsigned long long offset,
			 unsigned long long sizelimit, const char *type,
			 const char *flags, char *why, size_t len)
{
	char loop[32];
	int fd, mfd;

	fd = ro_loop(backing, offset, sizelimit, loop, sizeof(loop));
	if (fd < 0) {
		snprintf(why, len, "no read-only loop device over it (%s)", strerror(-fd));
		return fd;
	}
	mfd = mount_ro(loop, type, flags, &h->flags_err);
	close(fd);
	if (mfd < 0) {
		snprintf(why, len, "cannot mount it read-only as %s (%s)", type,
			 strerror(-mfd));
		return mfd;
	}
	h->root_fd = mfd;
	snprintf(h->where, sizeof(h->where), "a private read-only mount");
	snprintf(h->fstype, sizeof(h->fstype), "%s", type);
	return 0;
}

/* The root of the host mounted at h->where */
static int open_root(struct hostfs *h, char *why, size_t len)
{
	int err;

	h->root_fd = open(h->where, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (h->root_fd >= 0)
		return 0;
	err = -errno;
	snprintf(why, len, "cannot open %s (%s)", h->where, strerror(errno));
	return err;
}

int hostfs_open(struct hostfs *h, dev_t devt, const char *node,
		const char *type, const char *flags, char *why, size_t len)
{
	int backing, err;

	memset(h, 0, sizeof(*h));
	h->root_fd = -1;
	if (find_mount(devt, h)) {
		backing = open(node, O_RDONLY | O_CLOEXEC);
		if (backing < 0) {
			err = -errno;
			snprintf(why, len, "cannot open it (%s)", strerror(errno));
			return err;
		}
		err = mount_private(h, backing, 0, 0, type, flags, why, len);
		close(backing);
		return err;
	}
	return open_root(h, why, len);
}

int hostfs_open_image(struct hostfs *h, int fd, unsigned long long offset,
		      unsigned long long sizelimit, const char *type, char *why,
		      size_t len)
{
	memset(h, 0, sizeof(*h));
	h->root_fd = -1;
	return mount_private(h, fd, offset, sizelimit, type, NULL, why, len);
}

void hostfs_close(struct hostfs *h)
{
	if (h->root_fd >= 0)
		close(h->root_fd);
	h->root_fd = -1;
}
