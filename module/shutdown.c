// SPDX-License-Identifier: GPL-2.0
/*
 * loopboot: leave the host clean at reboot, halt and power-off, when user
 * space cannot (the loop device behind / keeps the images open for
 * writing), and keep hibernation from writing a snapshot that a resume
 * would go on from over a host changed meanwhile.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/buffer_head.h>
#include <linux/fs.h>
#include <linux/loop.h>
#include <linux/major.h>
#include <linux/reboot.h>
#include <linux/string.h>
#include <linux/suspend.h>
#include <uapi/linux/msdos_fs.h>

#include "compat.h"
#include "internal.h"

/* Whether @bdev is one of the loop devices we attached, or a partition of it */
static bool loopboot_ours(const struct loopboot *lb,
			  struct block_device *bdev)
{
	const struct loopboot_attached *a;
	unsigned int loop;

	if (bdev->bd_disk->major != LOOP_MAJOR ||
	    sscanf(bdev->bd_disk->disk_name, "loop%u", &loop) != 1)
		return false;
	/* Pairs with the release that publishes a swap image (swap.c) */
	for (a = lb->image; a < lb->image + smp_load_acquire(&lb->nr_images); a++) {
		if (!(a->img.set & LOOPBOOT_SWAP) && a->img.loop == loop)
			return true;
	}
	return false;
}

/* What loopboot_reboot() passes to the calls for each superblock */
struct loopboot_reboot_call {
	const struct loopboot *lb;
	unsigned int failed;		/* image filesystems left read-write */
};

/* Force @sb read-only if it is on one of our loop devices; count failures */
static void loopboot_force_image_fs(struct super_block *sb, void *data)
{
	struct loopboot_reboot_call *call = data;
	bool ours;
	int err;

	/*
	 * s_dev is set for good before the superblock is listed: pass by the
	 * devices that are no loop device's without taking their lock, which
	 * a hung filesystem may hold.  Partitions of a loop device can have
	 * the extended major, as NVMe's do: there, do not wait for the lock.
	 */
	if (MAJOR(sb->s_dev) == LOOP_MAJOR)
		down_read(&sb->s_umount);
	else if (MAJOR(sb->s_dev) != BLOCK_EXT_MAJOR ||
		 !down_read_trylock(&sb->s_umount))
		return;
	/* A live superblock (s_root) keeps its s_bdev while s_umount is held */
	ours = sb->s_root && sb->s_bdev && loopboot_ours(call->lb, sb->s_bdev);
	up_read(&sb->s_umount);
	if (!ours)
		return;
	err = super_force_readonly(sb);
	if (err && err != -ENODEV) {	/* -ENODEV: unmounted meanwhile */
		pr_err("%s on %s: cannot make it read-only (%pe)\n",
		       sb->s_type->name, sb->s_id, ERR_PTR(err));
		call->failed++;
	}
}

/*
 * Set the times of the images written since loop last did (at their first
 * write, then every few seconds), now that their filesystems are read-only
 * and before the host is: their writes left them alone (image.c).  A
 * frozen host is not waited for (-EBUSY).  An image that user space
 * detached is no longer ours (-ENXIO), nor one that went (-ENODEV).
 */
static void loopboot_touch_images(const struct loopboot *lb)
{
	const struct loopboot_attached *a;
	int err;

	/* Pairs with the release that publishes a swap image (swap.c) */
	for (a = lb->image; a < lb->image + smp_load_acquire(&lb->nr_images); a++) {
		if (a->img.set & (LOOPBOOT_SWAP | LOOPBOOT_RO))
			continue;
		err = loop_touch_file(a->img.loop);
		if (err == -EBUSY)
			pr_warn("image %s: cannot set its modification time, the host is frozen (%pe)\n",
				a->img.path, ERR_PTR(err));
		else if (err && err != -ENXIO && err != -ENODEV)
			pr_warn("image %s: cannot set its modification time (%pe)\n",
				a->img.path, ERR_PTR(err));
	}
}

