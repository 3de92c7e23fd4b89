// SPDX-License-Identifier: GPL-2.0
/*
 * loopboot built in: loopboot= on the kernel command line, and the hooks
 * through which prepare_namespace() (init/do_mounts.c) calls loopboot
 * before it mounts root, once root is mounted, and when it cannot be.
 * Before the root mount rootfs is empty, so the host is mounted on a
 * directory of its own in rootfs, from a device node made there.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/async.h>
#include <linux/blkdev.h>
#include <linux/delay.h>
#include <linux/device/driver.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/init_syscalls.h>
#include <linux/loopboot.h>
#include <linux/mount.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/task_work.h>
#include <uapi/linux/mount.h>

#include "compat.h"
#include "internal.h"

#define LOOPBOOT_HOST_MNT	"/loopboot-host"	/* the host in rootfs */

static struct loopboot_spec spec __initdata;
static bool spec_given __initdata;
static int spec_err __initdata;
static char msg[LOOPBOOT_MSG_MAX] __initdata;	/* the failure, for panic() */
static char root_name_given[64] __initdata;	/* root=, for the messages */

/* What loopboot set up; it stays for the reboot notifier and status file */
static struct loopboot *loopboot;

static int __init loopboot_setup(char *str)
{
	spec_given = true;
	spec_err = loopboot_parse(str, &spec, msg, sizeof(msg));
	if (spec_err)
		pr_err("%s (%pe)\n", msg, ERR_PTR(spec_err));
	return 1;
}
__setup("loopboot=", loopboot_setup);

int __init loopboot_check_mode(struct loopboot *lb,
			       const struct loopboot_spec *spec)
{
	return 0;
}

int __init loopboot_lookup_host(const char *name, dev_t *devt)
{
	return loopboot_lookup_devt(name, devt);
}

/*
 * Called before the kernel waits for every device to finish probing: take
 * the host as soon as it is there, and wait, as root= does, for them all
 * only if it is not.  Probes of devices that loopboot does not need (a PS/2
 * mouse takes half a second) go on while the system boots, as they do when
 * an initramfs mounts root.
 */
int __init loopboot_find_host(const char *name, dev_t *devt)
{
	int err;

	while ((err = loopboot_lookup_host(name, devt)) == -ENODEV &&
	       !driver_probe_done())
		msleep(LOOPBOOT_POLL_MS);
	if (err != -ENODEV)
		return err;
	wait_for_device_probe();
	return loopboot_lookup_host(name, devt);
}

/* As the rootwait loop does: let what its probe started finish */
void __init loopboot_host_appeared(void)
{
	async_synchronize_full();
}

int __init loopboot_host_missing(struct loopboot *lb, const char *name,
				 unsigned int waited_ms, bool bounded)
{
	loopboot_fail(lb, -ENODEV, "host %s: not found after %u ms%s", name,
		      waited_ms,
		      bounded ? "" : " (add rootwait or loopboot.timeout= to wait)");
	pr_err("the partitions the kernel sees are:\n");
	printk_all_partitions();
	return -ENODEV;
}

/* Make HOST's node in rootfs's /dev, and a directory to mount it on */
int __init loopboot_prepare_mount(struct loopboot *lb, const char *name,
				  dev_t devt, const char **dev_name)
{
	int err;

	err = init_mknod(lb->host_dev, S_IFBLK | 0600, new_encode_dev(devt));
	if (err && err != -EEXIST)
		return loopboot_fail(lb, err, "host %s: cannot create %s", name,
				     lb->host_dev);
	err = init_mkdir(LOOPBOOT_HOST_MNT, 0700);
	if (err)
		return loopboot_fail(lb, err, "cannot create %s in rootfs",
				     LOOPBOOT_HOST_MNT);
	lb->mount_dir = LOOPBOOT_HOST_MNT;
	*dev_name = lb->host_dev;
	return 0;
}

/* Every block filesystem built in, as for the root mount */
int __init loopboot_default_fstypes(char *types, size_t size, const char **what)
{
	*what = "any block filesystem this kernel has";
	return list_bdev_fs_names(types, size);
}

