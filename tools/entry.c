// SPDX-License-Identifier: GPL-2.0
/*
 * loopboot entry: the boot entry for a kernel and a loopboot= line, for
 * systemd-boot (a Boot Loader Specification entry), GRUB or syslinux.
 * The host is named by its PARTUUID, which does not change when disks are
 * added or found in another order, as /dev/sdb1 does; the kernel and its
 * initrd are named by their paths on the filesystem the bootloader reads
 * them from.  Written to a temporary file, flushed, then renamed, so that
 * an entry is there whole or not at all, even on a FAT partition.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <glob.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "blockdev.h"
#include "bootentry.h"
#include "check.h"
#include "cmdline.h"
#include "hostfs.h"
#include "parse.h"
#include "report.h"

#define TITLE_MAX	256

/* What a bootloader adds to the command line it passes: not the user's */
static const char *const loader_params[] = { "BOOT_IMAGE", "initrd", NULL };

/* A file the bootloader reads, by its real path: not a symlink to it */
static int locate_file(const char *what, const char *path, struct hostfs_file *b)
{
	char real[PATH_MAX];
	struct stat st;
	int err;

	if (!realpath(path, real) || stat(real, &st)) {
		fprintf(stderr, "loopboot: %s %s: %s\n", what, path, strerror(errno));
		return -errno;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "loopboot: %s %s: not a regular file\n", what, path);
		return -EINVAL;
	}
	err = hostfs_file_place(real, b);
	if (err)
		fprintf(stderr, "loopboot: %s %s: %s\n", what, path,
			err == -ENXIO ? "not on a filesystem mounted here" :
			err == -ENAMETOOLONG ? "its path is too long" : strerror(-err));
	return err;
}

/*
 * Whether the firmware's bootloader can read a file on @devt: it must be
 * on a disk's partition, not in an image (a loop device, or a device made
 * over one) nor on a filesystem of no device (tmpfs)
 */
static int loader_can_read(const struct blockdevs *bds, dev_t devt, const char *what,
			   const char *path)
{
	char sys[128];
	glob_t g;
	int over_loop;

	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u/loop", major(devt), minor(devt));
	over_loop = !access(sys, F_OK);
	snprintf(sys, sizeof(sys), "/sys/dev/block/%u:%u/slaves/*/loop", major(devt), minor(devt));
	if (!glob(sys, 0, NULL, &g)) {
		over_loop = 1;
		globfree(&g);
	}
	if (over_loop) {
		fprintf(stderr, "loopboot: %s %s is inside an image (on a loop device), where no bootloader reads it: copy it to the EFI system partition or the host\n",
			what, path);
		return -EINVAL;
	}
	if (!blockdev_by_devt(bds, devt)) {
		fprintf(stderr, "loopboot: %s %s is on a filesystem of no disk here, where no bootloader reads it\n",
			what, path);
		return -ENODEV;
	}
	return 0;
}

/*
 * loopboot='s HOST as the entry names it: by PARTUUID when it names a
 * partition by its kernel name or device number.  A PARTUUID= or
 * PARTLABEL= stays as it is.  @host[0] stays '\0' when HOST is kept.
 */
static int stable_host(const struct loopboot_spec *spec, const struct blockdevs *bds,
		       char *host, size_t size)
{
	unsigned int found[2];
	const struct blockdev *d;
	int n;

	host[0] = '\0';
	if (!strncmp(spec->host, "PARTUUID=", 9) || !strncmp(spec->host, "PARTLABEL=", 10))
		return 0;
	n = blockdev_lookup(bds, spec->host, found, 2);
	if (n < 0) {
		fprintf(stderr, "loopboot: host %s: not a device name the kernel accepts\n",
			spec->host);
		return n;
	}
	if (n != 1) {
		fprintf(stderr, "loopboot: host %s: %s here, so the entry cannot name it by its PARTUUID\n",
			spec->host, n ? "more than one device has that name" : "no such device");
		return -ENODEV;
	}
	d = &bds->dev[found[0]];
	if (!d->partuuid[0]) {
		fprintf(stderr, "loopboot: note: host %s (%s) has no PARTUUID (a disk with no partition table): the entry names it %s, a name that can change when disks are added\n",
			spec->host, d->node, spec->host);
		return 0;
	}
	snprintf(host, size, "PARTUUID=%s", d->partuuid);
	/* The kernel takes the first partition whose PARTUUID starts so */
	n = blockdev_lookup(bds, host, found, 2);
	if (n != 1) {
		fprintf(stderr, "loopboot: host %s is %s, but %d partitions here have that PARTUUID (a cloned disk?): give the disk a signature of its own\n",
			spec->host, host, n);
		return -EINVAL;
	}
	if (!strncmp(d->partuuid, "00000000-", 9))
		fprintf(stderr, "loopboot: note: host %s is %s: its disk's MBR has no signature, which the next system to write one (Windows does) changes\n",
			spec->host, host);
	return 0;
}

