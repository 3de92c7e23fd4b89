// SPDX-License-Identifier: GPL-2.0
/*
 * loopboot: a host that Windows keeps.  A BitLocker volume cannot be
 * mounted at all, and is named as what it is.  An NTFS host that Windows
 * will come back to is refused read-write.  Windows 8 and
 * later "shut down" with Fast Startup by hibernating, and keep the volumes
 * they had mounted as they were; whatever another system writes to them
 * is lost, or worse, when Windows resumes.  ntfs3 has no test for that, so
 * before an NTFS host is mounted read-write, loopboot makes ntfs-3g's two:
 * the start of hiberfil.sys (volume.c, ntfs_volume_check_hiberfile()) and
 * the state of its log file (ntfs_log.c).
 *
 * They are read through a read-only mount of the host's own, made for
 * the kernel (SB_KERNMOUNT: in no namespace, and released at its last
 * mntput() rather than in task work), and gone before the host is mounted
 * for real: nothing is written to the host on the way to a refusal, and a
 * host that passes is mounted read-write as it always was.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat.h"
#include "internal.h"
#include "ntfs_log.h"

#define BOOT_SECTOR		512
#define OEM_ID_OFS		3		/* where the boot sector names it */
#define NTFS_OEM_ID		"NTFS    "
#define BITLOCKER_OEM_ID	"-FVE-FS-"	/* Windows Vista and later */

static const char *const loopboot_hiberfil_names[] __initconst = {
	"hiberfil.sys",	"HIBERFIL.SYS",
};

/*
 * What the boot sector of @devt names, as blkid reads it: NTFS, BitLocker
 * or something else, in @oem_id (8 bytes)
 */
static int __init loopboot_oem_id(dev_t devt, char *oem_id)
{
	char *boot;
	int err;

	boot = kmalloc(BOOT_SECTOR, GFP_KERNEL);
	if (!boot)
		return -ENOMEM;
	err = loopboot_read_head(devt, boot, BOOT_SECTOR);
	if (!err)
		memcpy(oem_id, boot + OEM_ID_OFS, strlen(NTFS_OEM_ID));
	kfree(boot);
	return err;
}

/*
 * The host read-only, as the first of the @count @types that takes it,
 * where nobody else sees it; mount data @flags (loopboot.flags=), copied
 * into the page @data
 */
static struct vfsmount *__init loopboot_mount_private(const char *dev_name,
						      const char *types,
						      int count,
						      const char *flags,
						      char *data)
{
	struct vfsmount *mnt = ERR_PTR(-ENODEV);
	struct file_system_type *type;

	for (; count--; types += strlen(types) + 1) {
		type = get_fs_type(types);
		if (!type)
			continue;
		if (flags)
			strscpy(data, flags, PAGE_SIZE);
		mnt = vfs_kern_mount(type, SB_KERNMOUNT | SB_RDONLY | SB_SILENT,
				     dev_name, flags ? data : NULL);
		/* put_filesystem(), which is not exported */
		module_put(type->owner);
		if (!IS_ERR(mnt) || (PTR_ERR(mnt) != -EINVAL &&
				     PTR_ERR(mnt) != -EACCES &&
				     PTR_ERR(mnt) != -ENODEV))
			break;
	}
	return mnt;
}

/*
 * Read the first @size bytes of the file @name at @root into @buf: how
 * many there were, -ENOENT if there is no such file, or a negative errno
 */
static ssize_t __init loopboot_read_file(struct path *root, const char *name,
					 void *buf, size_t size)
{
	struct file *file;
	loff_t pos = 0;
	ssize_t n;

	file = file_open_root(root, name, O_RDONLY | O_LARGEFILE, 0);
	if (IS_ERR(file))
		return PTR_ERR(file);
	n = kernel_read(file, buf, size, &pos);
	/* The mount must be free of it when we let go of it */
	loopboot_fput_now(file);
	return n;
}

/* Windows hibernated on the volume at @root, as ntfs-3g tells it */
static int __init loopboot_check_hiberfil(struct loopboot *lb,
					  struct path *root, char *buf)
{
	unsigned int i;
	ssize_t n = -ENOENT;

