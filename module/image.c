// SPDX-License-Identifier: GPL-2.0
/*
 * loopboot: the images.  Open each below the host's root, never outside it,
 * attach it to its loop device (loop_attach_file(), the in-kernel LOOP_
 * CONFIGURE), and detach them all again.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/blkdev.h>
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/loop.h>
#include <linux/module.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "compat.h"
#include "internal.h"

/* Open @path, a regular file, as @img asks */
static struct file *__init loopboot_open_path(struct loopboot *lb,
					      const struct loopboot_image *img,
					      const struct path *path)
{
	int oflags = O_LARGEFILE | (img->set & LOOPBOOT_RO ? O_RDONLY : O_RDWR);
	struct file *file;

	if (!d_is_reg(path->dentry))
		return ERR_PTR(loopboot_fail(lb, d_is_dir(path->dentry) ? -EISDIR : -EINVAL,
					     "image %s: not a regular file",
					     img->path));
	file = dentry_open(path, oflags, current_cred());
	if (IS_ERR(file))
		return ERR_PTR(loopboot_fail(lb, PTR_ERR(file),
					     "image %s: cannot open it %s",
					     img->path,
					     oflags & O_RDWR ? "read-write" : "read-only"));
	return file;
}

/**
 * loopboot_open_image - open an image file below the host's root
 * @lb: loopboot being set up
 * @img: the image
 * @host: the host's root
 *
 * Return: the file, not empty and longer than offset=, or an ERR_PTR(),
 * said.
 */
