// SPDX-License-Identifier: GPL-2.0
/*
 * Splitting a kernel command line the way the kernel does, so that the
 * tool reads loopboot= from the same string the next boot will: quotes
 * as kernel/params.c's next_arg(), parameters end at "--", and the last
 * of a repeated parameter wins.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cmdline.h"

int cmdline_isspace(int c)
{
	/* lib/ctype.c: _S is \t \n \v \f \r, the space, and Latin-1's 0xa0 */
	return (c >= '\t' && c <= '\r') || c == ' ' || c == 0xa0;
}

/*
 * kernel/params.c's next_arg(), on our own copy of the string; @raw_len:
 * the bytes of the parameter as it was written, quotes and all
 */
static char *next_arg(char *args, char **param, char **val, size_t *raw_len)
{
	unsigned int i, equals = 0;
	int in_quote = 0, quoted = 0;

	if (*args == '"') {
		args++;
		in_quote = 1;
		quoted = 1;
	}
	for (i = 0; args[i]; i++) {
		if (cmdline_isspace((unsigned char)args[i]) && !in_quote)
			break;
		if (equals == 0 && args[i] == '=')
			equals = i;
		if (args[i] == '"')
			in_quote = !in_quote;
	}
	*param = args;
	if (!equals) {
		*val = NULL;
	} else {
		args[equals] = '\0';
		*val = args + equals + 1;
		/* The value's quotes are not part of it */
		if (**val == '"') {
			(*val)++;
			if (args[i - 1] == '"')
				args[i - 1] = '\0';
		}
	}
	if (quoted && i > 0 && args[i - 1] == '"')
		args[i - 1] = '\0';
	*raw_len = i + quoted;
	if (args[i]) {
		args[i] = '\0';
		args += i + 1;
	} else {
		args += i;
	}
	while (cmdline_isspace((unsigned char)*args))
		args++;
	return args;
}

int cmdline_split(struct cmdline *cl, const char *str)
{
	char *args = cl->buf, *param, *val, *start;
	size_t raw_len;

	cl->nr = 0;
	cl->init_args = NULL;
	if (strlen(str) >= sizeof(cl->buf))
		return -E2BIG;
	strcpy(cl->buf, str);
	strcpy(cl->orig, str);
	while (cmdline_isspace((unsigned char)*args))
		args++;
	while (*args) {
		start = args;
		args = next_arg(args, &param, &val, &raw_len);
		/* What follows "--" is init's */
		if (!val && !strcmp(param, "--")) {
			cl->init_args = args;
			break;
		}
		if (cl->nr == CMDLINE_PARAMS_MAX)
			return -E2BIG;
		cl->param[cl->nr].name = param;
		cl->param[cl->nr].value = val;
		cl->param[cl->nr].raw = cl->orig + (start - cl->buf);
		cl->param[cl->nr].raw_len = raw_len;
		cl->nr++;
	}
	return 0;
}

int cmdline_read_file(const char *path, char *buf, size_t size)
{
	FILE *f = fopen(path, "re");
	int err = 0;
	size_t n;

	if (!f)
		return -errno;
	n = fread(buf, 1, size - 1, f);
	buf[n] = '\0';
	if (ferror(f))
		err = -EIO;
	else if (!feof(f))
		err = -E2BIG;
	fclose(f);
	return err;
}

int cmdline_read_proc(char *buf, size_t size)
{
	int err = cmdline_read_file("/proc/cmdline", buf, size);

	buf[strcspn(buf, "\n")] = '\0';
	return err;
}

/* kernel/params.c's parameq(): '-' and '_' are the same in a name */
static int param_eq(const char *a, const char *b)
{
	for (; *a || *b; a++, b++) {
		if (*a == *b || ((*a == '-' || *a == '_') && (*b == '-' || *b == '_')))
			continue;
		return 0;
	}
	return 1;
}

static int param_index(const struct cmdline *cl, const char *name)
{
	int i;

	for (i = cl->nr - 1; i >= 0; i--) {
		if (param_eq(cl->param[i].name, name))
			return i;
	}
	return -1;
}

const char *cmdline_value(const struct cmdline *cl, const char *name)
{
	int i = param_index(cl, name);

	return i < 0 ? NULL : cl->param[i].value;
}

int cmdline_has(const struct cmdline *cl, const char *name)
{
	return param_index(cl, name) >= 0;
}

/*
 * The arguments of @line if it starts with @key: for GRUB's "linux",
 * those after the kernel's path, and only in lower case, as GRUB's
 * commands are (syslinux's LINUX, in any case, names the kernel only).
 * NULL if it does not.
 */
static const char *entry_args(const char *line, const char *end,
			      const char *key, int grub)
{
	size_t n = strlen(key);
	const char *p = line;

	while (p < end && isspace((unsigned char)*p))
		p++;
	if ((size_t)(end - p) <= n ||
	    (grub ? strncmp(p, key, n) : strncasecmp(p, key, n)) ||
	    !isspace((unsigned char)p[n]))
		return NULL;
	for (p += n; p < end && isspace((unsigned char)*p); p++)
		;
	if (grub) {
		while (p < end && !isspace((unsigned char)*p))
			p++;
		while (p < end && isspace((unsigned char)*p))
			p++;
	}
	return p;
}

