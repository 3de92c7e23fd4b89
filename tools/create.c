// SPDX-License-Identifier: GPL-2.0
/*
 * loopboot create and loopboot grow: image files that loopboot can trust
 * with a root filesystem.  Every byte is written (zeroes), so the file has
 * no hole for a write to find the host full, no unwritten extent, and on
 * exFAT and NTFS a valid data length equal to its size; the filesystem is
 * made or grown by its own tools.  Nothing is done to an image a loop
 * device or swap holds.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "blockdev.h"
#include "check.h"
#include "held.h"
#include "hostfs.h"
#include "image.h"
#include "parse.h"
#include "report.h"
#include "run.h"

#define ZERO_CHUNK	(1 << 20)	/* bytes written at a time */
#define FILL_BATCH	64		/* extents asked for at a time */
#define IMAGE_MIN	(1 << 20)	/* smaller images cannot hold a root */
#define MSDOS_MAGIC	0x4d44
#define EXT_NOW		"nodiscard,lazy_itable_init=0,lazy_journal_init=0"

struct image_file {
	const char *path;
	struct statfs host;		/* the filesystem it is on */
	char on_host[2 * PATH_MAX];	/* its path there, as loopboot= names it */
	dev_t host_dev;
};

/* A size as the kernel's parser reads one: digits, then K, M, G or T */
static int parse_size(const char *s, unsigned long long *size)
{
	unsigned long long v;
	char *end;
	int shift = 0;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *s == '-')
		return -EINVAL;
	switch (*end) {
	case 'K': case 'k': shift = 10; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	case 'T': case 't': shift = 40; end++; break;
	}
	if (*end || v > (~0ULL >> shift))
		return -EINVAL;
	*size = v << shift;
	return 0;
}

/* The filesystem @path will be on, its mount, and @path as loopboot= says it */
static int locate(struct image_file *img, const char *path)
{
	struct hostfs_file f;
	int err;

	img->path = path;
	err = hostfs_file_place(path, &f);
	if (err == -ENXIO)
		fprintf(stderr, "loopboot: %s is not on a filesystem mounted here\n", path);
	else if (err == -ENAMETOOLONG)
		fprintf(stderr, "loopboot: %s: its path on the host is too long\n", path);
	else if (!err && statfs(f.dir, &img->host))
		err = -errno;
	if (err && err != -ENXIO && err != -ENAMETOOLONG)
		fprintf(stderr, "loopboot: %s: %s\n", path, strerror(-err));
	if (err)
		return err;
	img->host_dev = f.devt;
	snprintf(img->on_host, sizeof(img->on_host), "%s", f.on_host);
	return 0;
}

/*
 * The kernel's parser must take the image's path, or the image is made
 * for nothing: a ',' or ':' in it, a path too long, a control character
 */
static int check_expressible(const struct image_file *img)
{
	struct loopboot_spec spec;
	char line[LOOPBOOT_HOST_MAX + sizeof(img->on_host) + 2];
	char msg[LOOPBOOT_MSG_MAX];
	int err;

	snprintf(line, sizeof(line), "HOST:%s", img->on_host);
	err = loopboot_parse(line, &spec, msg, sizeof(msg));
	if (err)
		fprintf(stderr, "loopboot: %s: loopboot= cannot name it: %s (%s); choose another name\n",
			img->path, msg, strerror(-err));
	else if (spec.nr_images != 1 || strcmp(spec.image[0].path, img->on_host)) {
		fprintf(stderr, "loopboot: %s: loopboot= cannot name it: a \",\" in its path would start the options\n",
			img->path);
		err = -EINVAL;
	}
	return err;
}

