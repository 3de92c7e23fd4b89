// SPDX-License-Identifier: GPL-2.0
/*
 * loopboot: boot from a root filesystem kept in an image file on another
 * filesystem (FAT, exFAT, NTFS, ext4), without an initramfs.
 *
 * loopboot=HOST:IMAGE[,OPT]... names the host partition and the image files
 * on it.  Called from prepare_namespace(), we wait for HOST, mount it,
 * attach each IMAGE to a loop device and let the kernel mount root from
 * one of them; once root is mounted we move HOST into it, so that the
 * booted system sees (and /proc/mounts tells) where its root lives.
 *
 * Built as a module, the same set-up runs in a running system: "modprobe
 * loopboot spec=HOST:IMAGE..." mounts HOST at hostdir= and attaches the
 * images; rmmod detaches them and unmounts HOST again, and is refused as
 * "in use" while any of the loop devices is open.
 *
 * Documentation/admin-guide/loopboot.rst has the grammar and examples.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/async.h>
#include <linux/blkdev.h>
#include <linux/buffer_head.h>
#include <linux/delay.h>
#include <linux/device/driver.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/init.h>
#include <linux/init_syscalls.h>
#include <linux/jiffies.h>
#include <linux/kobject.h>
#include <linux/loop.h>
#include <linux/loopboot.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/major.h>
#include <linux/namei.h>
#include <linux/reboot.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/suspend.h>
#include <linux/syscalls.h>
#include <linux/swap.h>
#include <linux/sysfs.h>
#include <linux/task_work.h>
#include <uapi/linux/mount.h>
#include <uapi/linux/msdos_fs.h>

#include "compat.h"
#include "loopboot.h"

#define LOOPBOOT_POLL_MS	10	/* how often to look for HOST */
#define LOOPBOOT_NAG_SEC	5	/* how often to say we still wait */
#define LOOPBOOT_HOSTDIR_MAX	127	/* characters in loopboot.hostdir= */
#define LOOPBOOT_HOST_MNT	"/loopboot-host"	/* HOST in rootfs */
#define LOOPBOOT_DEFAULT_HOSTDIR "/host"
/* What a loaded module tries when fstype= is not given; they autoload */
#define LOOPBOOT_MODULE_FSTYPES	"vfat,exfat,ntfs3,ext4"

static char *fstype;
module_param(fstype, charp, 0444);
MODULE_PARM_DESC(fstype, "Host filesystem types, comma separated (default: all)");

static char *flags;
module_param(flags, charp, 0444);
MODULE_PARM_DESC(flags, "Host mount data, as rootflags=");

static char *hostdir;
module_param(hostdir, charp, 0444);
MODULE_PARM_DESC(hostdir, "Where the host shows in the booted system, or none");

static int timeout = -1;
module_param(timeout, int, 0444);
MODULE_PARM_DESC(timeout, "Seconds to wait for the host device (default: rootwait's)");

#if IS_MODULE(CONFIG_LOOPBOOT)
static char *spec_str;
module_param_named(spec, spec_str, charp, 0444);
MODULE_PARM_DESC(spec, "HOST:IMAGE[,OPT]..., as loopboot= on the kernel command line");
MODULE_IMPORT_NS(LOOPBOOT);

/* A module needs what it set up until rmmod undoes it */
#define __setupdata
#else
/* Built in, what it set up is needed only until user space starts */
#define __setupdata __initdata
static bool spec_given __initdata;
static int spec_err __initdata;
#endif

static struct loopboot_spec spec __setupdata;
static bool host_mounted __setupdata;
static unsigned int nr_attached __setupdata;
static char msg[LOOPBOOT_MSG_MAX] __initdata;	/* the last failure */

/* What the reboot notifier and the status file need, so not __initdata */
static char host_dev[BDEVNAME_SIZE + 5];	/* "/dev/NAME" */
static dev_t host_devt;
static char host_type[32];			/* its filesystem type */
static struct vfsmount *host_mnt;		/* module mode: rmmod unmounts it */
static char host_at[LOOPBOOT_HOSTDIR_MAX + 1] = "hidden";
static struct kobject *status_kobj;

/* What the status file needs of an attached image */
struct loopboot_attached {
	const char *path;
	unsigned int loop;
	unsigned int lo_flags;
	u64 offset;
	u64 sizelimit;
	bool root;
	bool swap;			/* a swap file, on no loop device */
	unsigned long ino;		/* the file's, on the host */
};

static struct loopboot_attached attached[LOOPBOOT_MAX_IMAGES];
static unsigned int nr_status;		/* entries of attached[] in use */

/* Say what failed, once, and keep it for the panic message */
static __printf(2, 3) int __init loopboot_fail(int err, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	pr_err("%s (%pe)\n", msg, ERR_PTR(err));
	return err;
}

#if !IS_MODULE(CONFIG_LOOPBOOT)
static int __init loopboot_setup(char *str)
{
	spec_given = true;
	spec_err = loopboot_parse(str, &spec, msg, sizeof(msg));
	if (spec_err)
		pr_err("%s (%pe)\n", msg, ERR_PTR(spec_err));
	return 1;
}
__setup("loopboot=", loopboot_setup);
#endif

/* Swap images are swap files on the host, which a running system swaps on */
static int __init loopboot_check_swap(void)
{
	const struct loopboot_image *img;

	for (img = spec.image; img < spec.image + spec.nr_images; img++) {
		if (IS_MODULE(CONFIG_LOOPBOOT) && (img->set & LOOPBOOT_SWAP))
			return loopboot_fail(-EINVAL,
					     "image %s: \"swap\" is for loopboot= at boot; a running system runs swapon on the file",
					     img->path);
	}
	return 0;
}

