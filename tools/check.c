// SPDX-License-Identifier: GPL-2.0
/*
 * loopboot check: everything the next boot will need, looked at from the
 * system that prepares it, in the order the kernel needs it: the string,
 * the kernel's configuration, the host, its filesystem, each image.  It
 * never writes: the host is read where it is mounted, or mounted
 * read-only from a read-only loop device as a detached mount of its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "blockdev.h"
#include "check.h"
#include "cmdline.h"
#include "fstab.h"
#include "hostfs.h"
#include "image.h"
#include "kconfig.h"
#include "ntfs_log.h"
#include "parse.h"
#include "report.h"
#include "run.h"

#define MATCHES_SHOWN	8	/* partitions named when HOST names several */
#define FSTYPE_LIST_MAX	256	/* bytes of loopboot.fstype= looked at */
#define HOSTDIR_DEFAULT	"/host"	/* the kernel's LOOPBOOT_DEFAULT_HOSTDIR */
#define CMDLINE_ENTRY_MAX	(1 << 20)	/* bytes of a boot entry file read */
#define EXFAT_FLAGS_OFFSET	106	/* VolumeFlags in the exFAT boot sector */
#define EXFAT_VOLUME_DIRTY	0x02

struct check {
	struct cmdline cl;
	struct loopboot_spec spec;
	struct loopboot_params params;
	const char *spec_str;		/* loopboot='s value */
	struct kconfig *kc;		/* NULL: not known */
	const char *kc_path;
	struct blockdevs bds;
	const struct blockdev *host;
	struct hostfs hostfs;
	const char *sysfs, *devdir;
};

/* The kernel's parser, and its messages, on loopboot= and loopboot.* */
static int check_string(struct check *c)
{
	char msg[LOOPBOOT_MSG_MAX];
	const char *timeout;
	int err;

	c->spec_str = cmdline_value(&c->cl, "loopboot");
	if (!c->spec_str) {
		report(FOUND_ERROR, "the command line has no loopboot=");
		return -EINVAL;
	}
	err = loopboot_parse(c->spec_str, &c->spec, msg, sizeof(msg));
	if (err) {
		report(FOUND_ERROR, "%s (%s)", msg, report_errname(err));
		return err;
	}
	c->params.fstype = (char *)cmdline_value(&c->cl, "loopboot.fstype");
	c->params.flags = (char *)cmdline_value(&c->cl, "loopboot.flags");
	c->params.hostdir = (char *)cmdline_value(&c->cl, "loopboot.hostdir");
	c->params.timeout = -1;
	timeout = cmdline_value(&c->cl, "loopboot.timeout");
	/* param_set_int(): on a bad value the boot goes on without it */
	if (timeout && cmdline_kstrtoint(timeout, &c->params.timeout)) {
		report(FOUND_WARNING, "loopboot.timeout=%s: not a number the kernel reads: it says \"`%s' invalid for parameter `loopboot.timeout'\" and waits as if it were not given",
		       timeout, timeout);
		c->params.timeout = -1;
	}
	err = loopboot_check_params(&c->params, msg, sizeof(msg));
	if (err) {
		report(FOUND_ERROR, "%s (%s)", msg, report_errname(err));
		return err;
	}
	report(FOUND_OK, "loopboot=%s parses: host %s, %u image%s", c->spec_str,
	       c->spec.host, c->spec.nr_images, c->spec.nr_images == 1 ? "" : "s");
	return 0;
}

/* CONFIG_@sym must be y, or the boot fails; @why: what needs it */
static int need_y(struct check *c, const char *sym, const char *why)
{
	char t = kconfig_tristate(c->kc, sym);

	if (t == 'y')
		return 0;
	report(FOUND_ERROR, "CONFIG_%s=%c in %s: %s needs it built in (=y)", sym,
	       t, c->kc_path, why);
	return -ENODEV;
}

