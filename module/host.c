// SPDX-License-Identifier: GPL-2.0
/*
 * loopboot: the host, the filesystem that holds the images.  Find its
 * device (waiting for it as rootwait or loopboot.timeout= asks), mount it
 * as the first filesystem type that takes it, unmount it, and find it
 * again later without holding it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <uapi/linux/mount.h>

#include "compat.h"
#include "internal.h"

#define LOOPBOOT_NAG_SEC	5	/* how often to say we still wait */

static_assert(LOOPBOOT_FLAGS_MAX < PAGE_SIZE);	/* flags= fits a data page */

/*
 * Look for HOST until it is there or @bound_ms (@forever: no bound) have
 * passed since @start, when loopboot began to look
 */
static int __init loopboot_poll_host(const char *name, unsigned long start,
				     unsigned int bound_ms, bool forever,
				     dev_t *devt)
{
	unsigned long nag = jiffies + LOOPBOOT_NAG_SEC * HZ;
	int err;

	if (forever)
		pr_info("waiting for host %s (rootwait, no bound)\n", name);
	else
		pr_info("waiting up to %u ms for host %s\n", bound_ms, name);
	do {
		if (!forever &&
		    time_after_eq(jiffies, start + msecs_to_jiffies(bound_ms)))
			return -ENODEV;
		if (time_after_eq(jiffies, nag)) {
			pr_info("still waiting for host %s\n", name);
			nag += LOOPBOOT_NAG_SEC * HZ;
		}
		msleep(LOOPBOOT_POLL_MS);
		err = loopboot_lookup_host(name, devt);
	} while (err == -ENODEV);
	if (!err) {
		pr_info("host %s appeared after %u ms\n", name,
			jiffies_to_msecs(jiffies - start));
		loopboot_host_appeared();
	}
	return err;
}

/**
 * loopboot_wait_host - find HOST, waiting for it as long as the user asked
 * @lb: loopboot being set up
 * @name: HOST, as loopboot= gave it
 * @root_wait: rootwait's bound in ms, -1 for ever, 0 if not given
 * @devt: where its device number goes
 *
 * If HOST is not there once every known device has finished probing, wait
 * loopboot.timeout= if given, else rootwait's bound, else not at all.
 *
 * Return: 0 or a negative errno, said.
 */
int __init loopboot_wait_host(struct loopboot *lb, const char *name,
			      int root_wait, dev_t *devt)
{
	int timeout = lb->params->timeout;
	bool forever = timeout < 0 && root_wait < 0;
	unsigned long start = jiffies;
	unsigned int bound_ms;
	int err;

	bound_ms = timeout >= 0 ? timeout * MSEC_PER_SEC : max(root_wait, 0);
	err = loopboot_find_host(name, devt);
	if (err == -ENODEV && (forever || bound_ms))
		err = loopboot_poll_host(name, start, bound_ms, forever, devt);
	if (err == -ENODEV)
		return loopboot_host_missing(lb, name,
					     jiffies_to_msecs(jiffies - start),
					     bound_ms);
	if (err)
		return loopboot_fail(lb, err, "host %s: not a device name the kernel accepts",
				     name);
	return 0;
}

/* Name HOST as the kernel does, and see that it can be mounted as asked */
static int __init loopboot_check_host_dev(struct loopboot *lb,
					  const struct loopboot_spec *spec,
					  dev_t devt)
{
	bool read_only;
	int err;

	err = loopboot_bdev_info(devt, lb->host_dev, sizeof(lb->host_dev),
				 &read_only);
	if (err)
		return loopboot_fail(lb, err, "host %s: cannot open device %u:%u",
				     spec->host, MAJOR(devt), MINOR(devt));

	/* Say so here, rather than let every filesystem type fail -EACCES */
	if (read_only && !spec->all_ro)
		return loopboot_fail(lb, -EROFS,
				     "host %s: the device is read-only, so every image needs \"ro\"",
				     lb->host_dev);
	return 0;
}

/* Hold the host's mount, just made at @lb->mount_dir, and say what it is */
static int __init loopboot_hold_host(struct loopboot *lb)
{
	struct super_block *sb;
	struct path root;
	int err;

	err = kern_path(lb->mount_dir, LOOKUP_FOLLOW, &root);
	/* Unmounted again already (a module's caller can race us) */
	if (!err && root.dentry != root.mnt->mnt_root) {
		path_put(&root);
		err = -ENOENT;
	}
	if (err)
		return loopboot_fail(lb, err, "host %s: mounted, but unmounted again at once",
				     lb->host_dev);
	lb->host_mnt = mntget(root.mnt);
	sb = root.mnt->mnt_sb;
	strscpy(lb->host_type, sb->s_type->name, sizeof(lb->host_type));
	/* Not the device's number for a filesystem on several (btrfs) */
	lb->host_devt = sb->s_dev;
	path_put(&root);
	return 0;
}

/* Mount @dev_name at @lb->mount_dir as each of @count @types in turn */
static int __init loopboot_mount_types(struct loopboot *lb, const char *dev_name,
				       unsigned long mflags, const char *types,
				       int count, char *data)
{
	const char *flags = lb->params->flags;
	struct path dir;
	int err;

	err = kern_path(lb->mount_dir, LOOKUP_FOLLOW, &dir);
	if (err)
		return err;
	for (err = -ENODEV; count--; types += strlen(types) + 1) {
		if (flags)
			strscpy(data, flags, PAGE_SIZE);
		err = path_mount(dev_name, &dir, types, mflags,
				 flags ? data : NULL);
		if (!err) {
			pr_info("host %s mounted as %s%s\n", lb->host_dev, types,
				mflags & MS_RDONLY ? ", read-only" : "");
			break;
		}
		/* As for the root mount: these mean "not this type" */
		if (err != -EINVAL && err != -EACCES && err != -ENODEV)
			break;
	}
	path_put(&dir);
	return err;
}