static int __init loopboot_check_params(void)
{
	const char *s;

	if (timeout > LOOPBOOT_TIMEOUT_MAX || timeout < -1)
		return loopboot_fail(-ERANGE,
				     "loopboot.timeout=%d: not between 0 and %d",
				     timeout, LOOPBOOT_TIMEOUT_MAX);
	if (fstype) {
		for (s = fstype; *s; s++) {
			if (*s == ',' && (s == fstype || !s[1] || s[1] == ','))
				break;
		}
		if (!*fstype || *s)
			return loopboot_fail(-EINVAL,
					     "loopboot.fstype=%s: empty filesystem type in the list",
					     fstype);
	}
	if (flags && strlen(flags) >= PAGE_SIZE)
		return loopboot_fail(-E2BIG,
				     "loopboot.flags=: longer than %lu characters",
				     PAGE_SIZE - 1);
	if (IS_MODULE(CONFIG_LOOPBOOT) && spec.host[0] != '/')
		return loopboot_fail(-EINVAL,
				     "host %s: a loaded module takes a device path, such as /dev/disk/by-partuuid/UUID",
				     spec.host);
	if (IS_MODULE(CONFIG_LOOPBOOT) && hostdir && !strcmp(hostdir, "none"))
		return loopboot_fail(-EINVAL,
				     "hostdir=none: a loaded module mounts the host where its caller sees it, so it needs a directory");
	if (hostdir && strcmp(hostdir, "none")) {
		if (hostdir[0] != '/' || strstr(hostdir, "/.."))
			return loopboot_fail(-EINVAL,
					     "loopboot.hostdir=%s: not an absolute path without \"..\", nor \"none\"",
					     hostdir);
		if (strlen(hostdir) > LOOPBOOT_HOSTDIR_MAX)
			return loopboot_fail(-ENAMETOOLONG,
					     "loopboot.hostdir=: longer than %d characters",
					     LOOPBOOT_HOSTDIR_MAX);
	}
	return loopboot_check_swap();
}

#if IS_MODULE(CONFIG_LOOPBOOT)
/* A running system has /dev, and udev makes the links in /dev/disk/ */
static int __init loopboot_lookup_host(dev_t *devt)
{
	int err = lookup_bdev(spec.host, devt);

	return err == -ENOENT ? -ENODEV : err;
}

/* A running system has probed its devices: look once */
static int __init loopboot_find_host(dev_t *devt)
{
	return loopboot_lookup_host(devt);
}
#else
static int __init loopboot_lookup_host(dev_t *devt)
{
	return loopboot_lookup_devt(spec.host, devt);
}

/*
 * Called before the kernel waits for every device to finish probing: take
 * the host as soon as it is there, and wait, as root= does, for them all
 * only if it is not.  Probes of devices that loopboot does not need (a PS/2
 * mouse takes half a second) go on while the system boots, as they do when
 * an initramfs mounts root.
 */
static int __init loopboot_find_host(dev_t *devt)
{
	int err;

	while ((err = loopboot_lookup_host(devt)) == -ENODEV &&
	       !driver_probe_done())
		msleep(LOOPBOOT_POLL_MS);
	if (err != -ENODEV)
		return err;
	wait_for_device_probe();
	return loopboot_lookup_host(devt);
}
#endif

/*
 * Find HOST, and if it is not there once every known device has finished
 * probing, wait for it as long as the user asked: loopboot.timeout= if
 * given, else rootwait's bound (@root_wait ms, or -1 for ever), else not at
 * all.
 */
static int __init loopboot_wait_host(int root_wait, dev_t *devt)
{
	unsigned long start = jiffies, nag = start + LOOPBOOT_NAG_SEC * HZ;
	bool forever = timeout < 0 && root_wait < 0;
	unsigned int bound_ms;
	int err;

	if (timeout >= 0)
		bound_ms = timeout * MSEC_PER_SEC;
	else
		bound_ms = max(root_wait, 0);

	err = loopboot_find_host(devt);
	if (err == -ENODEV && (forever || bound_ms)) {
		if (forever)
			pr_info("waiting for host %s (rootwait, no bound)\n",
				spec.host);
		else
			pr_info("waiting up to %u ms for host %s\n", bound_ms,
				spec.host);
	}
	while (err == -ENODEV) {
		if (!forever &&
		    time_after_eq(jiffies, start + msecs_to_jiffies(bound_ms)))
			break;
		if (time_after_eq(jiffies, nag)) {
			pr_info("still waiting for host %s\n", spec.host);
			nag += LOOPBOOT_NAG_SEC * HZ;
		}
		msleep(LOOPBOOT_POLL_MS);
		err = loopboot_lookup_host(devt);
		if (err)
			continue;
		pr_info("host %s appeared after %u ms\n", spec.host,
			jiffies_to_msecs(jiffies - start));
		/* As the rootwait loop does: let what its probe started finish */
		if (!IS_MODULE(CONFIG_LOOPBOOT))
			async_synchronize_full();
	}
	if (IS_MODULE(CONFIG_LOOPBOOT)) {
		if (err == -ENODEV)
			return loopboot_fail(err, "host %s: not found after %u ms%s",
					     spec.host, jiffies_to_msecs(jiffies - start),
					     bound_ms ? "" : " (add timeout= to wait)");
	} else if (err == -ENODEV) {
		loopboot_fail(err, "host %s: not found after %u ms%s",
			      spec.host, jiffies_to_msecs(jiffies - start),
			      bound_ms ? "" :
			      " (add rootwait or loopboot.timeout= to wait)");
		pr_err("the partitions the kernel sees are:\n");
		printk_all_partitions();
		return err;
	}
	if (err)
		return loopboot_fail(err, "host %s: not a device name the kernel accepts",
				     spec.host);
	return 0;
}