static void check_config(struct check *c)
{
	unsigned int i;
	char t;

	if (!c->kc) {
		report(FOUND_UNCHECKED, "the kernel's configuration: %s cannot be read (give --kernel-config FILE)",
		       c->kc_path);
		return;
	}
	t = kconfig_tristate(c->kc, "LOOPBOOT");
	if (t == 'n')
		report(FOUND_ERROR, "CONFIG_LOOPBOOT is not set in %s: this kernel ignores loopboot=",
		       c->kc_path);
	else if (t == 'm')
		report(FOUND_ERROR, "CONFIG_LOOPBOOT=m in %s: loopboot= is read by a built-in loopboot only; a module takes spec= from an initramfs",
		       c->kc_path);
	need_y(c, "BLK_DEV_LOOP", "loopboot");
	for (i = 0; i < c->spec.nr_images; i++) {
		if (c->spec.image[i].set & LOOPBOOT_SWAP) {
			need_y(c, "SWAP", "a swap image");
			break;
		}
	}
	if (t == 'y' && kconfig_tristate(c->kc, "BLK_DEV_LOOP") == 'y')
		report(FOUND_OK, "CONFIG_LOOPBOOT=y, CONFIG_BLK_DEV_LOOP=y in %s", c->kc_path);
}

/* The user knows the filesystem's UUID or LABEL: the kernel wants PARTUUID */
static void suggest_for_fs_id(struct check *c, const char *name)
{
	const char *eq = strchr(name, '=');
	unsigned int i;
	size_t n;

	if (!eq)
		return;
	n = eq - name;
	for (i = 0; i < c->bds.nr; i++) {
		const struct blockdev *bd = &c->bds.dev[i];
		const char *id = n == 4 && !strncasecmp(name, "UUID", 4) ? bd->fsuuid :
				 n == 5 && !strncasecmp(name, "LABEL", 5) ? bd->fslabel : NULL;

		if (!id || !id[0] || strcmp(id, eq + 1))
			continue;
		if (bd->partuuid[0])
			report(FOUND_NOTE, "%s is the filesystem on %s: the kernel names that partition PARTUUID=%s",
			       name, bd->node, bd->partuuid);
		else
			report(FOUND_NOTE, "%s is the filesystem on %s, which has no PARTUUID: name it %s",
			       name, bd->node, bd->node);
	}
}

static void list_partitions(const struct check *c)
{
	unsigned int i;

	for (i = 0; i < c->bds.nr; i++) {
		const struct blockdev *bd = &c->bds.dev[i];

		if (bd->partno)
			report(FOUND_NOTE, "the kernel sees %s%s%s%s%s%s%s", bd->node,
			       bd->partuuid[0] ? " PARTUUID=" : "", bd->partuuid,
			       bd->partlabel[0] ? " PARTLABEL=" : "", bd->partlabel,
			       bd->fstype[0] ? " " : "", bd->fstype);
	}
}