/* What the host can hold: FAT32's limit on a file, and its free space */
static int check_room(const struct image_file *img, unsigned long long size,
		      unsigned long long have)
{
	unsigned long long avail = (unsigned long long)img->host.f_bavail *
				   img->host.f_bsize;

	if ((unsigned long)img->host.f_type == MSDOS_MAGIC && size > LOOPBOOT_FAT_FILE_MAX) {
		fprintf(stderr, "loopboot: %s: a file on FAT32 holds at most 4 GiB - 1 byte (4095M): use a smaller image, or an exFAT, NTFS or ext4 host\n",
			img->path);
		return -EFBIG;
	}
	if (size - have > avail) {
		fprintf(stderr, "loopboot: %s: the host has %llu MiB free, and the image needs %llu MiB more\n",
			img->path, avail >> 20, (size - have + (1 << 20) - 1) >> 20);
		return -ENOSPC;
	}
	return 0;
}

/* Zeroes from @from to @to, then on the disk; progress on a terminal */
static int write_zeros(int fd, unsigned long long from, unsigned long long to,
		       const char *path)
{
	static char zeros[ZERO_CHUNK];
	unsigned long long at = from;
	int show = isatty(2), shown = -1, pct;
	ssize_t n;

	while (at < to) {
		n = pwrite(fd, zeros, to - at < ZERO_CHUNK ? to - at : ZERO_CHUNK, at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "%sloopboot: %s: writing at %llu: %s\n", show ? "\n" : "",
				path, at, n < 0 ? strerror(errno) : "no progress");
			return n < 0 ? -errno : -EIO;
		}
		at += n;
		pct = (int)((at - from) * 100 / (to - from));
		if (show && pct != shown) {
			fprintf(stderr, "\rwriting %s: %d%%", path, pct);
			shown = pct;
		}
	}
	if (show)
		fputc('\n', stderr);
	if (fsync(fd)) {
		fprintf(stderr, "loopboot: %s: fsync: %s\n", path, strerror(errno));
		return -errno;
	}
	return 0;
}

/* Zeroes over @len bytes at @at, which read as zeroes already */
static int zero_range(int fd, unsigned long long at, unsigned long long len)
{
	static const char zeros[ZERO_CHUNK];
	ssize_t n;

	while (len) {
		n = pwrite(fd, zeros, len < ZERO_CHUNK ? len : ZERO_CHUNK, at);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		at += n;
		len -= n;
	}
	return 0;
}

/*
 * mkfs and resize2fs zero their tables with fallocate() where they can
 * (e2fsprogs' unix_zeroout: ZERO_RANGE, PUNCH_HOLE), which leaves
 * unwritten extents or holes again: write their zeroes for real.
 */
static int fill_unwritten(int fd, const char *path)
{
	struct fiemap *fm = calloc(1, sizeof(*fm) + FILL_BATCH * sizeof(fm->fm_extents[0]));
	off_t data, hole = 0, size = lseek(fd, 0, SEEK_END);
	unsigned int i;
	int err = 0, last = 0;
	__u64 start = 0;

	if (!fm)
		return -ENOMEM;
	/* Holes: between SEEK_HOLE and the next SEEK_DATA */
	while (!err && (hole = lseek(fd, hole, SEEK_HOLE)) >= 0 && hole < size) {
		data = lseek(fd, hole, SEEK_DATA);
		if (data < 0)
			data = size;
		err = zero_range(fd, hole, data - hole);
		hole = data;
	}
	/* Unwritten extents, as FIEMAP lists them */
	while (!err && !last) {
		memset(fm, 0, sizeof(*fm));
		fm->fm_start = start;
		fm->fm_length = FIEMAP_MAX_OFFSET - start;
		fm->fm_flags = FIEMAP_FLAG_SYNC;
		fm->fm_extent_count = FILL_BATCH;
		if (ioctl(fd, FS_IOC_FIEMAP, fm)) {
			/* FAT and exFAT have neither FIEMAP nor unwritten extents */
			err = errno == EOPNOTSUPP || errno == ENOTTY ? 0 : -errno;
			break;
		}
		if (!fm->fm_mapped_extents)
			break;
		for (i = 0; i < fm->fm_mapped_extents && !err; i++) {
			const struct fiemap_extent *e = &fm->fm_extents[i];

			if (e->fe_flags & FIEMAP_EXTENT_UNWRITTEN)
				err = zero_range(fd, e->fe_logical, e->fe_length);
			last = e->fe_flags & FIEMAP_EXTENT_LAST;
			start = e->fe_logical + e->fe_length;
		}
	}
	free(fm);
	if (!err && fsync(fd))
		err = -errno;
	if (err)
		fprintf(stderr, "loopboot: %s: writing what mkfs left unwritten: %s\n",
			path, strerror(-err));
	return err;
}