/* Name HOST as the kernel does, and see that it can be mounted as asked */
static int __init loopboot_check_host_dev(dev_t devt)
{
	bool read_only;
	int err;

	err = loopboot_bdev_info(devt, host_dev, sizeof(host_dev), &read_only);
	if (err)
		return loopboot_fail(err, "host %s: cannot open device %u:%u",
				     spec.host, MAJOR(devt), MINOR(devt));

	/* Say so here, rather than let every filesystem type fail -EACCES */
	if (read_only && !spec.all_ro)
		return loopboot_fail(-EROFS,
				     "host %s: the device is read-only, so every image needs \"ro\"",
				     host_dev);
	return 0;
}

#if IS_MODULE(CONFIG_LOOPBOOT)
static struct path host_target __initdata;	/* hostdir, to mount on */

/* The host is mounted at hostdir, in the caller's mount namespace */
static int __init loopboot_prepare_mount(dev_t devt)
{
	const char *dir = hostdir ?: LOOPBOOT_DEFAULT_HOSTDIR;
	int err;

	err = loopboot_check_host_dev(devt);
	if (err)
		return err;
	err = kern_path(dir, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &host_target);
	if (err)
		return loopboot_fail(err, "hostdir=%s: not a directory to mount the host on",
				     dir);
	strscpy(host_at, dir, sizeof(host_at));
	return 0;
}

static int __init loopboot_mount_one(const char *type, unsigned long mflags,
				     void *data)
{
	return path_mount(spec.host, &host_target, type, mflags, data);
}

/* The host's root, where the image paths start */
static int __init loopboot_host_root(struct path *root)
{
	return kern_path(host_at, LOOKUP_FOLLOW, root);
}

/* Unmount the host, given the path of its root; consumes that reference */
static int loopboot_umount_host(struct path *root)
{
	return path_umount(root, 0);
}
#else
/* Make HOST's node in rootfs's /dev, and a directory to mount it on */
static int __init loopboot_prepare_mount(dev_t devt)
{
	int err;

	err = loopboot_check_host_dev(devt);
	if (err)
		return err;
	err = init_mknod(host_dev, S_IFBLK | 0600, new_encode_dev(devt));
	if (err && err != -EEXIST)
		return loopboot_fail(err, "host %s: cannot create %s",
				     spec.host, host_dev);
	err = init_mkdir(LOOPBOOT_HOST_MNT, 0700);
	if (err)
		return loopboot_fail(err, "cannot create %s in rootfs",
				     LOOPBOOT_HOST_MNT);
	return 0;
}

static int __init loopboot_mount_one(const char *type, unsigned long mflags,
				     void *data)
{
	return init_mount(host_dev, LOOPBOOT_HOST_MNT, type, mflags, data);
}

static int __init loopboot_host_root(struct path *root)
{
	return kern_path(LOOPBOOT_HOST_MNT, LOOKUP_FOLLOW, root);
}

static int __init loopboot_umount_host(struct path *root)
{
	path_put(root);
	return init_umount(LOOPBOOT_HOST_MNT, 0);
}
#endif

/* Mount HOST as each type of @types (NUL-separated, @count of them) in turn */
static int __init loopboot_mount_types(char *types, int count, char *data)
{
	unsigned long mflags = MS_NOSUID | MS_NODEV | MS_SILENT;
	int err = -ENODEV;
	char *type;
	int i;

	if (spec.all_ro)
		mflags |= MS_RDONLY;

	for (i = 0, type = types; i < count; i++, type += strlen(type) + 1) {
		if (flags)
			strscpy(data, flags, PAGE_SIZE);
		err = loopboot_mount_one(type, mflags, flags ? data : NULL);
		if (!err) {
			pr_info("host %s mounted as %s%s\n", host_dev, type,
				mflags & MS_RDONLY ? ", read-only" : "");
			return 0;
		}
		/* As for the root mount: these mean "not this type" */
		if (err != -EINVAL && err != -EACCES && err != -ENODEV)
			break;
	}
	return err;
}

