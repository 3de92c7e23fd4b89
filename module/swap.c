// SPDX-License-Identifier: GPL-2.0
/*
 * loopboot built in: the images marked "swap", swapped on as the host's own
 * swap files (swapon_file()) once root is mounted.  That is the way the
 * kernel trusts for swap: I/O straight to the file's blocks.  On a loop
 * device over the file, swap would share one bio reserve with the loop
 * driver's I/O to the file, and hang when memory runs out.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/path.h>
#include <linux/swap.h>

#include "compat.h"
#include "internal.h"

/* The image on a loop device that is the same file as @file, if any */
static const struct loopboot_attached *__init
loopboot_same_file(const struct loopboot *lb, struct file *file)
{
	const struct loopboot_attached *a;

	for (a = lb->image; a < lb->image + lb->nr_images; a++) {
		if (!(a->img.set & LOOPBOOT_SWAP) &&
		    a->ino == file_inode(file)->i_ino)
			return a;
	}
	return NULL;
}

/* Root is mounted by now, so a swap image that fails is named and left out */
static void __init loopboot_swapon(struct loopboot *lb,
				   const struct loopboot_image *img,
				   const struct path *host)
{
	const struct loopboot_attached *same;
	struct loopboot_attached *a;
	struct file *file;
	int err;

	file = loopboot_open_image(lb, img, host);
	if (IS_ERR(file)) {
		pr_err("image %s: booting without this swap\n", img->path);
		return;
	}
	/* Swap would overwrite the image under the filesystem in it */
	same = loopboot_same_file(lb, file);
	if (same) {
		pr_err("image %s: the same file as image %s on loop%u, booting without this swap\n",
		       img->path, same->img.path, same->img.loop);
		loopboot_fput_now(file);
		return;
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
	a = &lb->image[lb->nr_images];
	a->img = *img;
	a->ino = file_inode(file)->i_ino;
	/*
	 * The reboot notifier and the status file may read the images
	 * already: publish the entry once it is filled (their acquire loads
	 * of nr_images pair with this)
	 */
	smp_store_release(&lb->nr_images, lb->nr_images + 1);
	pr_info("image %s is swap\n", img->path);
}

/**
 * loopboot_swapon_all - swap on the images marked "swap"
 * @lb: loopboot, set up, root mounted, the host still held
 * @spec: the images
 */
void __init loopboot_swapon_all(struct loopboot *lb,
				const struct loopboot_spec *spec)
{
	const struct loopboot_image *img;
	struct path host;

	for (img = spec->image; img < spec->image + spec->nr_images; img++) {
		if (!(img->set & LOOPBOOT_SWAP))
			continue;
		if (!IS_ENABLED(CONFIG_SWAP)) {
			pr_err("image %s: \"swap\", but this kernel has no swap (CONFIG_SWAP), booting without it\n",
			       img->path);
			continue;
		}
		loopboot_host_root(lb, &host);
		loopboot_swapon(lb, img, &host);
		path_put(&host);
	}
}