/* /etc/os-release's PRETTY_NAME, or "Linux" */
static void os_name(char *out, size_t size)
{
	char line[TITLE_MAX], *v;
	FILE *f = fopen("/etc/os-release", "re");

	snprintf(out, size, "Linux");
	while (f && fgets(line, sizeof(line), f)) {
		if (strncmp(line, "PRETTY_NAME=", 12))
			continue;
		v = line + 12;
		v[strcspn(v, "\n")] = '\0';
		if (*v == '"' && v[strlen(v) - 1] == '"' && strlen(v) > 1) {
			v[strlen(v) - 1] = '\0';
			v++;
		}
		if (*v)
			snprintf(out, size, "%s", v);
	}
	if (f)
		fclose(f);
}

/* The release a kernel's file name carries: vmlinuz-6.12.1 gives 6.12.1 */
static const char *kernel_version(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;

	if ((!strncmp(base, "vmlinuz-", 8) || !strncmp(base, "vmlinux-", 8)) && base[8])
		return base + 8;
	return NULL;
}

/*
 * @text to @path whole or not at all: a temporary file of its own next to
 * it, flushed, renamed over @path, and flushed again: on FAT the new
 * directory entry is written with the inode, not with the directory
 */
static int write_atomically(const char *path, const char *text, size_t len)
{
	char tmp[PATH_MAX], dir[PATH_MAX];
	int fd, dfd, err = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	errno = 0;
	if (fchmod(fd, 0644) || write(fd, text, len) != (ssize_t)len || fsync(fd))
		err = errno ? -errno : -EIO;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err) {
		close(fd);
		unlink(tmp);
		return err;
	}
	if (fsync(fd))
		err = -errno;
	if (close(fd) && !err)
		err = -errno;
	snprintf(dir, sizeof(dir), "%s", path);
	dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		if (fsync(dfd) && !err)
			err = -errno;
		close(dfd);
	}
	return err;
}

static const struct option entry_options[] = {
	{ "kernel", required_argument, NULL, 'k' },
	{ "cmdline", required_argument, NULL, 'c' },
	{ "format", required_argument, NULL, 'f' },
	{ "title", required_argument, NULL, 't' },
	{ "initrd", required_argument, NULL, 'i' },
	{ "output", required_argument, NULL, 'o' },
	{ "help", no_argument, NULL, 'h' },
	{ }
};

struct entry_args {
	const char *kernel, *cmdline, *title, *initrd, *output;
	enum bootentry_format format;
};

static int entry_parse_args(int argc, char **argv, struct entry_args *a)
{
	int opt;

	while ((opt = getopt_long(argc, argv, "k:c:f:t:i:o:h", entry_options, NULL)) != -1) {
		switch (opt) {
		case 'k':
			a->kernel = optarg;
			break;
		case 'c':
			a->cmdline = optarg;
			break;
		case 'f':
			if (bootentry_format_by_name(optarg, &a->format)) {
				fprintf(stderr, "loopboot: --format %s: not one of bls, grub, syslinux\n",
					optarg);
				return EXIT_USAGE;
			}
			break;
		case 't':
			a->title = optarg;
			break;
		case 'i':
			a->initrd = optarg;
			break;
		case 'o':
			a->output = optarg;
			break;
		case 'h':
			usage_entry(stdout);
			return -1;
		default:
			usage_entry(stderr);
			return EXIT_USAGE;
		}
	}
	if (!a->kernel || optind != argc) {
		usage_entry(stderr);
		return EXIT_USAGE;
	}
	return 0;
}

/* The command line to carry: --cmdline, or the running system's own */
static int entry_cmdline(const struct entry_args *a, struct cmdline *cl,
			 const char *const **drop)
{
	static char proc[CMDLINE_MAX];
	const char *str = a->cmdline;
	int err;

	*drop = NULL;
	if (!str) {
		err = cmdline_read_proc(proc, sizeof(proc));
		if (err) {
			fprintf(stderr, "loopboot: /proc/cmdline: %s\n", strerror(-err));
			return err;
		}
		str = proc;
		*drop = loader_params;
	}
	if (cmdline_split(cl, str)) {
		fprintf(stderr, "loopboot: the command line is longer than %d bytes\n",
			CMDLINE_MAX - 1);
		return -E2BIG;
	}
	return 0;
}

/* The entry on the partition it names its files on, for those that must be */
static int check_output_place(const struct entry_args *a, const struct hostfs_file *k)
{
	char copy[PATH_MAX], *dir;
	struct stat st;

	if (!a->output || a->format == BOOTENTRY_GRUB)
		return 0;
	snprintf(copy, sizeof(copy), "%s", a->output);
	dir = dirname(copy);
	if (stat(dir, &st)) {
		fprintf(stderr, "loopboot: %s: %s\n", dir, strerror(errno));
		return -errno;
	}
	if (st.st_dev != k->fs) {
		fprintf(stderr, "loopboot: %s reads the kernel from the partition that holds %s, and %s is on another filesystem: put the kernel there\n",
			a->format == BOOTENTRY_BLS ? "systemd-boot" : "syslinux",
			a->format == BOOTENTRY_BLS ? "its entries" : "its configuration",
			a->kernel);
		return -EXDEV;
	}
	return 0;
}

