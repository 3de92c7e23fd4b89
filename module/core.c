// SPDX-License-Identifier: GPL-2.0
/*
 * loopboot: boot from a root filesystem kept in an image file on another
 * filesystem (FAT, exFAT, NTFS, ext4), without an initramfs.
 *
 * loopboot=HOST:IMAGE[,OPT]... names the host partition and the image files
 * on it.  Built in (boot.c), loopboot waits for HOST before the root mount,
 * mounts it, attaches each IMAGE to a loop device and lets the kernel mount
 * root from one of them; once root is mounted it moves HOST into it, so
 * that the booted system sees (and /proc/mounts tells) where its root
 * lives.  Built as a module (module.c), "modprobe loopboot spec=..." does
 * the same set-up in a running system and rmmod undoes it.
 *
 * This file holds what both modes share: the loopboot.* parameters, the
 * set-up in its order and the one teardown, in the reverse order.
 * Documentation/admin-guide/loopboot.rst has the grammar and examples.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/string.h>

#include "internal.h"

static struct loopboot_params params = { .timeout = -1 };

module_param_named(fstype, params.fstype, charp, 0444);
MODULE_PARM_DESC(fstype, "Host filesystem types, comma separated (default: all)");
module_param_named(flags, params.flags, charp, 0444);
MODULE_PARM_DESC(flags, "Host mount data, as rootflags=");
module_param_named(hostdir, params.hostdir, charp, 0444);
MODULE_PARM_DESC(hostdir, "Where the host shows in the booted system, or none");
module_param_named(timeout, params.timeout, int, 0444);
MODULE_PARM_DESC(timeout, "Seconds to wait for the host device (default: rootwait's)");

/* Say what failed, once, and keep it for the panic message */
int __init loopboot_fail(struct loopboot *lb, int err, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(lb->msg, sizeof(lb->msg), fmt, args);
	va_end(args);
	pr_err("%s (%pe)\n", lb->msg, ERR_PTR(err));
	return err;
}

/**
 * loopboot_set_up - wait for the host, mount it and attach the images
 * @lb: zeroed, but for @lb->root
 * @spec: what loopboot= (or spec=) asked for
 * @root_wait: rootwait's bound in ms, -1 for ever, 0 if not given
 *
 * On success the reboot and PM notifiers and the status file are
 * registered, and loopboot_tear_down() undoes it all.  On failure nothing
 * is left set up, and @lb->msg says what failed.
 *
 * Return: 0 or a negative errno.
 */
int __init loopboot_set_up(struct loopboot *lb,
			   const struct loopboot_spec *spec, int root_wait)
{
	dev_t devt;
	int err;

	lb->params = &params;
	strscpy(lb->host_at, "hidden", sizeof(lb->host_at));
	err = loopboot_check_params(&params, lb->msg, sizeof(lb->msg));
	if (err) {
		pr_err("%s (%pe)\n", lb->msg, ERR_PTR(err));
		return err;
	}
	err = loopboot_check_mode(lb, spec);
	if (err)
		return err;
	err = loopboot_wait_host(lb, spec->host, root_wait, &devt);
	if (err)
		return err;
	err = loopboot_mount_host(lb, spec, devt);
	if (err)
		return err;
	err = loopboot_attach_all(lb, spec);
	if (err)
		goto err_detach;
	loopboot_shutdown_register(lb);
	loopboot_status_init(lb);
	return 0;

err_detach:
	loopboot_detach_all(lb);
	loopboot_umount_host(lb);
	return err;
}

/**
 * loopboot_tear_down - undo what loopboot_set_up() did
 * @lb: as set up
 *
 * Detaches the images and unmounts the host if it is still held (built in,
 * it is only before root is mounted).  An image still open is detached at
 * its last close, and a host still busy stays mounted; both are said.
 */
void __loopboot_undo loopboot_tear_down(struct loopboot *lb)
{
	loopboot_status_exit(lb);
	loopboot_shutdown_unregister(lb);
	loopboot_detach_all(lb);
	if (lb->host_mnt)
		loopboot_umount_host(lb);
}

MODULE_DESCRIPTION("Boot from a root filesystem kept in an image file");
MODULE_LICENSE("GPL");