static int append_args(char *out, size_t size, size_t *used,
		       const char *args, const char *end)
{
	size_t len = end - args;

	if (*used + len + 2 > size)
		return -E2BIG;
	if (*used)
		out[(*used)++] = ' ';
	memcpy(out + *used, args, len);
	*used += len;
	out[*used] = '\0';
	return 0;
}

/*
 * One word of a GRUB script from @p (before @end) into @w: '...' literal,
 * "..." with \\ \" \$ escaped, \x outside quotes.  Returns where it stops.
 */
static const char *grub_word(const char *p, const char *end, char *w, size_t size,
			     size_t *len)
{
	char quote = 0;

	*len = 0;
	for (; p < end && (quote || !isspace((unsigned char)*p)); p++) {
		char c = *p;

		if (!quote && (c == '\'' || c == '"')) {
			quote = c;
			continue;
		}
		if (quote && c == quote) {
			quote = 0;
			continue;
		}
		if (c == '\\' && p + 1 < end && quote != '\'' &&
		    (!quote || strchr("\\\"$", p[1])))
			c = *++p;
		if (*len + 1 < size)
			w[(*len)++] = c;
	}
	w[*len < size ? *len : size - 1] = '\0';
	return p;
}

/*
 * GRUB's "linux" arguments as the kernel gets them: GRUB unquotes each
 * word, then grub_create_loader_cmdline() puts "..." around a word with
 * a space and a backslash before each \\, ' and ".
 */
static int grub_args(char *out, size_t size, size_t *used, const char *args,
		     const char *end)
{
	char w[CMDLINE_MAX], q[2 * CMDLINE_MAX + 2];
	const char *p = args, *c;
	size_t len, n;
	int err;

	while (p < end) {
		while (p < end && isspace((unsigned char)*p))
			p++;
		if (p == end)
			break;
		p = grub_word(p, end, w, sizeof(w), &len);
		n = 0;
		if (strchr(w, ' '))
			q[n++] = '"';
		for (c = w; *c; c++) {
			if (*c == '\\' || *c == '\'' || *c == '"')
				q[n++] = '\\';
			q[n++] = *c;
		}
		if (strchr(w, ' '))
			q[n++] = '"';
		err = append_args(out, size, used, q, q + n);
		if (err)
			return err;
	}
	return 0;
}

/*
 * A Boot Loader Specification entry's "options" lines add up; in GRUB and
 * syslinux files the first entry's "linux" or "APPEND" line is the one.
 */
int cmdline_from_entry(const char *text, char *out, size_t size)
{
	static const struct {
		const char *key;
		int grub;		/* after the kernel's path, GRUB's words */
	} first_of[] = {
		{ "linux", 1 },
		{ "linuxefi", 1 },
		{ "append", 0 },	/* syslinux, extlinux (any case) */
	};
	const char *line, *end, *args;
	size_t used = 0;
	unsigned int k;
	int options = 0, err;

	if (!size)
		return -E2BIG;
	out[0] = '\0';
	for (line = text; *line; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		args = entry_args(line, end, "options", 0);
		if (!args)
			continue;
		err = append_args(out, size, &used, args, end);
		if (err)
			return err;
		options = 1;
	}
	if (options)
		return 0;
	for (line = text; *line; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		for (k = 0; k < sizeof(first_of) / sizeof(first_of[0]); k++) {
			args = entry_args(line, end, first_of[k].key,
					  first_of[k].grub);
			/* A "linux" with nothing after the path: syslinux's, in lower case */
			if (args && first_of[k].grub && args < end)
				return grub_args(out, size, &used, args, end);
			if (args && first_of[k].grub)
				continue;
			if (args)
				return append_args(out, size, &used, args, end);
		}
	}
	return -ENOENT;
}

/* lib/kstrtox.c's _kstrtoull(s, 0): base prefixes, one '\n' at the end */
static int kernel_kstrtoull(const char *s, unsigned long long *res)
{
	unsigned long long r = 0;
	unsigned int base = 10, d;
	const char *start;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X') && isxdigit((unsigned char)s[2])) {
		base = 16;
		s += 2;
	} else if (s[0] == '0') {
		base = 8;
	}
	for (start = s; isxdigit((unsigned char)*s); s++) {
		d = isdigit((unsigned char)*s) ? (unsigned int)(*s - '0') :
		    (unsigned int)(tolower((unsigned char)*s) - 'a' + 10);
		if (d >= base)
			break;
		if (r > (~0ULL - d) / base)
			return -ERANGE;
		r = r * base + d;
	}
	if (s == start)
		return -EINVAL;
	if (*s == '\n')
		s++;
	if (*s)
		return -EINVAL;
	*res = r;
	return 0;
}

int cmdline_kstrtoint(const char *s, int *v)
{
	unsigned long long u;
	int err;

	if (s[0] == '-') {
		err = kernel_kstrtoull(s + 1, &u);
		if (err)
			return err;
		if (u > (unsigned long long)INT_MAX + 1)
			return -ERANGE;
		*v = (int)-(long long)u;
		return 0;
	}
	/* kstrtoull() takes a '+', _kstrtoull() after a '-' does not */
	err = kernel_kstrtoull(s[0] == '+' ? s + 1 : s, &u);
	if (err)
		return err;
	if (u > INT_MAX)
		return -ERANGE;
	*v = (int)u;
	return 0;
}
