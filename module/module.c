// SPDX-License-Identifier: GPL-2.0
/*
 * loopboot as a module: "modprobe loopboot spec=HOST:IMAGE[,OPT]..." does
 * in a running system what loopboot= does at boot.  It mounts HOST at
 * hostdir= (default /host) in the caller's mount namespace and attaches
 * the images; rmmod detaches them and unmounts HOST again, and is refused
 * as "in use" while any of the loop devices is open.  A running system has
 * probed its devices and has /dev, with udev's links in /dev/disk/.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "internal.h"

/* What a loaded module tries when fstype= is not given; they autoload */
#define LOOPBOOT_MODULE_FSTYPES	"vfat,exfat,ntfs3,ext4"

static char *spec_str;
module_param_named(spec, spec_str, charp, 0444);
MODULE_PARM_DESC(spec, "HOST:IMAGE[,OPT]..., as loopboot= on the kernel command line");
MODULE_IMPORT_NS(LOOPBOOT);

static struct loopboot_spec spec __initdata;

/* What loopboot set up, until rmmod */
static struct loopboot *loopboot;

int __init loopboot_check_mode(struct loopboot *lb,
			       const struct loopboot_spec *spec)
{
	const char *hostdir = lb->params->hostdir;
	const struct loopboot_image *img;

	if (spec->host[0] != '/')
		return loopboot_fail(lb, -EINVAL,
				     "host %s: a loaded module takes a device path, such as /dev/disk/by-partuuid/UUID",
				     spec->host);
	if (hostdir && !strcmp(hostdir, "none"))
		return loopboot_fail(lb, -EINVAL,
				     "hostdir=none: a loaded module mounts the host where its caller sees it, so it needs a directory");
	/* Swap images are swap files on the host, which a running system swaps on */
	for (img = spec->image; img < spec->image + spec->nr_images; img++) {
		if (img->set & LOOPBOOT_SWAP)
			return loopboot_fail(lb, -EINVAL,
					     "image %s: \"swap\" is for loopboot= at boot; a running system runs swapon on the file",
					     img->path);
	}
	return 0;
}

int __init loopboot_lookup_host(const char *name, dev_t *devt)
{
	int err = lookup_bdev(name, devt);

	return err == -ENOENT ? -ENODEV : err;
}

/* A running system has probed its devices: look once */
int __init loopboot_find_host(const char *name, dev_t *devt)
{
	return loopboot_lookup_host(name, devt);
}

void __init loopboot_host_appeared(void)
{
}

int __init loopboot_host_missing(struct loopboot *lb, const char *name,
				 unsigned int waited_ms, bool bounded)
{
	return loopboot_fail(lb, -ENODEV, "host %s: not found after %u ms%s",
			     name, waited_ms,
			     bounded ? "" : " (add timeout= to wait)");
}

/* The host is mounted at hostdir, in the caller's mount namespace */
int __init loopboot_prepare_mount(struct loopboot *lb, const char *name,
				  dev_t devt, const char **dev_name)
{
	const char *dir = lb->params->hostdir ?: LOOPBOOT_DEFAULT_HOSTDIR;
	struct path path;
	int err;

	err = kern_path(dir, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &path);
	if (err)
		return loopboot_fail(lb, err, "hostdir=%s: not a directory to mount the host on",
				     dir);
	path_put(&path);
	lb->mount_dir = dir;
	strscpy(lb->host_at, dir, sizeof(lb->host_at));
	*dev_name = name;
	return 0;
}

/* Not every filesystem is loaded: the ones a host has, which autoload */
int __init loopboot_default_fstypes(char *types, size_t size, const char **what)
{
	*what = LOOPBOOT_MODULE_FSTYPES;
	strscpy(types, LOOPBOOT_MODULE_FSTYPES, size);
	return loopboot_split_types(types);
}

void __init loopboot_mount_failed(char *page)
{
}

/* modprobe and rmmod run their task work on their way back */
void loopboot_release_now(void)
{
}

static int __init loopboot_init(void)
{
	struct loopboot *lb;
	int err;

	if (!spec_str) {
		pr_err("spec= is missing: modprobe loopboot spec=HOST:IMAGE[,OPT]...\n");
		return -EINVAL;
	}
	lb = kzalloc(sizeof(*lb), GFP_KERNEL);
	if (!lb)
		return -ENOMEM;
	err = loopboot_parse(spec_str, &spec, lb->msg, sizeof(lb->msg));
	if (err) {
		pr_err("%s (%pe)\n", lb->msg, ERR_PTR(err));
		goto err_free;
	}
	/* A module sets up no root */
	lb->root = LOOPBOOT_NO_ROOT;
	err = loopboot_set_up(lb, &spec, 0);
	if (err)
		goto err_free;
	loopboot = lb;
	return 0;

err_free:
	kfree(lb);
	return err;
}
module_init(loopboot_init);

/*
 * rmmod comes here only when no loop device of ours is open: an open one
 * holds this module (see loop_attach_file()), and rmmod says "in use".
 */
static void __exit loopboot_exit(void)
{
	loopboot_tear_down(loopboot);
	kfree(loopboot);
}
module_exit(loopboot_exit);