static int __init loopboot_mount_host(void)
{
	char *types, *data, *p;
	int count = 0, err;

	types = kmalloc(PAGE_SIZE, GFP_KERNEL);
	data = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (!types || !data) {
		err = loopboot_fail(-ENOMEM, "host %s: no memory to mount it",
				    host_dev);
		goto out;
	}

	if (fstype || IS_MODULE(CONFIG_LOOPBOOT)) {
		strscpy(types, fstype ?: LOOPBOOT_MODULE_FSTYPES, PAGE_SIZE);
		for (count = 1, p = types; *p; p++) {
			if (*p == ',') {
				*p = '\0';
				count++;
			}
		}
	} else {
		count = list_bdev_fs_names(types, PAGE_SIZE);
	}

	err = loopboot_mount_types(types, count, data);
	if (!err) {
		host_mounted = true;
		goto out;
	}

	if (IS_MODULE(CONFIG_LOOPBOOT))
		loopboot_fail(err, "host %s: cannot mount it as %s", host_dev,
			      fstype ?: LOOPBOOT_MODULE_FSTYPES);
	else
		loopboot_fail(err, "host %s: cannot mount it as %s", host_dev,
			      fstype ?: "any block filesystem this kernel has");
	/* ntfs3 refuses a dirty volume read-write with -EINVAL, and says so */
	if (err == -EINVAL && !spec.all_ro)
		pr_err("host %s: if the lines above say it is dirty or hibernated, let its own system check it, or make every image \"ro\"\n",
		       host_dev);
	if (IS_MODULE(CONFIG_LOOPBOOT))
		goto out;
	count = list_bdev_fs_names(types, PAGE_SIZE);
	for (p = types; count > 1; count--) {
		p += strlen(p);
		*p++ = ' ';
	}
	pr_err("the block filesystems this kernel has are: %s\n", types);
out:
	kfree(data);
	kfree(types);
	return err;
}

/* Open IMAGE below the host's root, never outside it */
static struct file *__init loopboot_open_image(const struct loopboot_image *img,
					       const struct path *host)
{
	unsigned int lookup = LOOKUP_FOLLOW | LOOKUP_BENEATH | LOOKUP_NO_XDEV;
	int oflags = O_LARGEFILE;
	struct file *file;
	struct path path;
	loff_t size;
	int err;

	err = vfs_path_lookup(host->dentry, host->mnt, img->path, lookup, &path);
	if (err == -EXDEV)
		return ERR_PTR(loopboot_fail(err,
					     "image %s: its path leads outside host %s",
					     img->path, host_dev));
	if (err)
		return ERR_PTR(loopboot_fail(err, "image %s: not found on host %s",
					     img->path, host_dev));

	if (!d_is_reg(path.dentry)) {
		path_put(&path);
		return ERR_PTR(loopboot_fail(d_is_dir(path.dentry) ? -EISDIR : -EINVAL,
					     "image %s: not a regular file",
					     img->path));
	}

	oflags |= img->set & LOOPBOOT_RO ? O_RDONLY : O_RDWR;
	file = dentry_open(&path, oflags, current_cred());
	path_put(&path);
	if (IS_ERR(file))
		return ERR_PTR(loopboot_fail(PTR_ERR(file),
					     "image %s: cannot open it %s",
					     img->path,
					     oflags & O_RDWR ? "read-write" : "read-only"));

	size = i_size_read(file_inode(file));
	if (!size) {
		loopboot_fput_now(file);
		return ERR_PTR(loopboot_fail(-EINVAL, "image %s: the file is empty",
					     img->path));
	}
	if (img->offset >= size) {
		loopboot_fput_now(file);
		return ERR_PTR(loopboot_fail(-EINVAL,
					     "image %s: offset=%llu is not below its size, %lld",
					     img->path, img->offset, size));
	}
	return file;
}

/* Keep what the status file needs of an image */
static void __init loopboot_status_add(const struct loopboot_image *img,
				       unsigned int lo_flags, unsigned long ino)
{
	struct loopboot_attached *a = &attached[nr_status];

	/* Without its path the status file leaves the image out */
	a->path = kstrdup(img->path, GFP_KERNEL);
	if (!a->path)
		return;
	a->loop = img->loop;
	a->ino = ino;
	a->lo_flags = lo_flags;
	a->offset = img->offset;
	a->sizelimit = img->sizelimit;
	a->root = !IS_MODULE(CONFIG_LOOPBOOT) && (unsigned int)(img - spec.image) == spec.root;
	nr_status++;
}

static void loopboot_status_free(void)
{
	while (nr_status)
		kfree(attached[--nr_status].path);
}

/* Whoever can write an image can become root in the system it boots */
static void __init loopboot_check_owner(const struct loopboot_image *img,
					const struct inode *inode)
{
	umode_t mode = inode->i_mode;

	if ((mode & 0002) ||
	    ((mode & 0020) && !gid_eq(inode->i_gid, GLOBAL_ROOT_GID)) ||
	    ((mode & 0200) && !uid_eq(inode->i_uid, GLOBAL_ROOT_UID)))
		pr_warn("image %s can be written by users other than root (mode %04o, owner %u:%u), who could then make themselves root: give the host loopboot.flags=uid=0,gid=0,umask=077 (FAT, exFAT, NTFS) or chmod 600 the file\n",
			img->path, mode & 07777,
			from_kuid(&init_user_ns, inode->i_uid),
			from_kgid(&init_user_ns, inode->i_gid));
}

/* Whether the image holds a swap area (mkswap's signature, as swapon reads) */
static bool __init loopboot_holds_swap(struct file *file, loff_t pos)
{
	static const char magic[] = "SWAPSPACE2";
	const size_t len = sizeof(magic) - 1;
	bool swap = false;
	char *page;

	page = kmalloc(PAGE_SIZE, GFP_KERNEL);
	if (page && kernel_read(file, page, PAGE_SIZE, &pos) == PAGE_SIZE)
		swap = !memcmp(page + PAGE_SIZE - len, magic, len);
	kfree(page);
	return swap;
}