/* HOST, looked up as the kernel looks it up: one partition, and only one */
static int check_host(struct check *c)
{
	unsigned int found[MATCHES_SHOWN], i;
	const char *name = c->spec.host;
	int n, err;

	err = blockdevs_scan(&c->bds, c->sysfs, c->devdir);
	if (err) {
		report(FOUND_UNCHECKED, "host %s: cannot list the block devices in %s (%s)",
		       name, c->sysfs, strerror(-err));
		return err;
	}
	if (c->bds.truncated)
		report(FOUND_UNCHECKED, "more than %d block devices: host %s is looked for among the first %d only",
		       BLOCKDEV_MAX, name, BLOCKDEV_MAX);
	n = blockdev_lookup(&c->bds, name, found, MATCHES_SHOWN);
	if (n == -EINVAL) {
		report(FOUND_ERROR, "host %s: not a device name the kernel accepts (%s): /dev/NAME, PARTUUID=UUID[/PARTNROFF=N], PARTLABEL=NAME or MAJ:MIN",
		       name, report_errname(-EINVAL));
		suggest_for_fs_id(c, name);
		return n;
	}
	if (n == 0) {
		report(FOUND_ERROR, "host %s: not found", name);
		list_partitions(c);
		return -ENODEV;
	}
	if (n > 1) {
		report(FOUND_ERROR, "host %s names %d partitions, and the kernel takes whichever it finds first: name it by its whole PARTUUID",
		       name, n);
		for (i = 0; i < (unsigned int)n && i < MATCHES_SHOWN; i++)
			report(FOUND_NOTE, "host %s names %s PARTUUID=%s", name,
			       c->bds.dev[found[i]].node, c->bds.dev[found[i]].partuuid);
		return -EINVAL;
	}
	c->host = &c->bds.dev[found[0]];
	if (c->host->read_only && !c->spec.all_ro) {
		report(FOUND_ERROR, "host %s: the device is read-only, so every image needs \"ro\"",
		       name);
		return -EROFS;
	}
	report(FOUND_OK, "host %s is %s%s%s%s%s", name, c->host->node,
	       c->host->fstype[0] ? " " : "", c->host->fstype,
	       c->host->partuuid[0] ? " PARTUUID=" : "", c->host->partuuid);
	return 0;
}

static void check_table(struct check *c)
{
	const char *sym = !strcmp(c->host->pttype, "dos") ? "MSDOS_PARTITION" :
			  !strcmp(c->host->pttype, "gpt") ? "EFI_PARTITION" : NULL;

	if (!c->host->partno || !c->kc)
		return;
	if (!sym) {
		report(FOUND_UNCHECKED, "host %s: the partition table of %s (%s) is not one loopboot check knows",
		       c->spec.host, c->host->disk,
		       c->host->pttype[0] ? c->host->pttype : "unreadable");
		return;
	}
	if (!need_y(c, sym, c->host->pttype[0] == 'd' ? "an MBR partition table" :
		    "a GPT partition table"))
		report(FOUND_OK, "host %s is on a %s partition table: CONFIG_%s=y",
		       c->spec.host, c->host->pttype, sym);
}

/* The NLS tables a FAT host needs at mount: codepage= and iocharset= */
static void check_fat_nls(struct check *c)
{
	const char *cp = kconfig_value(c->kc, "FAT_DEFAULT_CODEPAGE");
	char sym[64], cs[32];
	const char *io;

	snprintf(sym, sizeof(sym), "NLS_CODEPAGE_%s", cp ? cp : "437");
	need_y(c, sym, "a FAT host (its default codepage)");
	io = kconfig_value(c->kc, "FAT_DEFAULT_IOCHARSET");
	snprintf(cs, sizeof(cs), "%s", io ? io : "iso8859-1");
	if (!strcmp(cs, "utf8"))
		snprintf(sym, sizeof(sym), "NLS_UTF8");
	else if (!strncmp(cs, "iso8859-", 8))
		snprintf(sym, sizeof(sym), "NLS_ISO8859_%s", cs + 8);
	else
		return;
	need_y(c, sym, "a FAT host (its default iocharset)");
}

