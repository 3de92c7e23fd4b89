/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The block device and file interfaces of Linux 6.12 that loopboot uses,
 * under the names its code calls them by; each supported tree has its own
 * version of this header.
 */
#ifndef _LOOPBOOT_COMPAT_H
#define _LOOPBOOT_COMPAT_H

#include <linux/blk-mq.h>
#include <linux/blkdev.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/unaligned.h>

/* The device that @name (a root= string) names, if it is there yet */
static inline int loopboot_lookup_devt(const char *name, dev_t *devt)
{
	return early_lookup_bdev(name, devt);
}

/* The kernel's name of block device @devt, and whether it is read-only */
static inline int loopboot_bdev_info(dev_t devt, char *name, size_t size,
				     bool *read_only)
{
	struct file *bdev_file;

	bdev_file = bdev_file_open_by_dev(devt, BLK_OPEN_READ, NULL, NULL);
	if (IS_ERR(bdev_file))
		return PTR_ERR(bdev_file);
	snprintf(name, size, "/dev/%pg", file_bdev(bdev_file));
	*read_only = bdev_read_only(file_bdev(bdev_file));
	__fput_sync(bdev_file);
	return 0;
}

/* The first @len bytes of block device @devt, through its page cache */
static inline int loopboot_read_head(dev_t devt, void *buf, size_t len)
{
	struct file *bdev_file;
	loff_t pos = 0;
	ssize_t n;

	bdev_file = bdev_file_open_by_dev(devt, BLK_OPEN_READ, NULL, NULL);
	if (IS_ERR(bdev_file))
		return PTR_ERR(bdev_file);
	n = kernel_read(bdev_file, buf, len, &pos);
	__fput_sync(bdev_file);
	if (n < 0)
		return n;
	return n == len ? 0 : -EIO;
}

/*
 * What a system whose initramfs mounts root can do about it: load
 * loopboot from the initramfs, as a module.
 */
#define LOOPBOOT_INITRAMFS_ADVICE "with CONFIG_LOOPBOOT=m it can load loopboot with spec="

/*
 * Let go of @file now: an fput() would wait for the return to user space
 * and keep the filesystem it is on busy until then.
 */
static inline void loopboot_fput_now(struct file *file)
{
	__fput_sync(file);
}

/*
 * Loop device @devt takes no discard and writes zeroes as data: both
 * would otherwise become holes punched in its backing file.  The discard
 * limit is the administrator's (sysfs discard_max_bytes), which loop's own
 * reconfiguration keeps; write zeroes has no such limit, so loop's is set,
 * and it stays until user space reconfigures the device.  The queue is
 * frozen so that no request is built against half of the change.
 */
static inline int loopboot_keep_allocated(dev_t devt)
{
	struct request_queue *q;
	struct queue_limits lim;
	struct file *bdev_file;
	int err;

	bdev_file = bdev_file_open_by_dev(devt, BLK_OPEN_READ, NULL, NULL);
	if (IS_ERR(bdev_file))
		return PTR_ERR(bdev_file);
	q = bdev_get_queue(file_bdev(bdev_file));
	blk_mq_freeze_queue(q);
	lim = queue_limits_start_update(q);
	lim.max_user_discard_sectors = 0;
	lim.max_write_zeroes_sectors = 0;
	err = queue_limits_commit_update(q, &lim);
	blk_mq_unfreeze_queue(q);
	__fput_sync(bdev_file);
	return err;
}

/* loop_detach() has released the backing file when it returns */
static inline void loopboot_detach_done(void)
{
}

#endif /* _LOOPBOOT_COMPAT_H */