void __init loopboot_mount_failed(char *page)
{
	int count = list_bdev_fs_names(page, PAGE_SIZE);
	char *p;

	for (p = page; count > 1; count--) {
		p += strlen(p);
		*p++ = ' ';
	}
	pr_err("the block filesystems this kernel has are: %s\n", page);
}

/* kernel_init is no kernel thread: its task work waits for user space */
void __init loopboot_release_now(void)
{
	task_work_run();
}

static bool __init loopboot_names_loop(const char *root_name)
{
	return !root_name[0] || !strncmp(root_name, "/dev/loop", 9) ||
		!strncmp(root_name, "loop", 4);
}

/* Set up what loopboot= asks for; on failure, @msg says what failed */
static int __init loopboot_set_up_boot(const char *root_name, int root_wait)
{
	struct loopboot *lb;
	int err;

	if (spec_err)
		return spec_err;
	if (spec.root == LOOPBOOT_NO_ROOT && !root_name[0]) {
		strscpy(msg, "loopboot=: every image is swap, so root= must name the root device",
			sizeof(msg));
		pr_err("%s (%pe)\n", msg, ERR_PTR(-EINVAL));
		return -EINVAL;
	}
	lb = kzalloc(sizeof(*lb), GFP_KERNEL);
	if (!lb) {
		strscpy(msg, "no memory to set up", sizeof(msg));
		pr_err("%s (%pe)\n", msg, ERR_PTR(-ENOMEM));
		return -ENOMEM;
	}
	lb->root = spec.root;
	err = loopboot_set_up(lb, &spec, root_wait);
	if (err) {
		strscpy(msg, lb->msg, sizeof(msg));
		kfree(lb);
		return err;
	}
	loopboot = lb;
	return 0;
}

/**
 * loopboot_prepare_root - set up the images named by loopboot=
 * @root_name: the value of root=, "" if none was given
 * @root_wait: rootwait's bound in ms, -1 for ever, 0 if not given
 *
 * Called by prepare_namespace() before it resolves root=.
 *
 * Return: the name of the root image's loop device when root is to be
 * mounted from loopboot's loop devices (root= is not given, or names a
 * loop device).  NULL when loopboot= was not given, when root= names a
 * device of its own (which may still be probing: the kernel then waits for
 * every device, as it does without loopboot), or when loopboot failed and
 * root= can boot without it.  On any other failure, panic: there is
 * nothing else to boot.
 */
const char *__init loopboot_prepare_root(const char *root_name, int root_wait)
{
	static char root_dev[16] __initdata;
	bool ours = loopboot_names_loop(root_name);
	int err;

	if (!spec_given)
		return NULL;
	strscpy(root_name_given, root_name, sizeof(root_name_given));

	err = loopboot_set_up_boot(root_name, root_wait);
	if (!err) {
		if (!ours || spec.root == LOOPBOOT_NO_ROOT)
			return NULL;
		snprintf(root_dev, sizeof(root_dev), "/dev/loop%u",
			 spec.image[spec.root].loop);
		/* ... which the kernel takes for root= when it is not given */
		if (!root_name[0])
			strscpy(root_name_given, root_dev,
				sizeof(root_name_given));
		return root_dev;
	}

	if (!ours) {
		pr_warn("booting from root=%s instead\n", root_name);
		return NULL;
	}
	panic("loopboot: %s (%pe)\n", msg, ERR_PTR(err));
}

/**
 * loopboot_root_mounted - swap on the swap images, show the host in root
 *
 * Called by prepare_namespace() after the root mount, which is at /root and
 * the current directory.  Moving the host there, rather than binding it,
 * keeps one mount of it, which is what /proc/mounts then shows; and once
 * it is there, loopboot lets go of it, as of any filesystem user space can
 * unmount.
 */