/* The host's filesystem is one the kernel has built in, and fstype= allows */
static int check_host_fs(struct check *c)
{
	const char *type = c->host->fstype;
	const char *const *kt;
	const char *config;
	int allowed;

	if (!strcmp(type, "BitLocker")) {
		report(FOUND_ERROR, LOOPBOOT_MSG_BITLOCKER, c->spec.host);
		return -EACCES;
	}
	if (c->host->probe_err) {
		report(FOUND_UNCHECKED, "host %s: cannot read %s (%s)", c->spec.host,
		       c->host->node, strerror(-c->host->probe_err));
		return c->host->probe_err;
	}
	if (c->host->ambiguous) {
		report(FOUND_WARNING, "host %s (%s) carries more than one filesystem's signature (wipefs -n %s lists them): the kernel mounts it as the first of its types that accepts it",
		       c->spec.host, c->host->node, c->host->node);
		return 0;
	}
	if (!type[0]) {
		report(FOUND_ERROR, "host %s (%s): no filesystem found on it", c->spec.host,
		       c->host->node);
		return -EINVAL;
	}
	kt = hostfs_kernel_types(type);
	if (c->params.fstype && kt) {
		for (allowed = 0; *kt && !allowed; kt++) {
			char list[FSTYPE_LIST_MAX], *t, *save;

			snprintf(list, sizeof(list), "%s", c->params.fstype);
			for (t = strtok_r(list, ",", &save); t && !allowed;
			     t = strtok_r(NULL, ",", &save))
				allowed = !strcmp(t, *kt);
		}
		if (!allowed) {
			report(FOUND_ERROR, "host %s holds %s, which loopboot.fstype=%s does not name",
			       c->spec.host, type, c->params.fstype);
			return -EINVAL;
		}
	}
	if (!c->kc)
		return 0;
	config = hostfs_config(type);
	if (config) {
		if (need_y(c, config, "the host's filesystem"))
			return -ENODEV;
		if (!strcmp(type, "vfat"))
			check_fat_nls(c);
		report(FOUND_OK, "host %s holds %s: CONFIG_%s=y", c->spec.host, type,
		       config);
		return 0;
	}
	report(FOUND_UNCHECKED, "host %s holds %s: whether the kernel has it is not known to loopboot check",
	       c->spec.host, type);
	return 0;
}

/*
 * The volume's dirty flag, which ntfs-3g mounts over but the kernel's
 * ntfs3 refuses read-write; ntfsinfo only reads (-f: even a dirty volume)
 */
static void check_ntfs_dirty(struct check *c, char *node)
{
	char *argv[] = { "ntfsinfo", "-f", "-m", node, NULL };
	char out[8192], *flags;
	int st;

	st = run_capture(argv, out, sizeof(out));
	flags = st >= 0 ? strstr(out, "Volume Flags:") : NULL;
	if (st == -ENOENT)
		report(FOUND_UNCHECKED, "host %s: whether its dirty flag is set needs ntfsinfo (ntfs-3g)",
		       c->spec.host);
	else if (!flags)
		report(FOUND_UNCHECKED, "host %s: ntfsinfo -f -m gives no volume flags",
		       c->spec.host);
	else if (strstr(flags, "DIRTY") && strstr(flags, "DIRTY") < strchrnul(flags, '\n'))
		report(c->spec.all_ro ? FOUND_WARNING : FOUND_ERROR,
		       "host %s was not cleanly unmounted (its dirty flag is set): the kernel's ntfs3 refuses it read-write; let Windows check it (chkdsk), or make every image \"ro\"",
		       c->spec.host);
}

/* The first @size bytes of the file @name on the host, or -errno */
static ssize_t read_host_file(struct check *c, const char *name, void *buf,
			      size_t size)
{
	int fd = openat(c->hostfs.root_fd, name, O_RDONLY | O_CLOEXEC);
	ssize_t n, done = 0;

	if (fd < 0)
		return -errno;
	while ((size_t)done < size && (n = pread(fd, (char *)buf + done, size - done, done)) > 0)
		done += n;
	if (n < 0)
		done = -errno;
	close(fd);
	return done;
}

/*
 * Whether Windows will resume over the host, as the kernel (and ntfs-3g)
 * decides it: its hiberfil.sys begins with "hibr" or "HIBR", or is too
 * short for a header (a hibernated data partition); its $LogFile is of
 * version 2.0, or not clean (module/ntfs_log.c).  Said, for a host that
 * is to be written an error.
 */
