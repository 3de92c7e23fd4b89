// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel's block devices, read from sysfs, with what libblkid finds on
 * them; and HOST looked up over them as block/early-lookup.c does it.
 */
#include <blkid/blkid.h>
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/sysmacros.h>

#include "blockdev.h"

/* @src into @dst of @size bytes, cut short if it must be */
static void set_str(char *dst, size_t size, const char *src)
{
	size_t n = strnlen(src, size - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* The first line of @dir/@file, without its newline; -errno */
static int read_line(const char *dir, const char *file, char *buf, size_t size)
{
	char path[PATH_MAX];
	FILE *f;
	int err = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	if (fgets(buf, size, f))
		buf[strcspn(buf, "\n")] = '\0';
	else
		err = -EIO;
	fclose(f);
	return err;
}

/* @key=value of @dir's uevent into @buf, "" if it has none */
static void read_uevent(const char *dir, const char *key, char *buf, size_t size)
{
	char path[PATH_MAX], line[256];
	size_t n = strlen(key);
	FILE *f;

	buf[0] = '\0';
	snprintf(path, sizeof(path), "%s/uevent", dir);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, key, n) && line[n] == '=') {
			snprintf(buf, size, "%s", line + n + 1);
			break;
		}
	}
	fclose(f);
}

static void copy_value(blkid_probe pr, const char *name, char *buf, size_t size)
{
	const char *v;

	if (!blkid_probe_lookup_value(pr, name, &v, NULL))
		snprintf(buf, size, "%s", v);
}

/* What filesystem (or other signature) @bd holds */
static void probe_fs(struct blockdev *bd)
{
	blkid_probe pr = blkid_new_probe_from_filename(bd->node);
	int rc;

	if (!pr) {
		bd->probe_err = errno ? -errno : -EIO;
		return;
	}
	blkid_probe_enable_superblocks(pr, 1);
	blkid_probe_set_superblocks_flags(pr, BLKID_SUBLKS_TYPE |
					  BLKID_SUBLKS_UUID | BLKID_SUBLKS_LABEL);
	blkid_probe_enable_partitions(pr, 0);
	rc = blkid_do_safeprobe(pr);
	bd->ambiguous = rc == -2;
	if (!rc) {
		copy_value(pr, "TYPE", bd->fstype, sizeof(bd->fstype));
		copy_value(pr, "UUID", bd->fsuuid, sizeof(bd->fsuuid));
		copy_value(pr, "LABEL", bd->fslabel, sizeof(bd->fslabel));
	}
	blkid_free_probe(pr);
}

/* The partition table of disk @disk: its type, and each partition's UUID */
static void probe_table(struct blockdevs *bds, const struct blockdev *disk)
{
	blkid_probe pr = blkid_new_probe_from_filename(disk->node);
	blkid_partlist parts;
	blkid_parttable tab;
	const char *type, *uuid;
	unsigned int i;
	int n, k, partno;

	if (!pr)
		return;
	blkid_probe_enable_partitions(pr, 1);
	blkid_probe_enable_superblocks(pr, 0);
	parts = blkid_probe_get_partitions(pr);
	tab = parts ? blkid_partlist_get_table(parts) : NULL;
	type = tab ? blkid_parttable_get_type(tab) : NULL;
	n = parts ? blkid_partlist_numof_partitions(parts) : 0;
	for (i = 0; i < bds->nr; i++) {
		struct blockdev *bd = &bds->dev[i];

		if (strcmp(bd->disk, disk->name))
			continue;
		if (type)
			snprintf(bd->pttype, sizeof(bd->pttype), "%s", type);
		for (k = 0; k < n && bd->partno; k++) {
			blkid_partition p = blkid_partlist_get_partition(parts, k);

			partno = blkid_partition_get_partno(p);
			uuid = blkid_partition_get_uuid(p);
			if (partno == bd->partno && uuid)
				snprintf(bd->partuuid, sizeof(bd->partuuid), "%s", uuid);
		}
		/*
		 * libblkid gives an MBR whose disk signature is 0 no UUID;
		 * the kernel's msdos.c names its partitions 00000000-NN
		 */
		if (bd->partno && !bd->partuuid[0] && type && !strcmp(type, "dos"))
			snprintf(bd->partuuid, sizeof(bd->partuuid), "00000000-%02x",
				 (unsigned int)bd->partno);
	}
	blkid_free_probe(pr);
}