void __init loopboot_root_mounted(void)
{
	struct loopboot *lb = loopboot;
	char target[LOOPBOOT_HOSTDIR_MAX + 6];
	const char *dir;
	int err;

	if (!lb)
		return;
	dir = lb->params->hostdir ?: LOOPBOOT_DEFAULT_HOSTDIR;
	loopboot_swapon_all(lb, &spec);
	mntput(lb->host_mnt);
	lb->host_mnt = NULL;
	if (!strcmp(dir, "none"))
		return;

	snprintf(target, sizeof(target), "/root%s", dir);
	err = init_mount(LOOPBOOT_HOST_MNT, target, NULL, MS_MOVE, NULL);
	if (!err) {
		strscpy(lb->host_at, dir, sizeof(lb->host_at));
		pr_info("host %s is at %s\n", lb->host_dev, dir);
	} else if (lb->params->hostdir) {
		pr_warn("host %s stays hidden: cannot move it to %s (%pe)\n",
			lb->host_dev, dir, ERR_PTR(err));
	} else {
		pr_info("host %s stays hidden: root has no %s\n", lb->host_dev,
			dir);
	}
}

/* Whether the root image is as long as a file on its FAT host can be */
static bool __init loopboot_root_at_fat_limit(const struct loopboot *lb)
{
	unsigned int i;

	for (i = 0; i < lb->nr_images; i++)
		if (lb->image[i].root)
			return lb->image[i].at_fat_limit;
	return false;
}

/* Say, in loopboot's terms, what root the kernel could not mount */
static void __init loopboot_say_root_failed(struct loopboot *lb,
					    dev_t root_dev)
{
	const struct loopboot_image *img = &spec.image[spec.root];
	char name[BDEVNAME_SIZE + 5], root_loop[BDEVNAME_SIZE + 5] = "";
	bool read_only;

	if (spec.root != LOOPBOOT_NO_ROOT)
		snprintf(root_loop, sizeof(root_loop), "/dev/loop%u", img->loop);
	if (!root_dev)
		pr_err("root=%s: no such device (a partition of an image needs \"partscan\", and a table the kernel can read); the devices are listed above\n",
		       root_name_given);
	else if (loopboot_bdev_info(root_dev, name, sizeof(name), &read_only) ||
		 strncmp(name, "/dev/loop", 9))
		pr_err("root=%s (device %u:%u) is not on loopboot's images; leaving host %s clean\n",
		       root_name_given, MAJOR(root_dev), MINOR(root_dev),
		       lb->host_dev);
	else if (!strcmp(name, root_loop))
		pr_err("root image %s on loop%u (device %u:%u): no filesystem type of this kernel can mount it; %s\n",
		       img->path, img->loop, MAJOR(root_dev), MINOR(root_dev),
		       loopboot_root_at_fat_limit(lb) ? LOOPBOOT_MSG_FAT_CUT :
		       "is the file complete and undamaged?");
	else
		pr_err("root=%s (%s, device %u:%u): no filesystem type of this kernel can mount it\n",
		       root_name_given, name, MAJOR(root_dev), MINOR(root_dev));
}

/**
 * loopboot_root_failed - name the image the kernel could not mount root from
 * @root_dev: the root device
 *
 * Called just before the kernel panics for want of a root.  Its messages name
 * only the device; say what failed in loopboot's terms, and leave the host
 * clean.
 */
void __init loopboot_root_failed(dev_t root_dev)
{
	struct loopboot *lb = loopboot;

	if (!lb)
		return;
	loopboot_say_root_failed(lb, root_dev);
	/* The failed mounts' last references to the loop device go first */
	flush_delayed_fput();
	task_work_run();
	loopboot_tear_down(lb);
	loopboot = NULL;
	kfree(lb);
}

/**
 * loopboot_initramfs_runs - say that loopboot= is not used, and why
 * @init: the initramfs's program, /init or rdinit=
 *
 * Called instead of prepare_namespace() when the initramfs has a program
 * to run: it mounts root itself, and loopboot= would go unused in silence.
 */
void __init loopboot_initramfs_runs(const char *init)
{
	if (spec_given)
		pr_warn("loopboot= is not used: the initramfs runs %s, which mounts root itself (%s)\n",
			init, LOOPBOOT_INITRAMFS_ADVICE);
}
