// SPDX-License-Identifier: GPL-2.0
/*
 * loopboot: /sys/kernel/loopboot/status, what loopboot set up, for users
 * and tests:
 *   host DEVICE FSTYPE ro|rw|unmounted WHERE
 *   image PATH loopN ro|rw offset=N sizelimit=N dio=on|off [partscan]
 *         [discard] [root]
 * for each image on a loop device, and "image PATH swap" for each swap
 * image in use.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/kobject.h>
#include <linux/loop.h>
#include <linux/sysfs.h>

#include "internal.h"

/* The one loopboot the file shows; set before the file exists */
static struct loopboot *loopboot_shown;

static void loopboot_host_mode(struct loopboot *lb, struct super_block *sb,
			       void *mode)
{
	*(const char **)mode = sb_rdonly(sb) ? "ro" : "rw";
}

static int loopboot_show_image(const struct loopboot_attached *a, char *buf,
			       int len)
{
	const struct loopboot_image *img = &a->img;

	if (img->set & LOOPBOOT_SWAP)
		return sysfs_emit_at(buf, len, "image %s swap\n", img->path);
	return sysfs_emit_at(buf, len,
			     "image %s loop%u %s offset=%llu sizelimit=%llu dio=%s%s%s%s\n",
			     img->path, img->loop,
			     a->lo_flags & LO_FLAGS_READ_ONLY ? "ro" : "rw",
			     img->offset, img->sizelimit,
			     a->lo_flags & LO_FLAGS_DIRECT_IO ? "on" : "off",
			     a->lo_flags & LO_FLAGS_PARTSCAN ? " partscan" : "",
			     img->set & LOOPBOOT_DISCARD ? " discard" : "",
			     a->root ? " root" : "");
}

static ssize_t status_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	struct loopboot *lb = loopboot_shown;
	const struct loopboot_attached *a;
	const char *mode = "unmounted";
	int len;

	loopboot_with_host(lb, loopboot_host_mode, &mode);
	len = sysfs_emit(buf, "host %s %s %s %s\n", lb->host_dev, lb->host_type,
			 mode, lb->host_at);
	/* Pairs with the release that publishes a swap image (swap.c) */
	for (a = lb->image; a < lb->image + smp_load_acquire(&lb->nr_images); a++)
		len += loopboot_show_image(a, buf, len);
	return len;
}

static struct kobj_attribute status_attr = __ATTR_RO(status);

/* The file is for users and tests: without it loopboot works on */
void __init loopboot_status_init(struct loopboot *lb)
{
	loopboot_shown = lb;
	lb->status_kobj = kobject_create_and_add("loopboot", kernel_kobj);
	if (!lb->status_kobj || sysfs_create_file(lb->status_kobj, &status_attr.attr))
		pr_warn("cannot create /sys/kernel/loopboot/status\n");
}

/*
 * Returns once no one reads the file any more: removing it waits for the
 * readers; the kobject itself may go later (CONFIG_DEBUG_KOBJECT_RELEASE)
 */
void __loopboot_undo loopboot_status_exit(struct loopboot *lb)
{
	if (lb->status_kobj) {
		sysfs_remove_file(lb->status_kobj, &status_attr.attr);
		kobject_del(lb->status_kobj);
		kobject_put(lb->status_kobj);
		lb->status_kobj = NULL;
	}
	loopboot_shown = NULL;
}