static int scan_one(struct blockdevs *bds, const char *sysfs, const char *devdir,
		    const char *name)
{
	struct blockdev *bd = &bds->dev[bds->nr];
	char dir[PATH_MAX], real[PATH_MAX], node[PATH_MAX], buf[64], *slash;
	unsigned int maj, min;

	snprintf(dir, sizeof(dir), "%s/class/block/%s", sysfs, name);
	if (read_line(dir, "dev", buf, sizeof(buf)) ||
	    sscanf(buf, "%u:%u", &maj, &min) != 2)
		return 0;
	if (read_line(dir, "size", buf, sizeof(buf)))
		return 0;
	memset(bd, 0, sizeof(*bd));
	bd->sectors = strtoull(buf, NULL, 10);
	if (!bd->sectors)
		return 0;
	bd->devt = makedev(maj, min);
	set_str(bd->name, sizeof(bd->name), name);
	read_uevent(dir, "DEVNAME", buf, sizeof(buf));
	if ((size_t)snprintf(node, sizeof(node), "%s/%s", devdir, buf[0] ? buf : name) >=
	    sizeof(bd->node))
		return 0;
	set_str(bd->node, sizeof(bd->node), node);
	set_str(bd->disk, sizeof(bd->disk), name);
	if (!read_line(dir, "ro", buf, sizeof(buf)))
		bd->read_only = buf[0] == '1';
	if (!read_line(dir, "partition", buf, sizeof(buf))) {
		bd->partno = atoi(buf);
		if (!realpath(dir, real) || !(slash = strrchr(real, '/')))
			return 0;
		*slash = '\0';
		slash = strrchr(real, '/');
		set_str(bd->disk, sizeof(bd->disk), slash ? slash + 1 : real);
		read_uevent(dir, "PARTNAME", bd->partlabel, sizeof(bd->partlabel));
	}
	bds->nr++;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct blockdev *)a)->name,
		      ((const struct blockdev *)b)->name);
}

int blockdevs_scan(struct blockdevs *bds, const char *sysfs, const char *devdir)
{
	char dir[PATH_MAX];
	struct dirent *de;
	unsigned int i;
	DIR *d;

	bds->nr = 0;
	snprintf(dir, sizeof(dir), "%s/class/block", sysfs);
	d = opendir(dir);
	if (!d)
		return -errno;
	bds->truncated = 0;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (bds->nr == BLOCKDEV_MAX) {
			bds->truncated = 1;
			break;
		}
		scan_one(bds, sysfs, devdir, de->d_name);
	}
	closedir(d);
	qsort(bds->dev, bds->nr, sizeof(bds->dev[0]), by_name);
	for (i = 0; i < bds->nr; i++) {
		if (!bds->dev[i].partno)
			probe_table(bds, &bds->dev[i]);
		probe_fs(&bds->dev[i]);
	}
	return 0;
}

const struct blockdev *blockdev_by_devt(const struct blockdevs *bds, dev_t devt)
{
	unsigned int i;

	for (i = 0; i < bds->nr; i++) {
		if (bds->dev[i].devt == devt)
			return &bds->dev[i];
	}
	return NULL;
}

static int add_found(unsigned int *found, unsigned int max, int n, unsigned int i)
{
	if ((unsigned int)n < max)
		found[n] = i;
	return n + 1;
}

/* Partition @partno of the disk @bd is on; -1 if there is none */
static int same_disk(const struct blockdevs *bds, const struct blockdev *bd,
		     int partno)
{
	unsigned int i;

	for (i = 0; i < bds->nr; i++) {
		if (!strcmp(bds->dev[i].disk, bd->disk) && bds->dev[i].partno == partno)
			return i;
	}
	return -1;
}

/*
 * The kernel's sscanf(s, "%d%c") == 1: spaces, an optional '-', digits
 * and nothing after; the value wraps as its simple_strntoll() does
 */
static int kernel_scan_int(const char *s, int *v)
{
	unsigned long long r = 0;
	int neg = 0;

	while (isspace((unsigned char)*s))
		s++;
	if (*s == '-') {
		neg = 1;
		s++;
	}
	if (!isdigit((unsigned char)*s))
		return -EINVAL;
	while (isdigit((unsigned char)*s))
		r = r * 10 + (unsigned int)(*s++ - '0');
	if (*s)
		return -EINVAL;
	*v = (int)(unsigned int)(neg ? -r : r);
	return 0;
}

/*
 * devt_from_partuuid(): UUID is matched as a prefix, ignoring case; the
 * kernel takes the first partition that matches (in an order nobody
 * chooses), then the partition PARTNROFF= after it on the same disk, by a
 * u8 partition number (part_devt()), 0 being the whole disk.  So every
 * UUID match counts, whether or not its offset partition exists.
 */