/* FAT, exFAT and ext4 keep a mark of their own on disk; see below */
#define LOOPBOOT_EXFAT_FLAGS	106	/* VolumeFlags in the boot sector */
#define LOOPBOOT_EXFAT_DIRTY	0x0002
#define LOOPBOOT_EXT4_SB	1024	/* where the superblock starts */
#define LOOPBOOT_EXT4_STATE	0x3a	/* s_state */
#define LOOPBOOT_EXT4_VALID	0x0001	/* cleanly unmounted */
#define LOOPBOOT_EXT4_ERROR	0x0002	/* errors detected */
#define LOOPBOOT_EXT4_INCOMPAT	0x60	/* s_feature_incompat */
#define LOOPBOOT_EXT4_RECOVER	0x0004	/* a journal to replay */

/*
 * Whether the read-only host's own mark on disk says clean.  A FAT or
 * exFAT volume that was dirty when mounted keeps its dirty bit (the kernel
 * clears only what it set), an ext4 one its error state; only the
 * filesystem's own check should clear them.  ntfs3 mounts no dirty volume
 * read-write, and clears the flag it set; other types are taken at their
 * word.
 */
static bool loopboot_host_marked_clean(struct super_block *sb)
{
	const char *type = sb->s_type->name;
	struct fat_boot_sector *fat;
	struct buffer_head *bh;
	bool clean = true;
	unsigned int at;
	u8 *p;

	if (!strcmp(type, "vfat") || !strcmp(type, "msdos") ||
	    !strcmp(type, "exfat"))
		at = 0;
	else if (!strncmp(type, "ext", 3))
		at = LOOPBOOT_EXT4_SB;
	else
		return true;
	if (!sb->s_bdev)
		return true;

	bh = sb_bread(sb, at >> sb->s_blocksize_bits);
	if (!bh)
		return false;
	p = bh->b_data + (at & (sb->s_blocksize - 1));
	fat = (struct fat_boot_sector *)p;
	if (!strcmp(type, "exfat"))
		clean = !(get_unaligned_le16(p + LOOPBOOT_EXFAT_FLAGS) &
			  LOOPBOOT_EXFAT_DIRTY);
	else if (at)
		clean = (get_unaligned_le16(p + LOOPBOOT_EXT4_STATE) &
			 (LOOPBOOT_EXT4_VALID | LOOPBOOT_EXT4_ERROR)) ==
			LOOPBOOT_EXT4_VALID &&
			!(get_unaligned_le32(p + LOOPBOOT_EXT4_INCOMPAT) &
			  LOOPBOOT_EXT4_RECOVER);
	else if (!fat->fat_length)	/* FAT32 */
		clean = !(fat->fat32.state & FAT_STATE_DIRTY);
	else
		clean = !(fat->fat16.state & FAT_STATE_DIRTY);
	brelse(bh);
	return clean;
}

/* Force the host read-only, flush its disk, and say how it is left */
static void loopboot_leave_host(struct loopboot *lb, struct super_block *sb,
				void *data)
{
	unsigned int failed = *(unsigned int *)data;
	bool clean;
	int err;

	err = super_force_readonly(sb);
	if (err) {
		pr_err("host %s: cannot make it read-only, it stays marked in use (%pe)\n",
		       lb->host_dev, ERR_PTR(err));
		return;
	}
	/* Its device stays ours to use while it is mounted */
	down_read(&sb->s_umount);
	if (!sb->s_root) {
		up_read(&sb->s_umount);
		pr_info("host %s was unmounted meanwhile\n", lb->host_dev);
		return;
	}
	/* FAT writes its clean mark with no cache flush after it */
	err = sb->s_bdev ? blkdev_issue_flush(sb->s_bdev) : 0;
	clean = !err && loopboot_host_marked_clean(sb);
	up_read(&sb->s_umount);

	if (err)
		pr_err("host %s is read-only, but its disk failed to flush its cache (%pe)\n",
		       lb->host_dev, ERR_PTR(err));
	else if (!clean)
		pr_warn("host %s is read-only, but still marked dirty: it was when mounted, or a write failed; let its own system check it\n",
			lb->host_dev);
	else if (failed)
		pr_warn("host %s is read-only and clean, but %u filesystem%s in its images stayed read-write (see above)\n",
			lb->host_dev, failed, failed == 1 ? "" : "s");
	else
		pr_info("host %s is read-only and clean\n", lb->host_dev);
}

