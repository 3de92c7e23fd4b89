/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The block device and file interfaces of Linux 6.1 that loopboot uses,
 * under the names its code calls them by; each supported tree has its own
 * version of this header.
 */
#ifndef _LOOPBOOT_COMPAT_H
#define _LOOPBOOT_COMPAT_H

#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/kernel.h>
#include <linux/pagemap.h>
#include <linux/string.h>
#include <linux/task_work.h>
#include <asm/unaligned.h>

/*
 * The device that @name (a root= string) names, if it is there yet.
 * name_to_dev_t() returns 0 both for a device that is not there and for a
 * PARTUUID= it cannot parse; tell the second apart as later kernels do, so
 * that loopboot does not wait for a device no name can find.
 */
static inline int loopboot_lookup_devt(const char *name, dev_t *devt)
{
	const char *uuid, *slash;
	int offset;
	char c;

	if (str_has_prefix(name, "PARTUUID=")) {
		uuid = name + strlen("PARTUUID=");
		slash = strchr(uuid, '/');
		if (!*uuid || slash == uuid ||
		    (slash && sscanf(slash + 1, "PARTNROFF=%d%c", &offset, &c) != 1))
			return -EINVAL;
	}
	*devt = name_to_dev_t(name);
	return *devt ? 0 : -ENODEV;
}

/* The kernel's name of block device @devt, and whether it is read-only */
static inline int loopboot_bdev_info(dev_t devt, char *name, size_t size,
				     bool *read_only)
{
	struct block_device *bdev;

	bdev = blkdev_get_by_dev(devt, FMODE_READ, NULL);
	if (IS_ERR(bdev))
		return PTR_ERR(bdev);
	snprintf(name, size, "/dev/%pg", bdev);
	*read_only = bdev_read_only(bdev);
	blkdev_put(bdev, FMODE_READ);
	return 0;
}

/* The first @len bytes (at most a page) of block device @devt */
static inline int loopboot_read_head(dev_t devt, void *buf, size_t len)
{
	struct block_device *bdev;
	struct page *page;

	bdev = blkdev_get_by_dev(devt, FMODE_READ, NULL);
	if (IS_ERR(bdev))
		return PTR_ERR(bdev);
	page = read_mapping_page(bdev->bd_inode->i_mapping, 0, NULL);
	if (!IS_ERR(page)) {
		memcpy_from_page(buf, page, 0, len);
		put_page(page);
	}
	blkdev_put(bdev, FMODE_READ);
	return PTR_ERR_OR_ZERO(page);
}

/*
 * What a system whose initramfs mounts root can do about it: this tree
 * builds loopboot in only, so it has to boot without that initramfs.
 */
#define LOOPBOOT_INITRAMFS_ADVICE "boot without it to use loopboot="

/*
 * Let go of @file now.  kernel_init is not a kernel thread, so fput()
 * hands the release to its task work, which would run only on its way to
 * user space: run it here.  (A module cannot, which is why this tree's
 * Kconfig builds loopboot in only.)
 */
static inline void loopboot_fput_now(struct file *file)
{
	fput(file);
	task_work_run();
}

/*
 * Loop device @devt takes no discard and writes zeroes as data: both
 * would otherwise become holes punched in its backing file.  These are
 * the limits loop set at LOOP_CONFIGURE; they stay until user space
 * reconfigures the device (LOOP_SET_STATUS).  The queue is frozen so that
 * no request is built against half of the change.
 */
static inline int loopboot_keep_allocated(dev_t devt)
{
	struct block_device *bdev;
	struct request_queue *q;

	bdev = blkdev_get_by_dev(devt, FMODE_READ, NULL);
	if (IS_ERR(bdev))
		return PTR_ERR(bdev);
	q = bdev_get_queue(bdev);
	blk_mq_freeze_queue(q);
	blk_queue_max_discard_sectors(q, 0);
	blk_queue_max_write_zeroes_sectors(q, 0);
	blk_mq_unfreeze_queue(q);
	blkdev_put(bdev, FMODE_READ);
	return 0;
}

/* loop_detach() put the backing files with fput(): release them now */
static inline void loopboot_detach_done(void)
{
	task_work_run();
}

#endif /* _LOOPBOOT_COMPAT_H */