static void check_windows(struct check *c)
{
	static const char *const hiberfil[] = { "hiberfil.sys", "HIBERFIL.SYS" };
	enum finding how = c->spec.all_ro ? FOUND_WARNING : FOUND_ERROR;
	static unsigned char buf[LOOPBOOT_NTFS_LOG_HEAD];
	const char *host = c->spec.host;
	ssize_t n = -ENOENT;
	unsigned int i;

	for (i = 0; i < sizeof(hiberfil) / sizeof(hiberfil[0]) && n == -ENOENT; i++)
		n = read_host_file(c, hiberfil[i], buf, LOOPBOOT_HIBERFIL_HEADER);
	if (n >= 0 && n < LOOPBOOT_HIBERFIL_HEADER)
		report(how, LOOPBOOT_MSG_HIBERNATED_DATA, host, n);
	else if (n > 0 && (!memcmp(buf, "hibr", 4) || !memcmp(buf, "HIBR", 4)))
		report(how, LOOPBOOT_MSG_HIBERNATED, host);
	else if (n < 0 && n != -ENOENT)
		report(FOUND_UNCHECKED, "host %s: cannot read its hiberfil.sys (%s)",
		       host, strerror(-n));
	n = read_host_file(c, "$LogFile", buf, sizeof(buf));
	if (n < 0) {
		report(FOUND_UNCHECKED, "host %s: cannot read its $LogFile (%s)", host,
		       strerror(-n));
		return;
	}
	switch (loopboot_ntfs_log_state(buf, n)) {
	case LOOPBOOT_NTFS_LOG_CLEAN:
		break;
	case LOOPBOOT_NTFS_LOG_IN_USE:
		report(how, LOOPBOOT_MSG_LOG_IN_USE, host);
		break;
	case LOOPBOOT_NTFS_LOG_UNCLEAN:
		report(how, LOOPBOOT_MSG_LOG_UNCLEAN, host);
		break;
	default:
		report(how, LOOPBOOT_MSG_LOG_UNREADABLE, host);
		break;
	}
}

/* What the host's own tools say of its state; they only read */
/*
 * exFAT's VolumeDirty (VolumeFlags bit 1, byte 106 of the boot sector, in
 * the exFAT specification 3.1.13; left out of the boot checksum so that
 * it can change).  No exfatprogs tool reports it (1.2.0's fsck.exfat -n
 * calls such a volume clean), so it is read here: 1, 0, or -errno.
 */
static int exfat_dirty(const char *node)
{
	unsigned char boot[EXFAT_FLAGS_OFFSET + 2];
	int fd = open(node, O_RDONLY | O_CLOEXEC), err = 0;

	if (fd < 0)
		return -errno;
	if (pread(fd, boot, sizeof(boot), 0) != (ssize_t)sizeof(boot))
		err = -EIO;
	close(fd);
	if (!err && memcmp(boot + 3, "EXFAT   ", 8))
		err = -EINVAL;
	return err ?: !!(boot[EXFAT_FLAGS_OFFSET] & EXFAT_VOLUME_DIRTY);
}

