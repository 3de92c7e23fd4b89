// SPDX-License-Identifier: GPL-2.0
/*
 * What the booted system's /etc/fstab says against what the kernel set
 * up: systemd checks and remounts / from the fstab's device, and swaps on
 * its swap lines, so a line naming another device sends the boot to an
 * emergency shell, or swaps on what is not swap.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fstab.h"
#include "hostfs.h"
#include "report.h"

#define FSTAB_FIELD_MAX	1024	/* bytes of one fstab field */

/* The image on /dev/loopN, or -1 (swap images are on no loop device) */
static int image_on_loop(const struct loopboot_spec *spec, const char *dev)
{
	unsigned int i;
	char *end;
	long n;

	if (strncmp(dev, "/dev/loop", 9))
		return -1;
	n = strtol(dev + 9, &end, 10);
	if (end == dev + 9 || *end)
		return -1;
	for (i = 0; i < spec->nr_images; i++) {
		if (!(spec->image[i].set & LOOPBOOT_SWAP) && spec->image[i].loop == n)
			return i;
	}
	return -1;
}

/* Whether @dev names the root image's filesystem */
static int names_root(const char *dev, const struct loopboot_spec *spec,
		      const struct image_facts *root)
{
	if (!strcmp(dev, "/dev/root") || image_on_loop(spec, dev) == (int)spec->root)
		return 1;
	if (!strncmp(dev, "UUID=", 5) && root->uuid[0])
		return !strcasecmp(dev + 5, root->uuid);
	if (!strncmp(dev, "LABEL=", 6) && root->label[0])
		return !strcmp(dev + 6, root->label);
	/* udev's links name a loop device's filesystem as they name a disk's */
	if (!strncmp(dev, "/dev/disk/by-uuid/", 18) && root->uuid[0])
		return !strcasecmp(dev + 18, root->uuid);
	if (!strncmp(dev, "/dev/disk/by-label/", 19) && root->label[0])
		return !strcmp(dev + 19, root->label);
	return 0;
}

/* ext4 mounts ext2 and ext3 too; "auto" and "none" ask for no type */
static int type_fits(const char *fstab_type, const char *has)
{
	if (!has[0] || !strcmp(fstab_type, "auto") || !strcmp(fstab_type, has))
		return 1;
	return !strcmp(fstab_type, "ext4") && !strncmp(has, "ext", 3);
}

static int check_root_line(const char *dev, const char *type,
			   const struct loopboot_spec *spec,
			   const struct image_facts *facts)
{
	const struct loopboot_image *root = &spec->image[spec->root];

	if (!names_root(dev, spec, &facts[spec->root])) {
		report(FOUND_ERROR, "image %s: its /etc/fstab mounts / from %s, but root is /dev/loop%u: the booted system would check and remount a device that is not its root (write /dev/loop%u there)",
		       root->path, dev, root->loop, root->loop);
		return 1;
	}
	/* Remounting / ignores the type; fsck by the fstab's type would not */
	if (!type_fits(type, facts[spec->root].fstype))
		report(FOUND_WARNING, "image %s: its /etc/fstab says / is %s, but it holds %s: write %s there, or auto",
		       root->path, type, facts[spec->root].fstype, facts[spec->root].fstype);
	return 0;
}

static int check_swap_line(const char *dev, const struct loopboot_spec *spec,
			   const struct image_facts *facts, const char *hostdir)
{
	const char *root_path = spec->image[spec->root].path;
	size_t n = strlen(hostdir);
	unsigned int i;
	int img;

	if (!strncmp(dev, "/dev/loop", 9)) {
		img = image_on_loop(spec, dev);
		if (img < 0) {
			report(FOUND_ERROR, "image %s: its /etc/fstab swaps on %s, which no image of loopboot= is on",
			       root_path, dev);
			return 1;
		}
		if (strcmp(facts[img].fstype, "swap")) {
			report(FOUND_ERROR, "image %s: its /etc/fstab swaps on %s, which holds image %s, %s, not swap",
			       root_path, dev, spec->image[img].path,
			       facts[img].fstype[0] ? facts[img].fstype : "nothing known");
			return 1;
		}
		return 0;
	}
	if (strncmp(dev, hostdir, n) || dev[n] != '/')
		return 0;
	for (i = 0; i < spec->nr_images; i++) {
		if (strcmp(dev + n, spec->image[i].path))
			continue;
		if (spec->image[i].set & LOOPBOOT_SWAP) {
			report(FOUND_NOTE, "image %s: its /etc/fstab swaps on %s, which loopboot swaps on already (swap): that line fails as busy; remove it",
			       root_path, dev);
			return 0;
		}
		report(FOUND_ERROR, "image %s: its /etc/fstab swaps on %s, which loopboot attaches to /dev/loop%u as a filesystem",
		       root_path, dev, spec->image[i].loop);
		return 1;
	}
	return 0;
}

static int check_other_line(const char *dev, const char *dir, const char *type,
			    const struct loopboot_spec *spec,
			    const struct image_facts *facts)
{
	const char *root_path = spec->image[spec->root].path;
	int img;

	if (strncmp(dev, "/dev/loop", 9) || strchr(dev + 9, 'p'))
		return 0;
	img = image_on_loop(spec, dev);
	if (img < 0) {
		report(FOUND_ERROR, "image %s: its /etc/fstab mounts %s from %s, which no image of loopboot= is on",
		       root_path, dir, dev);
		return 1;
	}
	if (!type_fits(type, facts[img].fstype)) {
		report(FOUND_ERROR, "image %s: its /etc/fstab mounts %s from %s as %s, but image %s there holds %s",
		       root_path, dir, dev, type, spec->image[img].path, facts[img].fstype);
		return 1;
	}
	return 0;
}

int fstab_check(const char *text, const struct loopboot_spec *spec,
		const struct image_facts *facts, const char *hostdir)
{
	char dev[FSTAB_FIELD_MAX], dir[FSTAB_FIELD_MAX], type[FSTAB_FIELD_MAX];
	const char *line, *end;
	char buf[3 * FSTAB_FIELD_MAX + 16];
	int errors = 0, root_seen = 0;
	size_t len;

	for (line = text; *line; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		len = end - line;
		if (len >= sizeof(buf))
			continue;
		memcpy(buf, line, len);
		buf[len] = '\0';
		if (sscanf(buf, " %1023s %1023s %1023s", dev, dir, type) != 3 || dev[0] == '#')
			continue;
		hostfs_unescape(dev);
		hostfs_unescape(dir);
		if (!strcmp(dir, "/")) {
			root_seen = 1;
			errors += check_root_line(dev, type, spec, facts);
		} else if (!strcmp(type, "swap")) {
			errors += check_swap_line(dev, spec, facts, hostdir);
		} else {
			errors += check_other_line(dev, dir, type, spec, facts);
		}
	}
	if (!errors)
		report(FOUND_OK, "image %s: its /etc/fstab agrees with loopboot=%s",
		       spec->image[spec->root].path, root_seen ? "" : " (it does not name /)");
	return errors;
}