/*
 * At reboot, halt and power-off, after user space has done its part: force
 * the filesystems on our loop devices read-only (root, and a /home that
 * reboot -f left mounted), then the host, and flush the host's disk.
 * User space cannot do it, as the loop device behind / keeps the images
 * open for writing; without it the host stays marked dirty (the FAT dirty
 * bit, NTFS's dirty flag, ext4's journal) and the other system that
 * shares the partition checks or refuses it.  Each remount writes out what
 * its filesystem holds; other filesystems (a hung NFS mount) are not ours
 * to sync.
 */
static int loopboot_reboot(struct notifier_block *nb, unsigned long action,
			   void *data)
{
	struct loopboot *lb = container_of(nb, struct loopboot, reboot_nb);
	struct loopboot_reboot_call call = { .lb = lb };

	/* The snapshot being written expects the disks as they are */
	if (READ_ONCE(lb->hibernating))
		return NOTIFY_DONE;

	iterate_supers_unlocked(loopboot_force_image_fs, &call);
	loopboot_touch_images(lb);
	if (!loopboot_with_host(lb, loopboot_leave_host, &call.failed))
		pr_info("host %s is not mounted: nothing to leave clean\n",
			lb->host_dev);
	return NOTIFY_DONE;
}

/*
 * Hibernation in its "shutdown" and "reboot" modes powers off through
 * kernel_power_off() or kernel_restart() once the snapshot is written, and
 * so through loopboot_reboot(), which would make the host clean under a
 * snapshot that, resumed, goes on writing to it as mounted.  And while the
 * system sleeps, another one booted on the same disk (the one the host
 * belongs to) would find the host clean and write to it.  So hibernation
 * is refused while the host is read-write; with a read-only host it goes
 * ahead, and loopboot_reboot() then leaves the disks alone.
 */
static void loopboot_host_rw(struct loopboot *lb, struct super_block *sb,
			     void *rw)
{
	*(bool *)rw = !sb_rdonly(sb);
}

static int loopboot_pm(struct notifier_block *nb, unsigned long action,
		       void *data)
{
	struct loopboot *lb = container_of(nb, struct loopboot, pm_nb);
	bool rw = false;

	switch (action) {
	case PM_HIBERNATION_PREPARE:
		loopboot_with_host(lb, loopboot_host_rw, &rw);
		if (rw) {
			pr_err("hibernation refused: host %s is read-write, and another system started on this disk before the resume could change it under the sleeping one; shut down or suspend to RAM instead\n",
			       lb->host_dev);
			return notifier_from_errno(-EBUSY);
		}
		/*
		 * Tasks are frozen only after the notifiers: a remount
		 * read-write in between is not refused, but then the reboot
		 * notifier still leaves the disks as the snapshot has them.
		 */
		WRITE_ONCE(lb->hibernating, true);
		break;
	case PM_POST_HIBERNATION:
		WRITE_ONCE(lb->hibernating, false);
		break;
	}
	return NOTIFY_DONE;
}

/* Called once set-up has succeeded */
void __init loopboot_shutdown_register(struct loopboot *lb)
{
	lb->reboot_nb.notifier_call = loopboot_reboot;
	lb->pm_nb.notifier_call = loopboot_pm;
	register_reboot_notifier(&lb->reboot_nb);
	register_pm_notifier(&lb->pm_nb);
}

/* Returns once no notifier call of @lb's runs any more */
void __loopboot_undo loopboot_shutdown_unregister(struct loopboot *lb)
{
	if (!lb->reboot_nb.notifier_call)
		return;
	unregister_pm_notifier(&lb->pm_nb);
	unregister_reboot_notifier(&lb->reboot_nb);
	lb->reboot_nb.notifier_call = NULL;
}

