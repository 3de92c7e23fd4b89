// SPDX-License-Identifier: GPL-2.0
/*
 * Boot entries for loopboot entry: the formats of the bootloaders that a
 * loopboot kernel is booted by, each carrying the kernel command line so
 * that the kernel splits it into the same parameters as the one given.
 * Where a format rewrites what it passes on (GRUB puts a backslash before
 * quotes and backslashes, and double quotes around a word with a space:
 * grub-core/lib/cmdline.c), only what comes through unchanged is written.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "bootentry.h"

int bootentry_format_by_name(const char *name, enum bootentry_format *f)
{
	if (!strcmp(name, "bls"))
		*f = BOOTENTRY_BLS;
	else if (!strcmp(name, "grub"))
		*f = BOOTENTRY_GRUB;
	else if (!strcmp(name, "syslinux") || !strcmp(name, "extlinux"))
		*f = BOOTENTRY_SYSLINUX;
	else
		return -EINVAL;
	return 0;
}

static int dropped(const char *name, const char *const *drop)
{
	for (; drop && *drop; drop++)
		if (!strcmp(name, *drop))
			return 1;
	return 0;
}

/* Append @n bytes of @s to @out (@len used of @size): -E2BIG when they do not fit */
static int put(char *out, size_t size, size_t *len, const char *s, size_t n)
{
	if (*len + n >= size)
		return -E2BIG;
	memcpy(out + *len, s, n);
	*len += n;
	out[*len] = '\0';
	return 0;
}

static int puts0(char *out, size_t size, size_t *len, const char *s)
{
	return put(out, size, len, s, strlen(s));
}

/* Whether @s holds a byte the kernel splits at, or a quote */
static int needs_quotes(const char *s)
{
	for (; *s; s++)
		if (cmdline_isspace((unsigned char)*s) || *s == '"')
			return 1;
	return 0;
}

int bootentry_cmdline(const struct cmdline *cl, const char *host,
		      const char *const *drop, char *out, size_t size)
{
	const char *v, *image;
	size_t len = 0;
	int last = -1, err = 0;
	unsigned int i;

	for (i = 0; i < cl->nr; i++)
		if (!strcmp(cl->param[i].name, "loopboot"))
			last = i;
	if (size)
		out[0] = '\0';
	for (i = 0; i < cl->nr && !err; i++) {
		if (dropped(cl->param[i].name, drop))
			continue;
		if (len)
			err = puts0(out, size, &len, " ");
		if (err)
			break;
		if ((int)i != last || !host) {
			/* As it was written, quotes and all */
			err = put(out, size, &len, cl->param[i].raw, cl->param[i].raw_len);
			continue;
		}
		/* HOST ends at the first ":/" (module/parse.c) */
		v = cl->param[i].value;
		image = v ? strstr(v, ":/") : NULL;
		if (!image || needs_quotes(host))
			return -EINVAL;
		/* An image path with a space in it, quoted as next_arg() reads it */
		if (strchr(image, '"'))
			return -EINVAL;
		err = puts0(out, size, &len, needs_quotes(image) ? "loopboot=\"" : "loopboot=");
		if (!err)
			err = puts0(out, size, &len, host);
		if (!err)
			err = puts0(out, size, &len, image);
		if (!err && needs_quotes(image))
			err = puts0(out, size, &len, "\"");
	}
	if (!err && cl->init_args) {
		err = puts0(out, size, &len, len ? " --" : "--");
		if (!err && *cl->init_args)
			err = puts0(out, size, &len, " ");
		if (!err)
			err = puts0(out, size, &len, cl->init_args);
	}
	return err;
}

/* A word GRUB passes to the kernel as it is, without quotes */
static int grub_plain(const char *s)
{
	return *s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
			    "0123456789_./:=,+-@%^~") == strlen(s);
}

/*
 * Whether @s has a byte the kernel splits at other than the space: GRUB
 * quotes a word for the kernel only when it has a space in it
 */
static int odd_space(const char *s)
{
	for (; *s; s++)
		if (*s != ' ' && cmdline_isspace((unsigned char)*s))
			return 1;
	return 0;
}

/*
 * The kernel's parameters as words of GRUB's "linux" line: GRUB unquotes
 * each word, then quotes it again for the kernel if it has a space
 */
