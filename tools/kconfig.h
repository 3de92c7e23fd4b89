/* SPDX-License-Identifier: GPL-2.0 */
/* A kernel's .config, as /boot/config-VERSION or /proc/config.gz hold it */
#ifndef LOOPBOOT_KCONFIG_H
#define LOOPBOOT_KCONFIG_H

#include <stddef.h>

struct kconfig;

/* Read @path (gzip'd if it ends in .gz); NULL with errno set */
struct kconfig *kconfig_read(const char *path);
struct kconfig *kconfig_parse(const char *text);
void kconfig_free(struct kconfig *kc);
/* 'y', 'm', or 'n' when not set; @sym without CONFIG_ */
char kconfig_tristate(const struct kconfig *kc, const char *sym);
/* A string or number symbol's value, unquoted; NULL when not set */
const char *kconfig_value(const struct kconfig *kc, const char *sym);

#endif
