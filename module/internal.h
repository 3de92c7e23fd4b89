/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loopboot: the state of what it set up, and the interfaces between its
 * files.  core.c sets up and tears down, host.c finds and mounts the host,
 * image.c attaches the images, shutdown.c leaves the host clean, status.c
 * shows it all; boot.c (built in) or module.c (a loaded module) is the
 * mode, and Kbuild links one of them.
 */
#ifndef _LOOPBOOT_INTERNAL_H
#define _LOOPBOOT_INTERNAL_H

#include <linux/blkdev.h>
#include <linux/notifier.h>
#include <linux/types.h>

#include "parse.h"

#define LOOPBOOT_DEFAULT_HOSTDIR "/host"
#define LOOPBOOT_POLL_MS	10	/* how often to look for HOST */
#define LOOPBOOT_FSTYPE_MAX	32	/* bytes of a filesystem type's name */

/*
 * The code that undoes set-up.  Built in, loopboot lets go of nothing once
 * root is mounted, so undoing runs only while the kernel boots and goes
 * with the other init code; a module undoes at unload.
 */
#ifdef MODULE
#define __loopboot_undo
#else
#define __loopboot_undo __init
#endif

struct kobject;
struct path;
struct vfsmount;

/* An image loopboot set up: on a loop device, or swapped on (built in) */
struct loopboot_attached {
	struct loopboot_image img;	/* as loopboot= gave it */
	unsigned int lo_flags;		/* LO_FLAGS_* the loop device has */
	unsigned long ino;		/* the file's, on the host */
	bool root;			/* root is mounted from it */
	bool at_fat_limit;		/* 4 GiB - 1 byte on FAT: cut off? */
};

/**
 * struct loopboot - what loopboot set up, and what undoes it
 * @params: the loopboot.* parameters (core.c's)
 * @root: index in loopboot= of the root image; LOOPBOOT_NO_ROOT in a module
 * @msg: the last failure, for the panic message
 * @host_dev: the host's device, "/dev/NAME" as the kernel names it
 * @host_devt: its filesystem's s_dev, how the notifiers find it
 * @host_type: its filesystem type
 * @mount_dir: where set-up mounts the host (the mode's choice)
 * @host_at: where the running system sees it, or "hidden"
 * @host_mnt: the host's mount, held from its mount to its unmount or, built
 *	in, until root is mounted; NULL when not held
 * @image: the images set up, in the order of loopboot=
 * @nr_images: how many
 * @hibernating: a hibernation is under way (shutdown.c)
 * @reboot_nb: leaves the host clean at reboot, halt and power-off
 * @pm_nb: refuses hibernation with a read-write host
 * @status_kobj: /sys/kernel/loopboot
 *
 * Set-up runs once, in one thread (kernel_init or modprobe), and teardown
 * once, in one thread (kernel_init or rmmod), after the notifiers and the
 * status file are gone; neither needs a lock.  In between, only boot.c
 * changes @lb (the swap images, @host_at, @host_mnt), before user space
 * can read the status file (but a swap image's entry is published with a
 * release, for a reboot notifier that might run meanwhile), and the PM
 * notifier @hibernating, which the reboot notifier reads (READ_ONCE/
 * WRITE_ONCE: a flag, no data behind it).
 */
struct loopboot {
	const struct loopboot_params *params;
	unsigned int root;
	char msg[LOOPBOOT_MSG_MAX];

	char host_dev[BDEVNAME_SIZE + 5];
	dev_t host_devt;
	char host_type[LOOPBOOT_FSTYPE_MAX];
	const char *mount_dir;
	char host_at[LOOPBOOT_HOSTDIR_MAX + 1];
	struct vfsmount *host_mnt;

	struct loopboot_attached image[LOOPBOOT_MAX_IMAGES];
	unsigned int nr_images;

	bool hibernating;
	struct notifier_block reboot_nb;
	struct notifier_block pm_nb;
	struct kobject *status_kobj;
};

/* core.c */
__printf(3, 4) int loopboot_fail(struct loopboot *lb, int err,
				 const char *fmt, ...);
int loopboot_set_up(struct loopboot *lb, const struct loopboot_spec *spec,
		    int root_wait);
void loopboot_tear_down(struct loopboot *lb);

/* host.c */
int loopboot_split_types(char *types);
int loopboot_wait_host(struct loopboot *lb, const char *name, int root_wait,
		       dev_t *devt);
int loopboot_mount_host(struct loopboot *lb, const struct loopboot_spec *spec,
			dev_t devt);
void loopboot_host_root(struct loopboot *lb, struct path *root);
void loopboot_umount_host(struct loopboot *lb);
bool loopboot_with_host(struct loopboot *lb,
			void (*fn)(struct loopboot *, struct super_block *, void *),
			void *arg);

/* windows.c */
int loopboot_check_windows(struct loopboot *lb, const char *dev_name,
			   dev_t devt, bool rw, const char *types, int count,
			   char *data);

/* image.c */
struct file *loopboot_open_image(struct loopboot *lb,
				 const struct loopboot_image *img,
				 const struct path *host);
int loopboot_attach_all(struct loopboot *lb, const struct loopboot_spec *spec);
void loopboot_detach_all(struct loopboot *lb);

/* shutdown.c */
void loopboot_shutdown_register(struct loopboot *lb);
void loopboot_shutdown_unregister(struct loopboot *lb);

/* swap.c, built in only */
void loopboot_swapon_all(struct loopboot *lb, const struct loopboot_spec *spec);

/* status.c */
void loopboot_status_init(struct loopboot *lb);
void loopboot_status_exit(struct loopboot *lb);

/*
 * What differs between the modes: boot.c, before the root mount, where
 * loopboot= comes from the command line and rootfs is empty; module.c, in
 * a running system, with udev's /dev and the caller's mount namespace.
 */
/* What the mode refuses of @spec and the parameters, said */
int loopboot_check_mode(struct loopboot *lb, const struct loopboot_spec *spec);
/* Look up HOST @name (or another block device, "/dev/loopN") once */
int loopboot_lookup_host(const char *name, dev_t *devt);
/* The first look, which at boot lets devices still probing appear */
int loopboot_find_host(const char *name, dev_t *devt);
/* HOST appeared while waited for */
void loopboot_host_appeared(void);
/* HOST is not there after @waited_ms; @bounded: a wait was asked for */
int loopboot_host_missing(struct loopboot *lb, const char *name,
			  unsigned int waited_ms, bool bounded);
/* Make ready to mount the host: set @lb->mount_dir and the device to mount */
int loopboot_prepare_mount(struct loopboot *lb, const char *name, dev_t devt,
			   const char **dev_name);
/* The filesystem types to try when fstype= is not given; @what: in words */
int loopboot_default_fstypes(char *types, size_t size, const char **what);
/* Say more of why no filesystem type mounted the host (@page: scratch) */
void loopboot_mount_failed(char *page);
/* Let go now of what the last fput() or mntput() left to task work */
void loopboot_release_now(void);

#endif /* _LOOPBOOT_INTERNAL_H */