/* Every byte allocated and written, as loopboot check wants it */
static int verify_allocated(int fd, const char *path)
{
	struct stat st;
	int unwritten = 0, err;

	if (fstat(fd, &st))
		return -errno;
	if ((long long)st.st_blocks * 512 < st.st_size) {
		fprintf(stderr, "loopboot: %s: still sparse after writing it (%lld of %lld bytes allocated)\n",
			path, (long long)st.st_blocks * 512, (long long)st.st_size);
		return -EIO;
	}
	err = image_unwritten(fd, &unwritten);
	if (!err && unwritten) {
		fprintf(stderr, "loopboot: %s: has unwritten extents after writing it\n", path);
		return -EIO;
	}
	return 0;
}

/* After a filesystem tool: fill what it left unwritten, and check */
static int materialize(const char *path)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), err;

	if (fd < 0)
		return -errno;
	err = fill_unwritten(fd, path) ?: verify_allocated(fd, path);
	close(fd);
	return err;
}

/* Refuse an image the kernel is using: growing it under a mounted fs */
static int check_not_held(const struct stat *st, const char *path)
{
	char by[64];
	int err = image_held(st, by, sizeof(by));

	if (err == -EBUSY && !strcmp(by, "swap"))
		fprintf(stderr, "loopboot: %s is swapped on: swapoff it first\n", path);
	else if (err == -EBUSY)
		fprintf(stderr, "loopboot: %s is attached to %s: grow it when nothing uses it (boot another system, or detach it)\n",
			path, by);
	else if (err)
		fprintf(stderr, "loopboot: %s: cannot tell whether a loop device holds it: %s\n",
			path, strerror(-err));
	return err;
}

/* The loopboot= line for the new image, the host named as it best can be */
static void print_line(const struct image_file *img, const char *fs)
{
	static struct blockdevs bds;
	const struct blockdev *bd = NULL;
	unsigned int found[2];
	char name[sizeof(bds.dev[0].node) + sizeof(bds.dev[0].partuuid)];
	const char *q;

	if (!blockdevs_scan(&bds, "/sys", "/dev"))
		bd = blockdev_by_devt(&bds, img->host_dev);
	if (bd && bd->partuuid[0]) {
		snprintf(name, sizeof(name), "PARTUUID=%s", bd->partuuid);
		if (blockdev_lookup(&bds, name, found, 2) != 1)
			snprintf(name, sizeof(name), "%s", bd->node);
	} else if (bd) {
		snprintf(name, sizeof(name), "%s", bd->node);
	} else {
		snprintf(name, sizeof(name), "HOST");
	}
	/* The kernel's next_arg() takes a value with spaces in quotes */
	q = strchr(img->on_host, ' ') ? "\"" : "";
	printf("loopboot=%s%s:%s%s%s\n", q, name, img->on_host,
	       fs && !strcmp(fs, "swap") ? ",swap" : "", q);
}

/*
 * The filesystem's own mkfs, never discarding (that would punch holes), and
 * for ext2/3/4 with every inode table and the journal written now: left to
 * ext4lazyinit, the booted system would zero them through the loop device
 * with write-zeroes, which loop turns into holes punched in the image.
 */
