// SPDX-License-Identifier: GPL-2.0
/*
 * The checks of one image: found below the host's root as the kernel's
 * loopboot_open_image() looks it up, a regular file of the right size,
 * allocated, holding a filesystem the kernel has.  The messages are the
 * kernel's where the kernel has one.
 */
#include <blkid/blkid.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "hostfs.h"
#include "image.h"
#include "kconfig.h"
#include "report.h"
#include "run.h"

#define FIEMAP_BATCH	64	/* extents asked for at a time */
#define DUMPE2FS_OUT	8192	/* bytes of dumpe2fs -h read: the header's */

/* LOOKUP_FOLLOW | LOOKUP_BENEATH | LOOKUP_NO_XDEV, as the kernel opens it */
int image_open(int dirfd, const char *path)
{
	struct open_how how = {
		.flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK,
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS,
	};

	/* The kernel's paths start at the host's root: "/a/b" is "a/b" there */
	return syscall(SYS_openat2, dirfd, path + 1, &how, sizeof(how));
}

int image_unwritten(int fd, int *unwritten)
{
	struct fiemap *fm = calloc(1, sizeof(*fm) + FIEMAP_BATCH * sizeof(fm->fm_extents[0]));
	__u64 start = 0;
	unsigned int i;
	int err = 0, last = 0;

	*unwritten = 0;
	if (!fm)
		return -ENOMEM;
	while (!last && !*unwritten) {
		memset(fm, 0, sizeof(*fm));
		fm->fm_start = start;
		fm->fm_length = FIEMAP_MAX_OFFSET - start;
		fm->fm_extent_count = FIEMAP_BATCH;
		if (ioctl(fd, FS_IOC_FIEMAP, fm)) {
			err = -errno;
			break;
		}
		if (!fm->fm_mapped_extents)
			break;
		for (i = 0; i < fm->fm_mapped_extents; i++) {
			const struct fiemap_extent *e = &fm->fm_extents[i];

			if (e->fe_flags & FIEMAP_EXTENT_UNWRITTEN)
				*unwritten = 1;
			if (e->fe_flags & FIEMAP_EXTENT_LAST)
				last = 1;
			start = e->fe_logical + e->fe_length;
		}
	}
	free(fm);
	return err;
}

/* What the loop device's bytes hold, as libblkid sees them */
static void probe_contents(int fd, const struct loopboot_image *img,
			   struct image_facts *facts)
{
	blkid_probe pr = blkid_new_probe();
	const char *v;

	if (!pr)
		return;
	if (!blkid_probe_set_device(pr, fd, img->offset, facts->size)) {
		blkid_probe_enable_superblocks(pr, 1);
		blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE |
						  BLKID_SUBLKS_UUID | BLKID_SUBLKS_LABEL);
		blkid_probe_enable_partitions(pr, 1);
		if (!blkid_do_safeprobe(pr)) {
			if (!blkid_probe_lookup_value(pr, "TYPE", &v, NULL))
				snprintf(facts->fstype, sizeof(facts->fstype), "%s", v);
			if (!blkid_probe_lookup_value(pr, "UUID", &v, NULL))
				snprintf(facts->uuid, sizeof(facts->uuid), "%s", v);
			if (!blkid_probe_lookup_value(pr, "LABEL", &v, NULL))
				snprintf(facts->label, sizeof(facts->label), "%s", v);
			if (!blkid_probe_lookup_value(pr, "PTTYPE", &v, NULL))
				snprintf(facts->pttype, sizeof(facts->pttype), "%s", v);
		}
	}
	blkid_free_probe(pr);
}

int image_probe_type(int fd, char *type, size_t size)
{
	blkid_probe pr = blkid_new_probe();
	const char *v;
	int err = -ENOENT;

	if (!pr)
		return -ENOMEM;
	if (!blkid_probe_set_device(pr, fd, 0, 0)) {
		blkid_probe_enable_superblocks(pr, 1);
		blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE);
		if (!blkid_do_safeprobe(pr) &&
		    !blkid_probe_lookup_value(pr, "TYPE", &v, NULL)) {
			snprintf(type, size, "%s", v);
			err = 0;
		}
	}
	blkid_free_probe(pr);
	return err;
}

/* loopboot_check_owner(): whoever can write the image can become root */
static void check_owner(const struct loopboot_image *img, const struct stat *st)
{
	mode_t mode = st->st_mode;

	if ((mode & 0002) || ((mode & 0020) && st->st_gid != 0) ||
	    ((mode & 0200) && st->st_uid != 0))
		report(FOUND_WARNING,
		       "image %s can be written by users other than root (mode %04o, owner %u:%u), who could then make themselves root: give the host loopboot.flags=uid=0,gid=0,umask=077 (FAT, exFAT, NTFS) or chmod 600 the file",
		       img->path, mode & 07777, st->st_uid, st->st_gid);
}

/* The sizes: not empty, offset= below the end, whole 512-byte sectors */
static int check_size(const struct loopboot_image *img, const struct stat *st,
		      struct image_facts *facts)
{
	long long size = st->st_size;

