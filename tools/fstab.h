/* SPDX-License-Identifier: GPL-2.0 */
/* The root image's /etc/fstab, against what loopboot= sets up */
#ifndef LOOPBOOT_FSTAB_H
#define LOOPBOOT_FSTAB_H

#include "image.h"
#include "parse.h"

#define FSTAB_MAX	(64 << 10)	/* bytes of /etc/fstab read */

/*
 * Report each line of @text (an fstab) that contradicts @spec: / not on
 * the root image's loop device, a swap line naming what is not swap, a
 * loop device no image is on.  @facts: what each image holds; @hostdir:
 * where the booted system sees the host.  Returns the errors found.
 */
int fstab_check(const char *text, const struct loopboot_spec *spec,
		const struct image_facts *facts, const char *hostdir);

#endif