static int lookup_partuuid(const struct blockdevs *bds, const char *uuid,
			   unsigned int *found, unsigned int max)
{
	const char *slash = strchr(uuid, '/');
	size_t len = slash ? (size_t)(slash - uuid) : strlen(uuid);
	int offset = 0, n = 0, target, first = -1, matches = 0;
	unsigned int i;

	if (slash && (strncmp(slash + 1, "PARTNROFF=", 10) ||
		      kernel_scan_int(slash + 11, &offset)))
		return -EINVAL;
	if (!len)
		return -EINVAL;
	for (i = 0; i < bds->nr; i++) {
		const struct blockdev *bd = &bds->dev[i];

		if (!bd->partno || !bd->partuuid[0] ||
		    strncasecmp(uuid, bd->partuuid, len))
			continue;
		matches++;
		target = offset ? same_disk(bds, bd,
					    (unsigned char)(bd->partno + (unsigned int)offset)) :
				  (int)i;
		if (first < 0)
			first = target;
		n = add_found(found, max, n, target >= 0 ? (unsigned int)target : i);
	}
	/* One match: found, if its offset partition is there */
	if (matches == 1)
		return first >= 0;
	return n;
}

/* The disk called @name (its '/' written '!'), or -1 */
static int disk_named(const struct blockdevs *bds, const char *name)
{
	unsigned int i;

	for (i = 0; i < bds->nr; i++) {
		if (!bds->dev[i].partno && !strcmp(bds->dev[i].name, name))
			return i;
	}
	return -1;
}

/* devt_from_devname(): a disk by name, or a partition by its disk's name */
static int lookup_devname(const struct blockdevs *bds, const char *name,
			  unsigned int *found, unsigned int max)
{
	unsigned long part_ul;
	char s[32], *p;
	int disk, part, i;

	if (strlen(name) > 31)
		return -EINVAL;
	strcpy(s, name);
	for (p = s; *p; p++) {
		if (*p == '/')
			*p = '!';
	}
	disk = disk_named(bds, s);
	if (disk >= 0)
		return add_found(found, max, 0, disk);
	while (p > s && isdigit((unsigned char)p[-1]))
		p--;
	if (p == s || !*p || *p == '0')
		return 0;
	errno = 0;
	part_ul = strtoul(p, NULL, 10);
	if (errno || part_ul > INT_MAX)
		return 0;
	part = (int)part_ul;
	*p = '\0';
	disk = disk_named(bds, s);
	if (disk < 0 && p >= s + 2 && isdigit((unsigned char)p[-2]) && p[-1] == 'p') {
		p[-1] = '\0';
		disk = disk_named(bds, s);
	}
	if (disk < 0)
		return 0;
	i = same_disk(bds, &bds->dev[disk], part);
	return i < 0 ? 0 : add_found(found, max, 0, i);
}

/* devt_from_devnum(): MAJ:MIN, or a hexadecimal device number */
static int lookup_devnum(const struct blockdevs *bds, const char *name,
			 unsigned int *found, unsigned int max)
{
	unsigned int maj, min, offset;
	unsigned long x;
	char *end, dummy;
	dev_t devt;
	unsigned int i;

	if (sscanf(name, "%u:%u%c", &maj, &min, &dummy) == 2 ||
	    sscanf(name, "%u:%u:%u:%c", &maj, &min, &offset, &dummy) == 3) {
		if (maj > 0xfff || min > 0xfffff)
			return -EINVAL;
		devt = makedev(maj, min);
	} else {
		/* simple_strtoul(): no space or sign before the digits */
		if (!isxdigit((unsigned char)name[0]))
			return -EINVAL;
		x = strtoul(name, &end, 16);
		if (*end)
			return -EINVAL;
		devt = makedev((x & 0xfff00) >> 8, (x & 0xff) | ((x >> 12) & 0xfff00));
	}
	for (i = 0; i < bds->nr; i++) {
		if (bds->dev[i].devt == devt)
			return add_found(found, max, 0, i);
	}
	return 0;
}

int blockdev_lookup(const struct blockdevs *bds, const char *name,
		    unsigned int *found, unsigned int max)
{
	unsigned int i;
	int n = 0;

	if (!strncmp(name, "PARTUUID=", 9))
		return lookup_partuuid(bds, name + 9, found, max);
	if (!strncmp(name, "PARTLABEL=", 10)) {
		for (i = 0; i < bds->nr; i++) {
			if (bds->dev[i].partno &&
			    !strcmp(bds->dev[i].partlabel, name + 10))
				n = add_found(found, max, n, i);
		}
		return n;
	}
	if (!strncmp(name, "/dev/", 5))
		return lookup_devname(bds, name + 5, found, max);
	return lookup_devnum(bds, name, found, max);
}