static int make_fs(const char *path, const char *fs, const char *label)
{
	char out[4096], p[PATH_MAX], l[64];
	char *ext4[] = { "mkfs.ext4", "-q", "-F", "-E", EXT_NOW, "-L", l, p, NULL };
	char *ext2[] = { "mkfs.ext2", "-q", "-F", "-E", EXT_NOW, "-L", l, p, NULL };
	char *btrfs[] = { "mkfs.btrfs", "-q", "-f", "--nodiscard", "-L", l, p, NULL };
	char *xfs[] = { "mkfs.xfs", "-q", "-f", "-K", "-L", l, p, NULL };
	char *swap[] = { "mkswap", "-L", l, p, NULL };
	char **argv;
	int st;

	snprintf(p, sizeof(p), "%s", path);
	snprintf(l, sizeof(l), "%s", label);
	if (!strcmp(fs, "none"))
		return 0;
	argv = !strcmp(fs, "ext4") ? ext4 : !strcmp(fs, "ext2") ? ext2 :
	       !strcmp(fs, "btrfs") ? btrfs : !strcmp(fs, "xfs") ? xfs :
	       !strcmp(fs, "swap") ? swap : NULL;
	if (!argv) {
		fprintf(stderr, "loopboot: --fs %s: not one of ext4, ext2, btrfs, xfs, swap, none\n", fs);
		return -EINVAL;
	}
	st = run_capture(argv, out, sizeof(out));
	if (st) {
		fprintf(stderr, "loopboot: %s failed%s%s:\n%s", argv[0],
			st == -ENOENT ? ": it is not installed" : "",
			st == -ENOENT ? "" : " (exit status)", out);
		return st < 0 ? st : -EIO;
	}
	return 0;
}

static const struct option create_options[] = {
	{ "size", required_argument, NULL, 's' },
	{ "fs", required_argument, NULL, 'f' },
	{ "label", required_argument, NULL, 'L' },
	{ "help", no_argument, NULL, 'h' },
	{ }
};

int cmd_create(int argc, char **argv)
{
	const char *fs = "ext4", *label = "loopboot", *size_arg = NULL;
	unsigned long long size;
	struct image_file img;
	int opt, fd, err;

	while ((opt = getopt_long(argc, argv, "s:f:L:h", create_options, NULL)) != -1) {
		switch (opt) {
		case 's':
			size_arg = optarg;
			break;
		case 'f':
			fs = optarg;
			break;
		case 'L':
			label = optarg;
			break;
		case 'h':
			usage_create(stdout);
			return EXIT_BOOTS;
		default:
			usage_create(stderr);
			return EXIT_USAGE;
		}
	}
	if (!size_arg || optind != argc - 1) {
		usage_create(stderr);
		return EXIT_USAGE;
	}
	if (parse_size(size_arg, &size) || size < IMAGE_MIN || size % 512) {
		fprintf(stderr, "loopboot: --size %s: give whole sectors of 512 bytes, at least 1M (such as 4G)\n",
			size_arg);
		return EXIT_USAGE;
	}
	if (locate(&img, argv[optind]) || check_expressible(&img) ||
	    check_room(&img, size, 0))
		return EXIT_WOULD_FAIL;
	fd = open(img.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "loopboot: %s: %s%s\n", img.path, strerror(errno),
			errno == EEXIST ? " (loopboot create never overwrites a file)" : "");
		return EXIT_WOULD_FAIL;
	}
	err = write_zeros(fd, 0, size, img.path) ?: verify_allocated(fd, img.path);
	close(fd);
	if (!err)
		err = make_fs(img.path, fs, label);
	if (!err)
		err = materialize(img.path);
	if (err) {
		unlink(img.path);
		fprintf(stderr, "loopboot: %s not created\n", img.path);
		return EXIT_WOULD_FAIL;
	}
	fprintf(stderr, "loopboot: %s: %llu MiB%s%s, every byte written\n", img.path,
		size >> 20, strcmp(fs, "none") ? ", " : "", strcmp(fs, "none") ? fs : "");
	print_line(&img, fs);
	return EXIT_BOOTS;
}