static void check_host_state(struct check *c)
{
	char out[4096], node[sizeof(c->host->node)];
	int st;

	snprintf(node, sizeof(node), "%s", c->host->node);
	/* Mounted read-write here, its marks on the disk are this system's */
	if (c->hostfs.rw) {
		report(FOUND_NOTE, "host %s is mounted read-write at %s: its state on the disk is not looked at",
		       c->spec.host, c->hostfs.where);
		return;
	}
	if (!strcmp(c->host->fstype, "ntfs")) {
		/*
		 * ntfs-3g's tests, but read through our read-only mount:
		 * ntfs-3g.probe --readwrite would open the partition read-write
		 */
		check_windows(c);
		check_ntfs_dirty(c, node);
	} else if (!strcmp(c->host->fstype, "vfat")) {
		char *argv[] = { "fsck.fat", "-n", node, NULL };

		st = run_capture(argv, out, sizeof(out));
		if (st == -ENOENT)
			report(FOUND_UNCHECKED, "host %s: whether its dirty bit is set needs fsck.fat (dosfstools)",
			       c->spec.host);
		else if (strstr(out, "Dirty bit is set"))
			report(FOUND_WARNING, "host %s: its FAT dirty bit is set (not cleanly unmounted): the kernel mounts it anyway; check it with fsck.fat first",
			       c->spec.host);
	} else if (!strcmp(c->host->fstype, "exfat")) {
		st = exfat_dirty(node);
		if (st > 0)
			report(FOUND_WARNING, "host %s: its exFAT VolumeDirty flag is set (not cleanly unmounted): the kernel mounts it anyway; let Windows check it (chkdsk) or run fsck.exfat first",
			       c->spec.host);
		else if (st < 0)
			report(FOUND_UNCHECKED, "host %s: cannot read its boot sector (%s)",
			       c->spec.host, strerror(-st));
	}
}

/*
 * root=/dev/loopN or loopNpM must be a loop device an image is attached
 * to (and a partition of one only with "partscan"): 1 if it is not, said
 */
static int check_root_loop(const struct check *c, const char *root)
{
	const char *name = !strncmp(root, "/dev/", 5) ? root + 5 : root;
	const struct loopboot_image *img;
	unsigned int loop, part, i;
	char p, end;
	int n;

	n = sscanf(name, "loop%u%c%u%c", &loop, &p, &part, &end);
	if (n != 1 && (n != 3 || p != 'p'))
		return 0;
	for (i = 0; i < c->spec.nr_images; i++) {
		img = &c->spec.image[i];
		if (img->loop != loop || (img->set & LOOPBOOT_SWAP))
			continue;
		if (n == 3 && !(img->set & LOOPBOOT_PARTSCAN)) {
			report(FOUND_ERROR, "root=%s: a partition of image %s needs \"partscan\"",
			       root, img->path);
			return 1;
		}
		return 0;
	}
	report(FOUND_ERROR, "root=%s: no image is attached to loop%u", root, loop);
	return 1;
}

/* Root options that contradict the images */
static void check_root(struct check *c, const struct image_facts *facts)
{
	const char *root = cmdline_value(&c->cl, "root");
	const char *fstype = cmdline_value(&c->cl, "rootfstype");
	const struct loopboot_image *img;

	if (c->spec.root == LOOPBOOT_NO_ROOT) {
		if (!root)
			report(FOUND_ERROR, "every image is swap, and root= names no root device");
		return;
	}
	img = &c->spec.image[c->spec.root];
	if (root && strncmp(root, "/dev/loop", 9) && strncmp(root, "loop", 4)) {
		report(FOUND_NOTE, "root=%s is not a loop device: root is mounted from it, and image %s is only attached",
		       root, img->path);
		return;
	}
	if (root && check_root_loop(c, root))
		return;
	if (fstype && facts[c->spec.root].fstype[0] &&
	    strcmp(fstype, facts[c->spec.root].fstype))
		report(FOUND_ERROR, "rootfstype=%s, but root image %s holds %s", fstype,
		       img->path, facts[c->spec.root].fstype);
}

/* The same line with the host named so that it survives renumbering */
static void suggest_stable(struct check *c)
{
	const char *rest = c->spec_str + strlen(c->spec.host);

	unsigned int found[MATCHES_SHOWN];
	char name[sizeof(c->host->partuuid) + 9];
	int n;

	if (!strncmp(c->spec.host, "PARTUUID=", 9) || !c->host->partuuid[0])
		return;
	snprintf(name, sizeof(name), "PARTUUID=%s", c->host->partuuid);
	if (c->bds.truncated)
		report(FOUND_UNCHECKED, "more than %d block devices: host %s is looked for among the first %d only",
		       BLOCKDEV_MAX, name, BLOCKDEV_MAX);
	n = blockdev_lookup(&c->bds, name, found, MATCHES_SHOWN);
	if (n != 1) {
		report(FOUND_NOTE, "%s of %s names %d partitions here (disks copied whole share their MBR's identifier): give one a new one (sfdisk --disk-id), or name the host by PARTLABEL= on GPT",
		       name, c->host->node, n);
		return;
	}
	report(FOUND_NOTE, "disks can be renumbered: name the host by its partition's UUID, loopboot=%s%s",
	       name, rest);
}