	for (i = 0; i < ARRAY_SIZE(loopboot_hiberfil_names) && n == -ENOENT; i++)
		n = loopboot_read_file(root, loopboot_hiberfil_names[i], buf,
				       LOOPBOOT_HIBERFIL_HEADER);
	if (n == -ENOENT)
		return 0;
	if (n < 0)
		return loopboot_fail(lb, n,
				     "host %s: cannot read its hiberfil.sys, to see whether Windows is hibernated on it",
				     lb->host_dev);
	if (n < LOOPBOOT_HIBERFIL_HEADER)
		return loopboot_fail(lb, -EPERM, LOOPBOOT_MSG_HIBERNATED_DATA,
				     lb->host_dev, n);
	if (!memcmp(buf, "hibr", 4) || !memcmp(buf, "HIBR", 4))
		return loopboot_fail(lb, -EPERM, LOOPBOOT_MSG_HIBERNATED,
				     lb->host_dev);
	return 0;
}

/* Windows has the volume at @root in use, by its log file, as ntfs-3g tells it */
static int __init loopboot_check_log(struct loopboot *lb, struct path *root,
				     unsigned char *buf)
{
	ssize_t n;

	n = loopboot_read_file(root, "\x24LogFile", buf, LOOPBOOT_NTFS_LOG_HEAD);
	if (n < 0)
		return loopboot_fail(lb, n,
				     "host %s: cannot read its \x24LogFile, to see whether Windows has it in use",
				     lb->host_dev);
	switch (loopboot_ntfs_log_state(buf, n)) {
	case LOOPBOOT_NTFS_LOG_CLEAN:
		return 0;
	case LOOPBOOT_NTFS_LOG_IN_USE:
		return loopboot_fail(lb, -EPERM, LOOPBOOT_MSG_LOG_IN_USE,
				     lb->host_dev);
	case LOOPBOOT_NTFS_LOG_UNCLEAN:
		return loopboot_fail(lb, -EPERM, LOOPBOOT_MSG_LOG_UNCLEAN,
				     lb->host_dev);
	default:
		return loopboot_fail(lb, -EPERM, LOOPBOOT_MSG_LOG_UNREADABLE,
				     lb->host_dev);
	}
}

/**
 * loopboot_check_windows - refuse a host that Windows keeps
 * @lb: loopboot being set up
 * @dev_name: the host's device, as it is mounted
 * @devt: its number
 * @rw: it is to be mounted read-write
 * @types: the filesystem types to mount it as, split
 * @count: how many
 * @data: a page for the mount data
 *
 * Called before the host is mounted.  A BitLocker volume is refused; an
 * NTFS one to be written is looked at; anything else passes untouched.
 *
 * Return: 0, or a negative errno, said: the host must not be mounted.
 */
int __init loopboot_check_windows(struct loopboot *lb, const char *dev_name,
				  dev_t devt, bool rw, const char *types,
				  int count, char *data)
{
	char oem_id[sizeof(NTFS_OEM_ID)] = "";
	struct vfsmount *mnt;
	unsigned char *buf;
	struct path root;
	int err;

	err = loopboot_oem_id(devt, oem_id);
	if (err)
		return loopboot_fail(lb, err, "host %s: cannot read its first sector",
				     lb->host_dev);
	if (!strcmp(oem_id, BITLOCKER_OEM_ID))
		return loopboot_fail(lb, -EACCES, LOOPBOOT_MSG_BITLOCKER,
				     lb->host_dev);
	if (strcmp(oem_id, NTFS_OEM_ID) || !rw)
		return 0;
	buf = kvmalloc(LOOPBOOT_NTFS_LOG_HEAD, GFP_KERNEL);
	if (!buf)
		return loopboot_fail(lb, -ENOMEM, "host %s: no memory to read its \x24LogFile",
				     lb->host_dev);
	mnt = loopboot_mount_private(dev_name, types, count, lb->params->flags,
				     data);
	if (IS_ERR(mnt)) {
		err = loopboot_fail(lb, PTR_ERR(mnt),
				    "host %s: cannot mount it read-only, to see whether Windows will come back to it",
				    lb->host_dev);
		goto out;
	}
	root.mnt = mnt;
	root.dentry = mnt->mnt_root;
	err = loopboot_check_hiberfil(lb, &root, buf);
	if (!err)
		err = loopboot_check_log(lb, &root, buf);
	/* SB_KERNMOUNT: the superblock goes here, before the real mount */
	mntput(mnt);
	if (!err)
		pr_info("host %s: no Windows hibernated on it or keeping it in use\n",
			lb->host_dev);
out:
	kvfree(buf);
	return err;
}