struct file *__init loopboot_open_image(struct loopboot *lb,
					const struct loopboot_image *img,
					const struct path *host)
{
	unsigned int lookup = LOOKUP_FOLLOW | LOOKUP_BENEATH | LOOKUP_NO_XDEV;
	struct file *file;
	struct path path;
	loff_t size;
	int err;

	err = vfs_path_lookup(host->dentry, host->mnt, img->path, lookup, &path);
	if (err == -EXDEV)
		return ERR_PTR(loopboot_fail(lb, err,
					     "image %s: its path leads outside host %s",
					     img->path, lb->host_dev));
	if (err)
		return ERR_PTR(loopboot_fail(lb, err, "image %s: not found on host %s",
					     img->path, lb->host_dev));
	file = loopboot_open_path(lb, img, &path);
	path_put(&path);
	if (IS_ERR(file))
		return file;

	size = i_size_read(file_inode(file));
	if (!size)
		err = loopboot_fail(lb, -EINVAL, "image %s: the file is empty",
				    img->path);
	else if (img->offset >= size)
		err = loopboot_fail(lb, -EINVAL,
				    "image %s: offset=%llu is not below its size, %lld",
				    img->path, img->offset, size);
	if (err) {
		loopboot_fput_now(file);
		return ERR_PTR(err);
	}
	return file;
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

/* Whether @inode is on a FAT host, and as long as a file there can be */
static bool __init loopboot_at_fat_limit(const struct inode *inode)
{
	const char *type = inode->i_sb->s_type->name;

	return (!strcmp(type, "vfat") || !strcmp(type, "msdos")) &&
	       i_size_read(inode) == LOOPBOOT_FAT_FILE_MAX;
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

/* The loop device's configuration for @img */
static void __init loopboot_loop_config(const struct loopboot_image *img,
					struct loop_config *config)
{
	config->info.lo_offset = img->offset;
	config->info.lo_sizelimit = img->sizelimit;
	/*
	 * 512-byte sectors unless asked: with direct I/O, 6.12's loop would
	 * take the host's (4096 on a 4Kn disk), and an image with 1 KiB
	 * blocks or a partition table in 512-byte sectors would not mount.
	 */
	config->block_size = img->sector_size ?: SECTOR_SIZE;
	if (img->set & LOOPBOOT_RO)
		config->info.lo_flags |= LO_FLAGS_READ_ONLY;
	/* The loop driver grants direct I/O only where the host allows it */
	if (!(img->set & LOOPBOOT_NODIO))
		config->info.lo_flags |= LO_FLAGS_DIRECT_IO;
	if (img->set & LOOPBOOT_PARTSCAN)
		config->info.lo_flags |= LO_FLAGS_PARTSCAN;
	strscpy((char *)config->info.lo_file_name, img->path, LO_NAME_SIZE);
}

/* Say what loop device @a is, and why it has no direct I/O if asked */
static void __init loopboot_say_attached(const struct loopboot_attached *a,
					 unsigned int host_sector,
					 unsigned int sector)
{
	const struct loopboot_image *img = &a->img;
	unsigned int lo_flags = a->lo_flags;

	pr_info("image %s is loop%u (%s%s%s%s)\n", img->path, img->loop,
		lo_flags & LO_FLAGS_READ_ONLY ? "ro" : "rw",
		lo_flags & LO_FLAGS_DIRECT_IO ? ",dio" : "",
		lo_flags & LO_FLAGS_PARTSCAN ? ",partscan" : "",
		img->set & LOOPBOOT_DISCARD ? ",discard" : "");
	if ((img->set & LOOPBOOT_DIO) && !(lo_flags & LO_FLAGS_DIRECT_IO))
		pr_warn("image %s: dio is not possible here (host block size or offset), loop%u uses the page cache\n",
			img->path, img->loop);
	else if (!(img->set & LOOPBOOT_NODIO) && !(lo_flags & LO_FLAGS_DIRECT_IO) &&
		 host_sector > sector)
		pr_info("image %s: the host has %u-byte sectors and loop%u %u-byte ones, so it uses the page cache (sector-size=%u can give it direct I/O, if the filesystem in the image has blocks that large)\n",
			img->path, host_sector, img->loop, sector, host_sector);
}

/*
 * Keep a read-write image as allocated as it was made: the booted
 * system's discards (fstrim, the discard mount option) and its zeroing
 * (ext4lazyinit) would punch holes in the file on hosts that can (ext4),
 * and a later write into a hole can find the host full.  "discard" asks
 * for the holes.  Failing that, the image still works: say so.
 */
static void __init loopboot_no_holes(const struct loopboot_image *img)
{
	char name[sizeof("/dev/loop") + 10];
	dev_t devt;
	int err;

	if (img->set & (LOOPBOOT_RO | LOOPBOOT_DISCARD))
		return;
	snprintf(name, sizeof(name), "/dev/loop%u", img->loop);
	err = loopboot_lookup_host(name, &devt);
	if (!err)
		err = loopboot_keep_allocated(devt);
	if (err)
		pr_warn("image %s: loop%u still takes discards, which can punch holes in the image (%pe)\n",
			img->path, img->loop, ERR_PTR(err));
}

/* Attach @img to its loop device, as @lb's next image; @root: root's */
static int __init loopboot_attach(struct loopboot *lb,
				  const struct loopboot_image *img,
				  const struct path *host, bool root)
{
	struct loopboot_attached *a = &lb->image[lb->nr_images];
	struct loop_config config = { };
	unsigned int host_sector;
	struct inode *inode;
	struct file *file;
	int err;

	file = loopboot_open_image(lb, img, host);
	if (IS_ERR(file))
		return PTR_ERR(file);
	/* See boot.c's loopboot_swapon() */
	if (loopboot_holds_swap(file, img->offset))
		pr_warn("image %s holds swap: on loop%u it can hang when memory runs out; give it the option \"swap\" to swap on the file itself\n",
			img->path, img->loop);
	loopboot_loop_config(img, &config);
	inode = file_inode(file);
	a->ino = inode->i_ino;
	a->at_fat_limit = loopboot_at_fat_limit(inode);
	if (a->at_fat_limit)
		pr_warn("image %s: " LOOPBOOT_MSG_FAT_CUT "\n", img->path);
	/* A host on several devices (btrfs) has no s_bdev */
	host_sector = inode->i_sb->s_bdev ?
		bdev_logical_block_size(inode->i_sb->s_bdev) : SECTOR_SIZE;
	/* ro or not, whoever writes the file changes what root runs */
	if (!sb_rdonly(inode->i_sb))
		loopboot_check_owner(img, inode);
	/*
	 * Writes through the loop device leave the file's times, which loop
	 * sets at the first write, every few seconds while writes go on and
	 * when it lets go of the file (and we at reboot): otherwise each
	 * flush of the device writes the file's inode on the host (FAT's
	 * directory entry, ext4's journal).
	 */
	if (!(img->set & LOOPBOOT_RO))
		file->f_mode |= FMODE_NOCMTIME;
	err = loop_attach_file(img->loop, file, &config, THIS_MODULE);
	/* The host must not stay busy with it when it is unmounted */
	loopboot_fput_now(file);
	if (err)
		return loopboot_fail(lb, err, "image %s: cannot attach it to loop%u",
				     img->path, img->loop);
	loopboot_no_holes(img);
	a->img = *img;
	a->lo_flags = config.info.lo_flags;
	a->root = root;
	lb->nr_images++;
	loopboot_say_attached(a, host_sector, config.block_size);
	return 0;
}

/**
 * loopboot_attach_all - attach every image but swap to its loop device
 * @lb: loopboot being set up, the host mounted
 * @spec: the images
 *
 * Swap images are swapped on once root is mounted (boot.c).
 *
 * Return: 0, or a negative errno, said, with the images attached so far
 * in @lb for loopboot_detach_all().
 */
int __init loopboot_attach_all(struct loopboot *lb,
			       const struct loopboot_spec *spec)
{
	struct path host;
	unsigned int i;
	int err = 0;

	loopboot_host_root(lb, &host);
	for (i = 0; i < spec->nr_images && !err; i++) {
		if (!(spec->image[i].set & LOOPBOOT_SWAP))
			err = loopboot_attach(lb, &spec->image[i], &host,
					      i == lb->root);
	}
	path_put(&host);
	return err;
}

/**
 * loopboot_detach_all - detach the images from their loop devices
 * @lb: loopboot
 *
 * An image whose loop device is open is detached at its last close.  The
 * backing files are released when this returns, so the host can go.
 */
void __loopboot_undo loopboot_detach_all(struct loopboot *lb)
{
	const struct loopboot_attached *a;
	int err;

	while (lb->nr_images) {
		a = &lb->image[--lb->nr_images];
		/* Swap is not undone: it is set up once root is mounted */
		if (a->img.set & LOOPBOOT_SWAP)
			continue;
		err = loop_detach(a->img.loop);
		if (err == -EBUSY)
			pr_warn("loop%u is in use: it is detached at its last close (%pe)\n",
				a->img.loop, ERR_PTR(err));
		else if (err == -ENXIO)
			/* losetup -d, and maybe another file bound since */
			pr_warn("loop%u no longer holds image %s: left as it is\n",
				a->img.loop, a->img.path);
		else if (err)
			pr_warn("loop%u: cannot detach it (%pe)\n", a->img.loop,
				ERR_PTR(err));
		else
			pr_info("loop%u detached\n", a->img.loop);
	}
	loopboot_detach_done();
}