static int __init loopboot_attach(const struct loopboot_image *img,
				  const struct path *host)
{
	struct loop_config config = { };
	unsigned int lo_flags, host_sector;
	struct inode *inode;
	unsigned long ino;
	struct file *file;
	int err;

	file = loopboot_open_image(img, host);
	if (IS_ERR(file))
		return PTR_ERR(file);
	/* See loopboot_swapon() */
	if (loopboot_holds_swap(file, img->offset))
		pr_warn("image %s holds swap: on loop%u it can hang when memory runs out; give it the option \"swap\" to swap on the file itself\n",
			img->path, img->loop);

	config.info.lo_offset = img->offset;
	config.info.lo_sizelimit = img->sizelimit;
	/*
	 * 512-byte sectors unless asked: with direct I/O, 6.12's loop would
	 * take the host's (4096 on a 4Kn disk), and an image with 1 KiB
	 * blocks or a partition table in 512-byte sectors would not mount.
	 */
	config.block_size = img->sector_size ?: SECTOR_SIZE;
	if (img->set & LOOPBOOT_RO)
		config.info.lo_flags |= LO_FLAGS_READ_ONLY;
	/* The loop driver grants direct I/O only where the host allows it */
	if (!(img->set & LOOPBOOT_NODIO))
		config.info.lo_flags |= LO_FLAGS_DIRECT_IO;
	if (img->set & LOOPBOOT_PARTSCAN)
		config.info.lo_flags |= LO_FLAGS_PARTSCAN;
	strscpy((char *)config.info.lo_file_name, img->path, LO_NAME_SIZE);

	inode = file_inode(file);
	ino = inode->i_ino;
	/* A host on several devices (btrfs) has no s_bdev */
	host_sector = inode->i_sb->s_bdev ?
		bdev_logical_block_size(inode->i_sb->s_bdev) : SECTOR_SIZE;
	/* ro or not, whoever writes the file changes what root runs */
	if (!sb_rdonly(inode->i_sb))
		loopboot_check_owner(img, inode);
	err = loop_attach_file(img->loop, file, &config, THIS_MODULE);
	/* The host must not stay busy with it when loopboot_undo() unmounts */
	loopboot_fput_now(file);
	if (err)
		return loopboot_fail(err, "image %s: cannot attach it to loop%u",
				     img->path, img->loop);

	lo_flags = config.info.lo_flags;
	loopboot_status_add(img, lo_flags, ino);
	pr_info("image %s is loop%u (%s%s%s)\n", img->path, img->loop,
		lo_flags & LO_FLAGS_READ_ONLY ? "ro" : "rw",
		lo_flags & LO_FLAGS_DIRECT_IO ? ",dio" : "",
		lo_flags & LO_FLAGS_PARTSCAN ? ",partscan" : "");
	if ((img->set & LOOPBOOT_DIO) && !(lo_flags & LO_FLAGS_DIRECT_IO))
		pr_warn("image %s: dio is not possible here (host block size or offset), loop%u uses the page cache\n",
			img->path, img->loop);
	else if (!(img->set & LOOPBOOT_NODIO) && !(lo_flags & LO_FLAGS_DIRECT_IO) &&
		 host_sector > config.block_size)
		pr_info("image %s: the host has %u-byte sectors and loop%u %u-byte ones, so it uses the page cache (sector-size=%u can give it direct I/O, if the filesystem in the image has blocks that large)\n",
			img->path, host_sector, img->loop, config.block_size,
			host_sector);
	return 0;
}

/* Whether @bdev is one of the loop devices we attached, or a partition of it */
static bool loopboot_ours(struct block_device *bdev)
{
	const struct loopboot_attached *a;
	unsigned int loop;

	if (bdev->bd_disk->major != LOOP_MAJOR ||
	    sscanf(bdev->bd_disk->disk_name, "loop%u", &loop) != 1)
		return false;
	for (a = attached; a < attached + nr_status; a++) {
		if (!a->swap && a->loop == loop)
			return true;
	}
	return false;
}

