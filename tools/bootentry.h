/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Boot entries that loopboot entry writes: a Boot Loader Specification
 * entry (systemd-boot), a GRUB menu entry, a syslinux or extlinux stanza;
 * and the kernel command line they carry, with loopboot='s host named
 * stably.
 */
#ifndef LOOPBOOT_BOOTENTRY_H
#define LOOPBOOT_BOOTENTRY_H

#include <stddef.h>
#include <stdio.h>

#include "cmdline.h"

enum bootentry_format {
	BOOTENTRY_BLS,
	BOOTENTRY_GRUB,
	BOOTENTRY_SYSLINUX,
};

struct bootentry {
	enum bootentry_format format;
	const char *title;
	const char *version;	/* the kernel's release, or NULL */
	const char *kernel;	/* its path from the root of its filesystem */
	const char *initrd;	/* likewise, or NULL (loopboot needs none) */
	const char *options;	/* the kernel command line */
	const char *fsuuid;	/* GRUB: the UUID of the kernel's filesystem */
};

/* "bls", "grub" or "syslinux" (also "extlinux"): 0, or -EINVAL */
int bootentry_format_by_name(const char *name, enum bootentry_format *f);

/*
 * The command line of @cl again, as one string the kernel splits into the
 * same parameters, with the value of its last loopboot= changed to have
 * @host as its HOST (NULL: unchanged) and the parameters named in @drop
 * (NULL-terminated, or NULL) left out; what follows "--" (init's) as it
 * was.  -E2BIG if it does not fit @size,
 * -EINVAL if loopboot= has no HOST:/IMAGE to change.
 */
int bootentry_cmdline(const struct cmdline *cl, const char *host,
		      const char *const *drop, char *out, size_t size);

/*
 * Write @e to @f in its format.  -EINVAL: a field holds what the format
 * cannot carry (a line break; for GRUB, which puts a backslash before
 * them, a parameter with a quote or a backslash), -E2BIG: a command line
 * longer than the kernel's COMMAND_LINE_SIZE.
 */
int bootentry_write(FILE *f, const struct bootentry *e);

#endif