static int grub_words(FILE *f, const char *options)
{
	struct cmdline cl;
	const char *s;
	unsigned int i;
	size_t n;

	if (cmdline_split(&cl, options))
		return -E2BIG;
	for (i = 0; i < cl.nr; i++) {
		const char *name = cl.param[i].name, *v = cl.param[i].value;

		if (strpbrk(name, "'\"\\") || (v && strpbrk(v, "'\"\\")) ||
		    odd_space(name) || (v && odd_space(v)))
			return -EINVAL;
		if (grub_plain(name) && (!v || !*v || grub_plain(v)))
			fprintf(f, " %s%s%s", name, v ? "=" : "", v ? v : "");
		else
			fprintf(f, " '%s%s%s'", name, v ? "=" : "", v ? v : "");
	}
	if (!cl.init_args)
		return 0;
	/* init's arguments, split at spaces */
	fputs(" --", f);
	for (s = cl.init_args; *s; s += n) {
		n = strcspn(s, " ");
		if (n && (memchr(s, '\'', n) || memchr(s, '"', n) || memchr(s, '\\', n)))
			return -EINVAL;
		for (i = 0; i < n; i++)
			if (cmdline_isspace((unsigned char)s[i]))
				return -EINVAL;
		if (n)
			fprintf(f, " '%.*s'", (int)n, s);
		n += strspn(s + n, " ");
	}
	return 0;
}

/* @s in single quotes, for GRUB: a quote in it is '\'' */
static void grub_quoted(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

static int has_break(const char *s)
{
	return s && strpbrk(s, "\r\n");
}

static int has_init_args(const char *options)
{
	struct cmdline cl;

	return !cmdline_split(&cl, options) && cl.init_args;
}

/*
 * What the bootloader puts on the command line besides the entry's: GRUB
 * and syslinux "BOOT_IMAGE=KERNEL " first, syslinux " initrd=INITRD" last,
 * systemd-boot (before version 251) "initrd=INITRD " first
 */
static size_t loader_adds(const struct bootentry *e)
{
	size_t n = 0;

	if (e->format != BOOTENTRY_BLS)
		n += strlen("BOOT_IMAGE= ") + strlen(e->kernel);
	if (e->initrd && e->format != BOOTENTRY_GRUB)
		n += strlen(" initrd=") + strlen(e->initrd);
	return n;
}

int bootentry_write(FILE *f, const struct bootentry *e)
{
	int err = 0, plain;
	size_t n;

	if (has_break(e->title) || has_break(e->version) || has_break(e->kernel) ||
	    has_break(e->initrd) || has_break(e->options) || has_break(e->fsuuid))
		return -EINVAL;
	if (strlen(e->options) + loader_adds(e) >= COMMAND_LINE_SIZE)
		return -E2BIG;
	switch (e->format) {
	case BOOTENTRY_BLS:
		/* systemd-boot takes off the quotes a value starts and ends with */
		n = strlen(e->options);
		if (n > 1 && (e->options[0] == '"' || e->options[0] == '\'') &&
		    e->options[n - 1] == e->options[0])
			return -EINVAL;
		fprintf(f, "title %s\n", e->title);
		if (e->version)
			fprintf(f, "version %s\n", e->version);
		fprintf(f, "linux %s\n", e->kernel);
		if (e->initrd)
			fprintf(f, "initrd %s\n", e->initrd);
		fprintf(f, "options %s\n", e->options);
		break;
	case BOOTENTRY_GRUB:
		if (!e->fsuuid || !grub_plain(e->fsuuid) || !grub_plain(e->kernel) ||
		    (e->initrd && !grub_plain(e->initrd)))
			return -EINVAL;
		if (e->title[0] == '-')
			return -EINVAL;	/* an option of menuentry's */
		fputs("menuentry ", f);
		grub_quoted(f, e->title);
		fputs(" {\n", f);
		fprintf(f, "\tsearch --no-floppy --fs-uuid --set=root %s\n", e->fsuuid);
		fprintf(f, "\tlinux %s", e->kernel);
		err = grub_words(f, e->options);
		fputc('\n', f);
		if (e->initrd)
			fprintf(f, "\tinitrd %s\n", e->initrd);
		fputs("}\n", f);
		break;
	case BOOTENTRY_SYSLINUX:
		if (strpbrk(e->kernel, " \t") || (e->initrd && strpbrk(e->initrd, " \t,")))
			return -EINVAL;
		/* It adds initrd= after APPEND's words: after "--", init's */
		if (e->initrd && has_init_args(e->options))
			return -EINVAL;
		plain = e->version && grub_plain(e->version);
		fprintf(f, "LABEL loopboot%s%s\n", plain ? "-" : "",
			plain ? e->version : "");
		fprintf(f, "\tMENU LABEL %s\n", e->title);
		fprintf(f, "\tLINUX %s\n", e->kernel);
		if (e->initrd)
			fprintf(f, "\tINITRD %s\n", e->initrd);
		fprintf(f, "\tAPPEND %s\n", e->options);
		break;
	}
	return err;
}