/* Grow the filesystem inside with its own tools; ext2/3/4 only, unmounted */
static int grow_fs(const char *path)
{
	char out[4096], p[PATH_MAX], type[32] = "";
	char *fsck[] = { "e2fsck", "-f", "-p", p, NULL };
	char *resize[] = { "resize2fs", p, NULL };
	int st, fd;

	snprintf(p, sizeof(p), "%s", path);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		image_probe_type(fd, type, sizeof(type));
		close(fd);
	}
	if (!strcmp(type, "swap")) {
		fprintf(stderr, "loopboot: %s holds swap: the file is grown; run mkswap on it for the swap area to use it\n",
			path);
		return 0;
	}
	if (strncmp(type, "ext", 3)) {
		fprintf(stderr, "loopboot: %s holds %s: the file is grown, grow the filesystem from the system it boots (btrfs filesystem resize max /, xfs_growfs /)\n",
			path, type[0] ? type : "no filesystem blkid knows");
		return 0;
	}
	/* resize2fs wants a filesystem checked since it was last mounted */
	st = run_capture(fsck, out, sizeof(out));
	if (st < 0 || st > 1) {
		fprintf(stderr, "loopboot: e2fsck -f -p %s: %s:\n%s", path,
			st < 0 ? strerror(-st) : "errors it cannot mend alone (run e2fsck -f)", out);
		return st < 0 ? st : -EIO;
	}
	st = run_capture(resize, out, sizeof(out));
	if (st) {
		fprintf(stderr, "loopboot: resize2fs %s: %s:\n%s", path,
			st < 0 ? strerror(-st) : "failed", out);
		return st < 0 ? st : -EIO;
	}
	return 0;
}

/*
 * Open @path to grow it: a regular file, never a FIFO or device that an
 * open for writing would block on or write to.  -errno, said.
 */
static int open_image(const char *path, struct stat *st)
{
	int fd;

	if (stat(path, st)) {
		fprintf(stderr, "loopboot: %s: %s\n", path, strerror(errno));
		return -errno;
	}
	if (!S_ISREG(st->st_mode)) {
		fprintf(stderr, "loopboot: %s: not a regular file\n", path);
		return -EINVAL;
	}
	fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, st) || !S_ISREG(st->st_mode)) {
		fprintf(stderr, "loopboot: %s: %s\n", path,
			fd < 0 ? strerror(errno) : "changed while opening it");
		if (fd >= 0)
			close(fd);
		return -EIO;
	}
	return fd;
}

/*
 * Write the new bytes; if that fails, give the file back its old size, so
 * a failed grow leaves the image as it was (its filesystem never saw them).
 */
static int grow_file(int fd, const struct stat *st, unsigned long long size,
		     const char *path)
{
	int err = write_zeros(fd, st->st_size, size, path) ?: verify_allocated(fd, path);

	if (err && ftruncate(fd, st->st_size))
		fprintf(stderr, "loopboot: %s: could not give it back its size of %lld bytes: %s\n",
			path, (long long)st->st_size, strerror(errno));
	return err;
}

int cmd_grow(int argc, char **argv)
{
	unsigned long long size;
	struct image_file img;
	struct stat st;
	int fd, err;

	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		usage_grow(stdout);
		return EXIT_BOOTS;
	}
	if (argc != 3 || argv[1][0] == '-') {
		usage_grow(stderr);
		return EXIT_USAGE;
	}
	if (parse_size(argv[2], &size) || size % 512) {
		fprintf(stderr, "loopboot: %s: give whole sectors of 512 bytes (such as 8G)\n", argv[2]);
		return EXIT_USAGE;
	}
	fd = open_image(argv[1], &st);
	if (fd < 0)
		return EXIT_WOULD_FAIL;
	err = (unsigned long long)st.st_size >= size ? -ERANGE : 0;
	if (err)
		fprintf(stderr, "loopboot: %s: already that large: loopboot grow only grows\n", argv[1]);
	err = err ?: check_not_held(&st, argv[1]) ?: locate(&img, argv[1]) ?:
	      check_room(&img, size, st.st_size) ?: grow_file(fd, &st, size, argv[1]);
	close(fd);
	if (!err)
		err = grow_fs(argv[1]) ?: materialize(argv[1]);
	if (err)
		return EXIT_WOULD_FAIL;
	fprintf(stderr, "loopboot: %s: %llu MiB, every byte written\n", argv[1], size >> 20);
	return EXIT_BOOTS;
}