static struct blockdevs bds;

int cmd_entry(int argc, char **argv)
{
	struct entry_args a = { .format = BOOTENTRY_BLS };
	char host[LOOPBOOT_HOST_MAX + 16], options[CMDLINE_MAX], title[TITLE_MAX];
	char msg[LOOPBOOT_MSG_MAX], *text = NULL;
	struct hostfs_file kernel, initrd;
	struct loopboot_spec spec;
	const struct blockdev *kdev;
	const char *const *drop;
	struct bootentry e = { 0 };
	struct cmdline cl;
	const char *spec_str;
	size_t len = 0;
	FILE *mem;
	int err;

	err = entry_parse_args(argc, argv, &a);
	if (err)
		return err < 0 ? EXIT_BOOTS : err;
	if (entry_cmdline(&a, &cl, &drop))
		return EXIT_WOULD_FAIL;
	spec_str = cmdline_value(&cl, "loopboot");
	if (!spec_str) {
		fprintf(stderr, "loopboot: the command line has no loopboot=\n");
		return EXIT_WOULD_FAIL;
	}
	err = loopboot_parse(spec_str, &spec, msg, sizeof(msg));
	if (err) {
		fprintf(stderr, "loopboot: %s (%s)\n", msg, report_errname(err));
		return EXIT_WOULD_FAIL;
	}
	err = blockdevs_scan(&bds, "/sys", "/dev");
	if (err) {
		fprintf(stderr, "loopboot: cannot list the block devices (%s)\n", strerror(-err));
		return EXIT_WOULD_FAIL;
	}
	if (stable_host(&spec, &bds, host, sizeof(host)) ||
	    locate_file("kernel", a.kernel, &kernel) ||
	    (a.initrd && locate_file("initrd", a.initrd, &initrd)) ||
	    check_output_place(&a, &kernel))
		return EXIT_WOULD_FAIL;
	if (loader_can_read(&bds, kernel.devt, "kernel", a.kernel))
		return EXIT_WOULD_FAIL;
	if (a.initrd && initrd.fs != kernel.fs) {
		fprintf(stderr, "loopboot: the initrd %s is not on the kernel's filesystem, where the bootloader looks for it\n",
			a.initrd);
		return EXIT_WOULD_FAIL;
	}
	err = bootentry_cmdline(&cl, host[0] ? host : NULL, drop, options, sizeof(options));
	if (err) {
		if (err == -E2BIG)
			fprintf(stderr, "loopboot: the command line does not fit in %d bytes\n",
				CMDLINE_MAX - 1);
		else
			fprintf(stderr, "loopboot: loopboot=%s: its image path has a quote in it\n",
				spec_str);
		return EXIT_WOULD_FAIL;
	}

	e.format = a.format;
	e.version = kernel_version(kernel.on_host);
	if (a.title) {
		snprintf(title, sizeof(title), "%s", a.title);
	} else {
		os_name(title, sizeof(title));
		if (e.version && a.format != BOOTENTRY_BLS)
			snprintf(title + strlen(title), sizeof(title) - strlen(title),
				 ", Linux %s", e.version);
	}
	e.title = title;
	e.kernel = kernel.on_host;
	e.initrd = a.initrd ? initrd.on_host : NULL;
	e.options = options;
	kdev = blockdev_by_devt(&bds, kernel.devt);
	e.fsuuid = kdev && kdev->fsuuid[0] ? kdev->fsuuid : NULL;
	if (a.format == BOOTENTRY_GRUB && !e.fsuuid) {
		fprintf(stderr, "loopboot: the filesystem of %s has no UUID that GRUB could search for\n",
			a.kernel);
		return EXIT_WOULD_FAIL;
	}

	mem = open_memstream(&text, &len);
	if (!mem) {
		perror("loopboot: open_memstream");
		return EXIT_WOULD_FAIL;
	}
	err = bootentry_write(mem, &e);
	fclose(mem);
	if (err) {
		fprintf(stderr, "loopboot: %s\n", err == -E2BIG ?
			"the command line, with what the bootloader adds to it, is longer than the kernel takes (COMMAND_LINE_SIZE)" :
			a.format == BOOTENTRY_GRUB ?
			"GRUB cannot carry this: a quote, a backslash or a tab in a parameter (GRUB changes them), a title that starts with '-', or a path of more than letters, digits and _ . / - +" :
			a.format == BOOTENTRY_SYSLINUX ?
			"syslinux cannot carry this: a line break, a space in a path, or an initrd with init's arguments (syslinux puts initrd= after them)" :
			"systemd-boot cannot carry this: a line break, or options that start and end with a quote (it takes those off)");
		free(text);
		return EXIT_WOULD_FAIL;
	}
	if (!a.output) {
		fputs(text, stdout);
		err = fflush(stdout) ? -errno : 0;
	} else {
		err = write_atomically(a.output, text, len);
	}
	free(text);
	if (err) {
		fprintf(stderr, "loopboot: %s: %s\n", a.output ? a.output : "stdout", strerror(-err));
		return EXIT_WOULD_FAIL;
	}
	return EXIT_BOOTS;
}