/* Whether root is mounted from the root image itself, as the kernel does */
static int root_is_image(const struct check *c)
{
	const char *root = cmdline_value(&c->cl, "root");
	char want[32];

	if (c->spec.root == LOOPBOOT_NO_ROOT)
		return 0;
	if (!root)
		return 1;
	snprintf(want, sizeof(want), "/dev/loop%u", c->spec.image[c->spec.root].loop);
	return !strcmp(root, want) || !strcmp(root + (strncmp(root, "/dev/", 5) ? 0 : 5),
					      want + 5);
}

/* The root image's /etc/fstab, read from a private read-only mount of it */
static void check_fstab(struct check *c, const struct image_facts *facts)
{
	const struct loopboot_image *img = &c->spec.image[c->spec.root];
	const char *hostdir = c->params.hostdir ? c->params.hostdir : HOSTDIR_DEFAULT;
	struct hostfs root;
	char why[256], *text;
	int fd, ffd;
	ssize_t n;

	if (!root_is_image(c) || !hostfs_kernel_types(facts[c->spec.root].fstype))
		return;
	fd = image_open(c->hostfs.root_fd, img->path);
	if (fd < 0)
		return;
	if (hostfs_open_image(&root, fd, img->offset, facts[c->spec.root].size,
			      facts[c->spec.root].fstype, why, sizeof(why))) {
		close(fd);
		report(FOUND_UNCHECKED, "image %s: its /etc/fstab cannot be read: %s",
		       img->path, why);
		return;
	}
	close(fd);
	text = calloc(1, FSTAB_MAX + 1);
	ffd = text ? image_open(root.root_fd, "/etc/fstab") : -1;
	n = ffd >= 0 ? read(ffd, text, FSTAB_MAX) : -1;
	if (ffd >= 0)
		close(ffd);
	if (n >= 0)
		fstab_check(text, &c->spec, facts, hostdir);
	else if (errno == ENOENT)
		report(FOUND_NOTE, "image %s has no /etc/fstab", img->path);
	else
		report(FOUND_UNCHECKED, "image %s: /etc/fstab: %s", img->path,
		       strerror(errno));
	free(text);
	hostfs_close(&root);
}

static int check_images(struct check *c, struct image_facts *facts)
{
	char why[256];
	unsigned int i;
	int err, bad = 0;

	err = hostfs_open(&c->hostfs, c->host->devt, c->host->node, c->host->fstype,
			  c->params.flags, why, sizeof(why));
	if (err) {
		report(FOUND_UNCHECKED, "host %s (%s): the images cannot be checked: %s",
		       c->spec.host, c->host->node, why);
		return err;
	}
	if (c->hostfs.flags_err)
		report(FOUND_ERROR, "host %s: %s refuses loopboot.flags=%s (%s): the kernel mounts it with them or not at all",
		       c->spec.host, c->hostfs.fstype, c->params.flags,
		       strerror(-c->hostfs.flags_err));
	check_host_state(c);
	for (i = 0; i < c->spec.nr_images; i++)
		bad |= image_check(&c->hostfs, c->host->node, !c->spec.all_ro,
				   &c->spec.image[i], c->kc, &facts[i]) ? 1 : 0;
	if (!bad)
		check_fstab(c, facts);
	hostfs_close(&c->hostfs);
	return 0;
}