/* Force @sb read-only if it is on one of our loop devices; count failures */
static void loopboot_force_image_fs(struct super_block *sb, void *failed)
{
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
	ours = sb->s_root && sb->s_bdev && loopboot_ours(sb->s_bdev);
	up_read(&sb->s_umount);
	if (!ours)
		return;
	err = super_force_readonly(sb);
	if (err && err != -ENODEV) {	/* -ENODEV: unmounted meanwhile */
		pr_err("%s on %s: cannot make it read-only (%pe)\n",
		       sb->s_type->name, sb->s_id, ERR_PTR(err));
		++*(unsigned int *)failed;
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

struct loopboot_host_call {
	void (*fn)(struct super_block *sb, void *arg);
	void *arg;
	bool found;
};

static void loopboot_host_match(struct super_block *sb, void *data)
{
	struct loopboot_host_call *call = data;
	bool host;

	if (sb->s_dev != host_devt)	/* see loopboot_force_image_fs() */
		return;
	down_read(&sb->s_umount);
	host = !!sb->s_root;
	up_read(&sb->s_umount);
	if (host && !call->found) {
		call->found = true;
		call->fn(sb, call->arg);
	}
}

/*
 * Call @fn with the host's superblock, if the host is mounted; return
 * whether it is.  loopboot keeps no reference to the host, so that user
 * space can unmount it once nothing of loopboot's holds it open (root is
 * elsewhere and swap is off), as it would any other filesystem.
 */
static bool loopboot_with_host(void (*fn)(struct super_block *, void *),
			       void *arg)
{
	struct loopboot_host_call call = { .fn = fn, .arg = arg };

	iterate_supers_unlocked(loopboot_host_match, &call);
	return call.found;
}

/* Force the host read-only, flush its disk, and say how it is left */
static void loopboot_leave_host(struct super_block *sb, void *data)
{
	unsigned int failed = *(unsigned int *)data;
	bool clean;
	int err;

	err = super_force_readonly(sb);
	if (err) {
		pr_err("host %s: cannot make it read-only, it stays marked in use (%pe)\n",
		       host_dev, ERR_PTR(err));
		return;
	}
	/* Its device stays ours to use while it is mounted */
	down_read(&sb->s_umount);
	if (!sb->s_root) {
		up_read(&sb->s_umount);
		pr_info("host %s was unmounted meanwhile\n", host_dev);
		return;
	}
	/* FAT writes its clean mark with no cache flush after it */
	err = sb->s_bdev ? blkdev_issue_flush(sb->s_bdev) : 0;
	clean = !err && loopboot_host_marked_clean(sb);
	up_read(&sb->s_umount);

	if (err)
		pr_err("host %s is read-only, but its disk failed to flush its cache (%pe)\n",
		       host_dev, ERR_PTR(err));
	else if (!clean)
		pr_warn("host %s is read-only, but still marked dirty: it was when mounted, or a write failed; let its own system check it\n",
			host_dev);
	else if (failed)
		pr_warn("host %s is read-only and clean, but %u filesystem%s in its images stayed read-write (see above)\n",
			host_dev, failed, failed == 1 ? "" : "s");
	else
		pr_info("host %s is read-only and clean\n", host_dev);
}

/* Set while hibernation is under way: see loopboot_pm() */
static bool hibernating;

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
	unsigned int failed = 0;

	/* The snapshot being written expects the disks as they are */
	if (hibernating)
		return NOTIFY_DONE;

	iterate_supers_unlocked(loopboot_force_image_fs, &failed);
	if (!loopboot_with_host(loopboot_leave_host, &failed))
		pr_info("host %s is not mounted: nothing to leave clean\n",
			host_dev);
	return NOTIFY_DONE;
}

static struct notifier_block loopboot_reboot_nb = {
	.notifier_call = loopboot_reboot,
};

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
static void loopboot_host_rw(struct super_block *sb, void *rw)
{
	*(bool *)rw = !sb_rdonly(sb);
}

static int loopboot_pm(struct notifier_block *nb, unsigned long action,
		       void *data)
{
	bool rw = false;

	switch (action) {
	case PM_HIBERNATION_PREPARE:
		loopboot_with_host(loopboot_host_rw, &rw);
		if (rw) {
			pr_err("hibernation refused: host %s is read-write, and another system started on this disk before the resume could change it under the sleeping one; shut down or suspend to RAM instead\n",
			       host_dev);
			return notifier_from_errno(-EBUSY);
		}
		/*
		 * Tasks are frozen only after the notifiers: a remount
		 * read-write in between is not refused, but then the reboot
		 * notifier still leaves the disks as the snapshot has them.
		 */
		hibernating = true;
		break;
	case PM_POST_HIBERNATION:
		hibernating = false;
		break;
	}
	return NOTIFY_DONE;
}

static struct notifier_block loopboot_pm_nb = {
	.notifier_call = loopboot_pm,
};

/*
 * /sys/kernel/loopboot/status: what loopboot set up, for users and tests.
 * "host DEVICE FSTYPE ro|rw|unmounted WHERE" then "image PATH loopN ro|rw offset=N
 * sizelimit=N dio=on|off [partscan] [root]" for each image on a loop
 * device and "image PATH swap" for each swap image in use.
 */
static void loopboot_host_mode(struct super_block *sb, void *mode)
{
	*(const char **)mode = sb_rdonly(sb) ? "ro" : "rw";
}

static ssize_t status_show(struct kobject *kobj, struct kobj_attribute *attr,
			   char *buf)
{
	const struct loopboot_attached *a;
	const char *mode = "unmounted";
	int len;

	loopboot_with_host(loopboot_host_mode, &mode);
	len = sysfs_emit(buf, "host %s %s %s %s\n", host_dev, host_type, mode,
			 host_at);
	for (a = attached; a < attached + nr_status; a++) {
		if (a->swap) {
			len += sysfs_emit_at(buf, len, "image %s swap\n",
					     a->path);
			continue;
		}
		len += sysfs_emit_at(buf, len,
				     "image %s loop%u %s offset=%llu sizelimit=%llu dio=%s%s%s\n",
				     a->path, a->loop,
				     a->lo_flags & LO_FLAGS_READ_ONLY ? "ro" : "rw",
				     a->offset, a->sizelimit,
				     a->lo_flags & LO_FLAGS_DIRECT_IO ? "on" : "off",
				     a->lo_flags & LO_FLAGS_PARTSCAN ? " partscan" : "",
				     a->root ? " root" : "");
	}
	return len;
}

static struct kobj_attribute status_attr = __ATTR_RO(status);

static void __init loopboot_status_init(void)
{
	status_kobj = kobject_create_and_add("loopboot", kernel_kobj);
	if (!status_kobj || sysfs_create_file(status_kobj, &status_attr.attr))
		pr_warn("cannot create /sys/kernel/loopboot/status\n");
}

static int __init loopboot_attach_all(void)
{
	struct path host;
	int err;

	err = loopboot_host_root(&host);
	if (err)
		return loopboot_fail(err, "host %s: lost its mount", host_dev);

	for (nr_attached = 0; nr_attached < spec.nr_images; nr_attached++) {
		/* Swap images are swapped on once root is mounted */
		if (spec.image[nr_attached].set & LOOPBOOT_SWAP)
			continue;
		err = loopboot_attach(&spec.image[nr_attached], &host);
		if (err)
			break;
	}
	if (!err) {
		strscpy(host_type, host.mnt->mnt_sb->s_type->name,
			sizeof(host_type));
		/* Not the device's number for a filesystem on several (btrfs) */
		host_devt = host.mnt->mnt_sb->s_dev;
		/* Module mode: for rmmod to find and unmount it */
		if (IS_MODULE(CONFIG_LOOPBOOT))
			host_mnt = mntget(host.mnt);
		register_reboot_notifier(&loopboot_reboot_nb);
		register_pm_notifier(&loopboot_pm_nb);
		loopboot_status_init();
	}
	path_put(&host);
	return err;
}

/* Undo whatever loopboot_set_up() did before it failed */
static void __init loopboot_undo(void)
{
	struct path root;
	int err;

	while (nr_attached--) {
		if (spec.image[nr_attached].set & LOOPBOOT_SWAP)
			continue;
		err = loop_detach(spec.image[nr_attached].loop);
		if (err == -EBUSY)
			pr_warn("loop%u is in use: it is detached at its last close (%pe)\n",
				spec.image[nr_attached].loop, ERR_PTR(err));
		else if (err)
			pr_warn("cannot detach loop%u (%pe)\n",
				spec.image[nr_attached].loop, ERR_PTR(err));
	}
	loopboot_detach_done();
	loopboot_status_free();

	/* The backing files have been released: the host is free */
	if (host_mounted) {
		err = loopboot_host_root(&root);
		if (!err)
			err = loopboot_umount_host(&root);
		if (err)
			pr_warn("cannot unmount host %s (%pe)\n", host_dev,
				ERR_PTR(err));
		host_mounted = false;
		/*
		 * The last mntput() defers shutting the superblock down to
		 * task work, which pid 1 would run only on its way to user
		 * space: after a panic, never, leaving the host marked dirty.
		 * (modprobe runs it on its way back.)
		 */
		if (!IS_MODULE(CONFIG_LOOPBOOT))
			task_work_run();
	}
}

/* Wait for the host, mount it and attach the images; undo it on failure */
static int __init loopboot_set_up(int root_wait)
{
	dev_t devt;
	int err;

	err = loopboot_check_params();
	if (!err)
		err = loopboot_wait_host(root_wait, &devt);
	if (!err)
		err = loopboot_prepare_mount(devt);
	if (!err)
		err = loopboot_mount_host();
	if (!err)
		err = loopboot_attach_all();
	if (err)
		loopboot_undo();
	return err;
}

#if !IS_MODULE(CONFIG_LOOPBOOT)

/* root=, for the messages of loopboot_root_failed() */
static char root_name_given[64] __initdata;

static bool __init loopboot_names_loop(const char *root_name)
{
	return !root_name[0] || !strncmp(root_name, "/dev/loop", 9) ||
		!strncmp(root_name, "loop", 4);
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

	err = spec_err;
	if (!err && spec.root == LOOPBOOT_NO_ROOT && !root_name[0])
		err = loopboot_fail(-EINVAL,
				    "loopboot=: every image is swap, so root= must name the root device");
	if (!err)
		err = loopboot_set_up(root_wait);
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

/* As loopboot_status_add(), for a swap image */
static void __init loopboot_status_add_swap(const struct loopboot_image *img)
{
	struct loopboot_attached *a = &attached[nr_status];

	a->path = kstrdup(img->path, GFP_KERNEL);
	if (!a->path)
		return;
	a->swap = true;
	nr_status++;
}

/*
 * Swap on a swap image as the host's own swap file (swapon_file()), the
 * way the kernel trusts for swap: I/O straight to the file's blocks.  On a
 * loop device over the file, swap would share one bio reserve with the
 * loop driver's I/O to the file, and hang when memory runs out.  Root is
 * mounted by now, so a swap image that fails is named and left out.
 */
static void __init loopboot_swapon(const struct loopboot_image *img,
				   const struct path *host)
{
	const struct loopboot_attached *a;
	struct file *file;
	int err;

	if (!IS_ENABLED(CONFIG_SWAP)) {
		pr_err("image %s: \"swap\", but this kernel has no swap (CONFIG_SWAP), booting without it\n",
		       img->path);
		return;
	}
	file = loopboot_open_image(img, host);
	if (IS_ERR(file)) {
		pr_err("image %s: booting without this swap\n", img->path);
		return;
	}
	/* Swap would overwrite the image under the filesystem in it */
	for (a = attached; a < attached + nr_status; a++) {
		if (!a->swap && a->ino == file_inode(file)->i_ino) {
			pr_err("image %s: the same file as image %s on loop%u, booting without this swap\n",
			       img->path, a->path, a->loop);
			loopboot_fput_now(file);
			return;
		}
	}
	err = swapon_file(file, img->path, 0);
	if (err) {
		pr_err("image %s: cannot swap on it, booting without it (%pe); %s\n",
		       img->path, ERR_PTR(err),
		       err == -EINVAL ?
		       "is it made by mkswap, with every block written (no holes)?" :
		       "see the lines above");
		return;
	}
	loopboot_status_add_swap(img);
	pr_info("image %s is swap\n", img->path);
}

static void __init loopboot_swapon_all(void)
{
	const struct loopboot_image *img;
	struct path host;
	int err;

	err = loopboot_host_root(&host);
	if (err) {
		pr_err("host %s: lost its mount, booting without swap (%pe)\n",
		       host_dev, ERR_PTR(err));
		return;
	}
	for (img = spec.image; img < spec.image + spec.nr_images; img++) {
		if (img->set & LOOPBOOT_SWAP)
			loopboot_swapon(img, &host);
	}
	path_put(&host);
}

/**
 * loopboot_root_mounted - swap on the swap images, show the host in root
 *
 * Called by prepare_namespace() after the root mount, which is at /root and
 * the current directory.  Moving the host there, rather than binding it,
 * keeps one mount of it, which is what /proc/mounts then shows.
 */
void __init loopboot_root_mounted(void)
{
	const char *dir = hostdir ?: LOOPBOOT_DEFAULT_HOSTDIR;
	char target[LOOPBOOT_HOSTDIR_MAX + 6];
	int err;

	if (!host_mounted)
		return;

	loopboot_swapon_all();

	if (!strcmp(dir, "none"))
		return;

	snprintf(target, sizeof(target), "/root%s", dir);
	err = init_mount(LOOPBOOT_HOST_MNT, target, NULL, MS_MOVE, NULL);
	if (!err) {
		strscpy(host_at, dir, sizeof(host_at));
		pr_info("host %s is at %s\n", host_dev, dir);
	} else if (hostdir) {
		pr_warn("host %s stays hidden: cannot move it to %s (%pe)\n",
			host_dev, dir, ERR_PTR(err));
	} else {
		pr_info("host %s stays hidden: root has no %s\n", host_dev, dir);
	}
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
	const struct loopboot_image *img = &spec.image[spec.root];
	char name[BDEVNAME_SIZE + 5], root_loop[BDEVNAME_SIZE + 5] = "";
	bool read_only;

	if (!host_mounted)
		return;
	if (spec.root != LOOPBOOT_NO_ROOT)
		snprintf(root_loop, sizeof(root_loop), "/dev/loop%u", img->loop);
	if (!root_dev)
		pr_err("root=%s: no such device (a partition of an image needs \"partscan\", and a table the kernel can read); the devices are listed above\n",
		       root_name_given);
	else if (loopboot_bdev_info(root_dev, name, sizeof(name), &read_only) ||
		 strncmp(name, "/dev/loop", 9))
		pr_err("root=%s (device %u:%u) is not on loopboot's images; leaving host %s clean\n",
		       root_name_given, MAJOR(root_dev), MINOR(root_dev),
		       host_dev);
	else if (!strcmp(name, root_loop))
		pr_err("root image %s on loop%u (device %u:%u): no filesystem type of this kernel can mount it; is the file complete and undamaged?\n",
		       img->path, img->loop, MAJOR(root_dev), MINOR(root_dev));
	else
		pr_err("root=%s (%s, device %u:%u): no filesystem type of this kernel can mount it\n",
		       root_name_given, name, MAJOR(root_dev), MINOR(root_dev));

	unregister_pm_notifier(&loopboot_pm_nb);
	unregister_reboot_notifier(&loopboot_reboot_nb);
	/* The failed mounts' last references to the loop device go first */
	flush_delayed_fput();
	task_work_run();
	loopboot_undo();
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
		pr_warn("loopboot= is not used: the initramfs runs %s, which mounts root itself (with CONFIG_LOOPBOOT=m it can load loopboot with spec=)\n",
			init);
}

#else /* MODULE */

static int __init loopboot_init(void)
{
	int err;

	if (!spec_str) {
		pr_err("spec= is missing: modprobe loopboot spec=HOST:IMAGE[,OPT]...\n");
		return -EINVAL;
	}
	err = loopboot_parse(spec_str, &spec, msg, sizeof(msg));
	if (err) {
		pr_err("%s (%pe)\n", msg, ERR_PTR(err));
		return err;
	}
	err = loopboot_set_up(0);
	if (host_target.mnt)
		path_put(&host_target);
	return err;
}
module_init(loopboot_init);

/*
 * rmmod comes here only when no loop device of ours is open: an open one
 * holds this module (see loop_attach_file()), and rmmod says "in use".
 */
static void __exit loopboot_exit(void)
{
	struct path root = { .mnt = host_mnt, .dentry = host_mnt->mnt_root };
	unsigned int loop;
	int err;

	unregister_pm_notifier(&loopboot_pm_nb);
	unregister_reboot_notifier(&loopboot_reboot_nb);
	kobject_put(status_kobj);

	while (nr_attached--) {
		/* loopboot_check_swap() refused swap images in a module */
		loop = spec.image[nr_attached].loop;
		err = loop_detach(loop);
		if (err == -EBUSY)
			pr_warn("loop%u is in use: it is detached at its last close (%pe)\n",
				loop, ERR_PTR(err));
		else if (err)
			pr_warn("loop%u: cannot detach it (%pe)\n", loop,
				ERR_PTR(err));
		else
			pr_info("loop%u detached\n", loop);
	}
	loopboot_status_free();

	/* Our reference to the host's mount goes with the unmount */
	dget(root.dentry);
	err = loopboot_umount_host(&root);
	if (err)
		pr_warn("host %s is in use: it stays mounted at %s (%pe)\n",
			host_dev, host_at, ERR_PTR(err));
	else
		pr_info("host %s unmounted from %s\n", host_dev, host_at);
}
module_exit(loopboot_exit);

#endif /* MODULE */

MODULE_DESCRIPTION("Boot from a root filesystem kept in an image file");
MODULE_LICENSE("GPL");
