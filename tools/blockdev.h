/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Block devices as the kernel names them, and HOST looked up the way the
 * kernel's early_lookup_bdev() looks up root= and loopboot='s HOST.
 */
#ifndef LOOPBOOT_BLOCKDEV_H
#define LOOPBOOT_BLOCKDEV_H

#include <stddef.h>
#include <sys/types.h>

#define BLOCKDEV_MAX	512	/* devices looked at */

struct blockdev {
	char name[64];		/* the kernel's: "vda1", "nvme0n1p2" */
	char node[80];		/* "/dev/" and the name */
	char disk[64];		/* the whole disk's name; itself for a disk */
	dev_t devt;
	int partno;		/* 0: a whole disk */
	unsigned long long sectors;	/* of 512 bytes */
	char pttype[16];	/* the disk's partition table: "dos", "gpt" */
	char partuuid[40];	/* as the kernel makes it: GPT's, or MBR's SSSSSSSS-PP */
	char partlabel[80];	/* the kernel's PARTNAME (GPT) */
	char fstype[32];	/* libblkid's TYPE: "vfat", "ntfs", "BitLocker" */
	char fsuuid[64];
	char fslabel[80];
	int probe_err;		/* -errno: it could not be read */
	int ambiguous;		/* libblkid found several signatures */
	int read_only;		/* its sysfs "ro" */
};

struct blockdevs {
	struct blockdev dev[BLOCKDEV_MAX];
	unsigned int nr;
	int truncated;		/* there were more than BLOCKDEV_MAX */
};

/*
 * Every block device of non-zero size, from sysfs (@sysfs, normally
 * "/sys"), with partition tables and filesystems probed by libblkid
 * through @devdir (normally "/dev").  Returns 0 or a negative errno.
 */
int blockdevs_scan(struct blockdevs *bds, const char *sysfs, const char *devdir);

/*
 * The devices that HOST @name names, as early_lookup_bdev() would find
 * them: up to @max indices into @bds in @found.  Returns how many matched
 * (a PARTUUID= prefix can match several), or -EINVAL for a name the kernel
 * refuses.  @devt: the device number named even if no device has it.
 */
int blockdev_lookup(const struct blockdevs *bds, const char *name,
		    unsigned int *found, unsigned int max);

/* The device with @devt, or NULL */
const struct blockdev *blockdev_by_devt(const struct blockdevs *bds, dev_t devt);

#endif