	if (!size) {
		report(FOUND_ERROR, "image %s: the file is empty", img->path);
		return -EINVAL;
	}
	if ((unsigned long long)img->offset >= (unsigned long long)size) {
		report(FOUND_ERROR, "image %s: offset=%llu is not below its size, %lld",
		       img->path, (unsigned long long)img->offset, size);
		return -EINVAL;
	}
	facts->size = size - img->offset;
	if (img->sizelimit && img->sizelimit < (unsigned long long)facts->size)
		facts->size = img->sizelimit;
	else if (img->sizelimit)
		report(FOUND_NOTE, "image %s: sizelimit=%llu is beyond its end: the loop device has the %lld bytes after offset=",
		       img->path, (unsigned long long)img->sizelimit, facts->size);
	if (facts->size % 512)
		report(FOUND_NOTE, "image %s: its last %lld bytes are not a whole sector: the loop device leaves them out",
		       img->path, facts->size % 512);
	return 0;
}

/*
 * Allocated: no hole for a write to find the host full, no unwritten
 * extent.  Returns -ENOSPC for a read-write image with holes.
 */
static int check_allocation(int fd, const struct loopboot_image *img,
			    const struct stat *st, bool ntfs)
{
	long long allocated = (long long)st->st_blocks * 512;
	int unwritten, err, sparse, ro = img->set & LOOPBOOT_RO;
	int discard = img->set & LOOPBOOT_DISCARD;
	/* st_blocks counts the host's metadata too, which can hide a hole */
	off_t hole = lseek(fd, 0, SEEK_HOLE);
	char what[96];

	if (allocated < st->st_size)
		snprintf(what, sizeof(what), "%lld of its %lld bytes are allocated on the host",
			 allocated, (long long)st->st_size);
	else if (hole >= 0 && hole < st->st_size)
		snprintf(what, sizeof(what), "it has a hole at byte %lld", (long long)hole);
	sparse = allocated < st->st_size || (hole >= 0 && hole < st->st_size);
	if (sparse && ro)
		report(FOUND_NOTE, "image %s is sparse: %s, which is harmless while it is \"ro\"",
		       img->path, what);
	else if (sparse && discard)
		report(FOUND_WARNING, "image %s is sparse: %s, as \"discard\" lets it be: keep free space on the host for it, or a write can find the host full and fail",
		       img->path, what);
	else if (sparse)
		report(FOUND_ERROR,
		       "image %s is sparse: %s, so a write can find the host full and fail (fill it: cp --sparse=never, or make it with loopboot create)",
		       img->path, what);
	err = image_unwritten(fd, &unwritten);
	if (err == -EOPNOTSUPP || err == -ENOTTY)
		err = 0;	/* FAT and exFAT have no unwritten extents */
	if (err)
		report(FOUND_UNCHECKED, "image %s: cannot read its extents (%s)",
		       img->path, strerror(-err));
	else if (unwritten && ntfs)
		/* ntfs3 reports what lies past the valid data length so */
		report(FOUND_WARNING,
		       "image %s has a valid data length below its size (preallocated on NTFS, as fsutil file createnew leaves it): the first write past it makes the kernel write zeroes over all that lies before it, which can stall the system for minutes with a large image; write the whole file once (dd, or loopboot create)",
		       img->path);
	else if (unwritten)
		report(FOUND_WARNING,
		       "image %s has unwritten (preallocated) extents: each first write to one also writes the host's metadata (make images with loopboot create)",
		       img->path);
	return sparse && !ro && !discard ? -ENOSPC : 0;
}

/* The filesystem in the image is one the kernel has built in */
static int check_contents(const struct loopboot_image *img,
			  const struct kconfig *kc, const struct image_facts *f)
{
	const char *config;
	char t;

	if (img->set & LOOPBOOT_SWAP) {
		if (strcmp(f->fstype, "swap")) {
			report(FOUND_ERROR, "image %s: not a swap file (no swap signature; mkswap makes one)",
			       img->path);
			return -EINVAL;
		}
		return 0;
	}
	if (!f->fstype[0] && !f->pttype[0]) {
		report(FOUND_ERROR, "image %s: holds no filesystem libblkid knows", img->path);
		return -EINVAL;
	}
	if (f->pttype[0] && !(img->set & LOOPBOOT_PARTSCAN))
		report(FOUND_WARNING, "image %s holds a %s partition table: give it partscan and name the root partition with root=/dev/loopNpM",
		       img->path, f->pttype);
	if (!kc || !f->fstype[0])
		return 0;
	config = hostfs_config(f->fstype);
	if (config) {
		t = kconfig_tristate(kc, config);
		if (t == 'y')
			return 0;
		report(FOUND_ERROR, "image %s holds %s, which this kernel %s (CONFIG_%s=%c; it must be y)",
		       img->path, f->fstype, t == 'm' ? "has only as a module" : "does not have",
		       config, t);
		return -ENODEV;
	}
	report(FOUND_UNCHECKED, "image %s holds %s: whether the kernel has it is not known to loopboot check",
	       img->path, f->fstype);
	return 0;
}