/* The command line to check: --cmdline, --entry's, or this boot's */
static int get_cmdline(const char *cmdline, const char *entry, char *buf,
		       size_t size)
{
	char *text;
	int err;

	if (cmdline) {
		if (strlen(cmdline) >= size)
			return -E2BIG;
		strcpy(buf, cmdline);
		return 0;
	}
	if (!entry) {
		return cmdline_read_proc(buf, size);
	}
	text = malloc(CMDLINE_ENTRY_MAX);
	if (!text)
		return -ENOMEM;
	err = cmdline_read_file(entry, text, CMDLINE_ENTRY_MAX);
	if (!err)
		err = cmdline_from_entry(text, buf, size);
	free(text);
	return err;
}

/* --kernel-config, or the running kernel's /boot/config-VERSION */
static struct kconfig *get_config(const char *given, char *path, size_t size)
{
	char release[128];
	FILE *f;

	if (given) {
		snprintf(path, size, "%s", given);
		return kconfig_read(path);
	}
	f = fopen("/proc/sys/kernel/osrelease", "r");
	if (!f || !fgets(release, sizeof(release), f))
		snprintf(release, sizeof(release), "unknown");
	if (f)
		fclose(f);
	release[strcspn(release, "\n")] = '\0';
	snprintf(path, size, "/boot/config-%s", release);
	return kconfig_read(path);
}

static const struct option check_options[] = {
	{ "kernel-config", required_argument, NULL, 'k' },
	{ "cmdline", required_argument, NULL, 'c' },
	{ "entry", required_argument, NULL, 'e' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ }
};

int cmd_check(int argc, char **argv)
{
	const char *cmdline = NULL, *entry = NULL, *config = NULL;
	struct image_facts facts[LOOPBOOT_MAX_IMAGES] = { };
	char line[CMDLINE_MAX], config_path[4096];
	struct check *c;
	int opt, err, status;

	while ((opt = getopt_long(argc, argv, "k:c:e:qh", check_options, NULL)) != -1) {
		switch (opt) {
		case 'k':
			config = optarg;
			break;
		case 'c':
			cmdline = optarg;
			break;
		case 'e':
			entry = optarg;
			break;
		case 'q':
			report_quiet(1);
			break;
		case 'h':
			usage_check(stdout);
			return EXIT_BOOTS;
		default:
			usage_check(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc || (cmdline && entry)) {
		usage_check(stderr);
		return EXIT_USAGE;
	}
	err = get_cmdline(cmdline, entry, line, sizeof(line));
	if (err) {
		fprintf(stderr, "loopboot check: cannot read the command line from %s: %s\n",
			entry ? entry : cmdline ? "--cmdline" : "/proc/cmdline", strerror(-err));
		return EXIT_USAGE;
	}
	c = calloc(1, sizeof(*c));
	if (!c) {
		perror("loopboot check");
		return EXIT_UNCHECKED;
	}
	c->sysfs = "/sys";
	c->devdir = "/dev";
	if (cmdline_split(&c->cl, line)) {
		report(FOUND_ERROR, "the command line is too long to check");
		goto out;
	}
	/* x86's and arm64's boot_command_line[]: the kernel cuts the rest */
	if (strlen(line) >= COMMAND_LINE_SIZE)
		report(FOUND_WARNING, "the command line is %zu bytes: the kernel keeps the first %d on x86 and arm64 (COMMAND_LINE_SIZE) and drops the rest",
		       strlen(line), COMMAND_LINE_SIZE - 1);
	if (check_string(c))
		goto out;
	c->kc = get_config(config, config_path, sizeof(config_path));
	c->kc_path = config_path;
	check_config(c);
	if (check_host(c))
		goto out;
	check_table(c);
	if (check_host_fs(c))
		goto out;
	if (!check_images(c, facts))
		check_root(c, facts);
	suggest_stable(c);
out:
	status = report_exit_status();
	kconfig_free(c->kc);
	free(c);
	return status;
}
