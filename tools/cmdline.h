/* SPDX-License-Identifier: GPL-2.0 */
/* A kernel command line, split into parameters as the kernel splits it */
#ifndef LOOPBOOT_CMDLINE_H
#define LOOPBOOT_CMDLINE_H

#include <stddef.h>

#define CMDLINE_MAX	4096	/* bytes of a command line we read */
#define COMMAND_LINE_SIZE	2048	/* the kernel's, on x86 and arm64 */
#define CMDLINE_PARAMS_MAX	256

struct cmdline {
	char buf[CMDLINE_MAX];
	char orig[CMDLINE_MAX];	/* the string as it was given */
	struct {
		const char *name;
		const char *value;	/* NULL: no '=' */
		const char *raw;	/* in orig: the parameter as written */
		size_t raw_len;
	} param[CMDLINE_PARAMS_MAX];
	unsigned int nr;
	const char *init_args;	/* what follows "--" (init's), or NULL */
};

/* The whole of a small file (a boot entry) in @buf: -errno, -E2BIG */
int cmdline_read_file(const char *path, char *buf, size_t size);
/* This boot's command line, /proc/cmdline, without its newline: -errno, -E2BIG */
int cmdline_read_proc(char *buf, size_t size);
/* The kernel's isspace() (lib/ctype.c), which its parser splits at */
int cmdline_isspace(int c);
/* Split @str (kernel/params.c's next_arg(): quotes, up to "--"); -E2BIG */
int cmdline_split(struct cmdline *cl, const char *str);
/* The value of the last @name= (module parameters: '-' and '_' alike) */
const char *cmdline_value(const struct cmdline *cl, const char *name);
/* Whether @name is given, with or without a value */
int cmdline_has(const struct cmdline *cl, const char *name);
/*
 * The kernel command line a boot entry gives: a Boot Loader Specification
 * entry's "options", a GRUB "linux" line's arguments, a syslinux or
 * extlinux "APPEND"; the first entry in the file.  -ENOENT: none found.
 */
int cmdline_from_entry(const char *text, char *out, size_t size);
/* An int parameter as param_set_int() reads it (kstrtoint(s, 0)): -errno */
int cmdline_kstrtoint(const char *s, int *v);

#endif