/* The number after @key at the start of a line of @out; 0 if none */
static unsigned long long field(const char *out, const char *key)
{
	size_t len = strlen(key);
	const char *p = out;

	while (strncmp(p, key, len)) {
		p = strchr(p, '\n');
		if (!p)
			return 0;
		p++;
	}
	return strtoull(p + len, NULL, 10);
}

/*
 * An ext2, ext3 or ext4 filesystem must fit in the loop device: one cut
 * off (a copy stopped at FAT32's limit, or interrupted) is refused by the
 * kernel ("block count exceeds size of device").  Its size is e2fsprogs'
 * reading (dumpe2fs -h), of the file as this process has it open; its exit
 * status is not looked at (but for a missing dumpe2fs), as it prints the
 * header and then fails on a journal cut off with the rest.  Returns 1 if
 * it fits, -EFBIG if not (said), 0 if it was not looked at.
 */
static int check_fs_size(int fd, const struct loopboot_image *img,
			 const struct image_facts *f, bool fat_limit)
{
	char dev[64], out[DUMPE2FS_OUT];
	char *argv[] = { "dumpe2fs", "-h", dev, NULL };
	unsigned long long count, block;
	int st;

	/* dumpe2fs reads a whole file: not the part offset= and sizelimit= give */
	if (strncmp(f->fstype, "ext", 3) || f->pttype[0] || img->offset ||
	    img->sizelimit)
		return 0;
	snprintf(dev, sizeof(dev), "/proc/%d/fd/%d", (int)getpid(), fd);
	out[0] = '\0';
	st = run_capture(argv, out, sizeof(out));
	count = field(out, "Block count:");
	block = field(out, "Block size:");
	if (st == -ENOENT) {
		report(FOUND_UNCHECKED, "image %s: whether its %s filesystem is whole needs dumpe2fs (e2fsprogs)",
		       img->path, f->fstype);
		return 0;
	}
	if (!count || !block) {
		report(FOUND_UNCHECKED, "image %s: dumpe2fs -h cannot read its %s filesystem",
		       img->path, f->fstype);
		return 0;
	}
	if (count * block <= (unsigned long long)f->size)
		return 1;
	if (fat_limit)
		report(FOUND_ERROR, "image %s: " LOOPBOOT_MSG_FAT_CUT, img->path);
	else
		report(FOUND_ERROR, "image %s: its %s filesystem is %llu bytes, but the loop device has %lld: the file is cut off; copy it again",
		       img->path, f->fstype, count * block, f->size);
	return -EFBIG;
}

int image_check(const struct hostfs *h, const char *host_name,
		bool host_rw, const struct loopboot_image *img,
		const struct kconfig *kc, struct image_facts *facts)
{
	struct stat st;
	int fd, err, fs_whole;
	bool fat_limit;

	memset(facts, 0, sizeof(*facts));
	fd = image_open(h->root_fd, img->path);
	if (fd < 0) {
		err = -errno;
		if (err == -EXDEV)
			report(FOUND_ERROR, "image %s: its path leads outside host %s",
			       img->path, host_name);
		else if (err == -ENOENT || err == -ENOTDIR)
			report(FOUND_ERROR, "image %s: not found on host %s", img->path,
			       host_name);
		else
			report(FOUND_ERROR, "image %s: cannot open it on host %s (%s)",
			       img->path, host_name, strerror(-err));
		return err;
	}
	if (fstat(fd, &st)) {
		err = -errno;
		close(fd);
		report(FOUND_UNCHECKED, "image %s: %s", img->path, strerror(-err));
		return err;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		report(FOUND_ERROR, "image %s: not a regular file", img->path);
		return -EINVAL;
	}
	fat_limit = (!strcmp(h->fstype, "vfat") || !strcmp(h->fstype, "msdos")) &&
		    (unsigned long long)st.st_size == LOOPBOOT_FAT_FILE_MAX;
	err = check_size(img, &st, facts);
	if (!err) {
		err = check_allocation(fd, img, &st, !strncmp(h->fstype, "ntfs", 4));
		/* As the kernel: a host mounted read-only keeps every image */
		if (host_rw)
			check_owner(img, &st);
		probe_contents(fd, img, facts);
		err = check_contents(img, kc, facts) ?: err;
		fs_whole = check_fs_size(fd, img, facts, fat_limit);
		err = err ?: (fs_whole < 0 ? fs_whole : 0);
		/* What the kernel says as it attaches it, unless found whole */
		if (fat_limit && !fs_whole)
			report(FOUND_WARNING, "image %s: " LOOPBOOT_MSG_FAT_CUT, img->path);
	}
	close(fd);
	if (!err)
		report(FOUND_OK, "image %s: %lld bytes on host %s, %s%s%s", img->path,
		       facts->size, host_name, facts->fstype[0] ? facts->fstype : "",
		       facts->pttype[0] ? " partition table " : "", facts->pttype);
	return err;
}