/* Split a comma-separated list of types in place; how many there are */
int __init loopboot_split_types(char *types)
{
	int count = 1;
	char *p;

	for (p = types; (p = strchr(p, ',')); count++)
		*p++ = '\0';
	return count;
}

/**
 * loopboot_mount_host - mount HOST where the mode wants it
 * @lb: loopboot being set up
 * @spec: what loopboot= asked for
 * @devt: HOST's device
 *
 * Read-only if every image is, with the mount data of loopboot.flags=.
 *
 * Return: 0 with the host's mount held in @lb->host_mnt, or a negative
 * errno, said.
 */
int __init loopboot_mount_host(struct loopboot *lb,
			       const struct loopboot_spec *spec, dev_t devt)
{
	unsigned long mflags = MS_NOSUID | MS_NODEV | MS_SILENT;
	const char *dev_name, *what;
	char *types, *data;
	int count, err;

	err = loopboot_check_host_dev(lb, spec, devt);
	if (!err)
		err = loopboot_prepare_mount(lb, spec->host, devt, &dev_name);
	if (err)
		return err;
	types = kmalloc(PAGE_SIZE, GFP_KERNEL);
	data = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!types || !data) {
		err = loopboot_fail(lb, -ENOMEM, "host %s: no memory to mount it",
				    lb->host_dev);
		goto out;
	}
	if (spec->all_ro)
		mflags |= MS_RDONLY;
	what = lb->params->fstype;
	if (what) {
		strscpy(types, what, PAGE_SIZE);
		count = loopboot_split_types(types);
	} else {
		count = loopboot_default_fstypes(types, PAGE_SIZE, &what);
	}
	err = loopboot_check_windows(lb, dev_name, devt, !spec->all_ro, types,
				     count, data);
	if (err)
		goto out;
	err = loopboot_mount_types(lb, dev_name, mflags, types, count, data);
	if (err) {
		loopboot_fail(lb, err, "host %s: cannot mount it as %s",
			      lb->host_dev, what);
		/* ntfs3 refuses a dirty volume read-write with -EINVAL */
		if (err == -EINVAL && !spec->all_ro)
			pr_err("host %s: if the lines above say it is dirty or hibernated, let its own system check it, or make every image \"ro\"\n",
			       lb->host_dev);
		loopboot_mount_failed(types);
		goto out;
	}
	err = loopboot_hold_host(lb);
out:
	kfree(data);
	kfree(types);
	return err;
}

/* The host's root, where the image paths start, while set-up holds it */
void __loopboot_undo loopboot_host_root(struct loopboot *lb, struct path *root)
{
	root->mnt = mntget(lb->host_mnt);
	root->dentry = dget(lb->host_mnt->mnt_root);
}

/**
 * loopboot_umount_host - unmount the host, and let go of its mount
 * @lb: loopboot, holding the host's mount
 *
 * Where it was mounted (@lb->mount_dir) and where it may be now, as for
 * umount(2) of its mount.  A host still busy stays mounted, and is said.
 */
void __loopboot_undo loopboot_umount_host(struct loopboot *lb)
{
	struct path root;
	int err;

	loopboot_host_root(lb, &root);
	mntput(lb->host_mnt);
	lb->host_mnt = NULL;
	/* Our references to the mount go with it */
	err = path_umount(&root, 0);
	if (err == -EBUSY)
		pr_warn("host %s is in use: it stays mounted at %s (%pe)\n",
			lb->host_dev, lb->mount_dir, ERR_PTR(err));
	else if (err)
		pr_warn("cannot unmount host %s from %s (%pe)\n", lb->host_dev,
			lb->mount_dir, ERR_PTR(err));
	else
		pr_info("host %s unmounted from %s\n", lb->host_dev,
			lb->mount_dir);
	/*
	 * The last mntput() shuts the superblock down in task work, which
	 * kernel_init would run only on its way to user space: after a
	 * panic, never, leaving the host marked dirty.
	 */
	loopboot_release_now();
}

struct loopboot_host_call {
	struct loopboot *lb;
	void (*fn)(struct loopboot *lb, struct super_block *sb, void *arg);
	void *arg;
	bool found;
};

static void loopboot_host_match(struct super_block *sb, void *data)
{
	struct loopboot_host_call *call = data;
	bool host;

	/* s_dev is set for good before the superblock is listed */
	if (sb->s_dev != call->lb->host_devt)
		return;
	down_read(&sb->s_umount);
	host = !!sb->s_root;
	up_read(&sb->s_umount);
	if (host && !call->found) {
		call->found = true;
		call->fn(call->lb, sb, call->arg);
	}
}

/**
 * loopboot_with_host - call @fn with the host's superblock, if mounted
 * @lb: loopboot, set up
 * @fn: called once, with @arg, if the host is mounted
 * @arg: for @fn
 *
 * loopboot keeps no reference to the host once the system runs, so that
 * user space can unmount it once nothing of loopboot's holds it open (root
 * is elsewhere and swap is off), as it would any other filesystem.
 *
 * Return: whether the host is mounted.
 */
bool loopboot_with_host(struct loopboot *lb,
			void (*fn)(struct loopboot *, struct super_block *, void *),
			void *arg)
{
	struct loopboot_host_call call = { .lb = lb, .fn = fn, .arg = arg };

	iterate_supers_unlocked(loopboot_host_match, &call);
	return call.found;
}
