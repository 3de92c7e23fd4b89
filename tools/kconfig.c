// SPDX-License-Identifier: GPL-2.0
/* Looking up symbols in a kernel's .config */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kconfig.h"

#define KCONFIG_MAX	(16 << 20)	/* bytes: Debian's is about 270 KiB */

struct kconfig {
	char *text;	/* one "SYM=value" per line, CONFIG_ and quotes gone */
};

struct kconfig *kconfig_parse(const char *text)
{
	struct kconfig *kc = calloc(1, sizeof(*kc));
	const char *line, *end, *eq;
	char *out;

	if (!kc)
		return NULL;
	kc->text = malloc(strlen(text) + 2);
	if (!kc->text) {
		free(kc);
		return NULL;
	}
	out = kc->text;
	*out++ = '\n';
	for (line = text; *line; line = *end ? end + 1 : end) {
		end = strchrnul(line, '\n');
		eq = memchr(line, '=', end - line);
		if (strncmp(line, "CONFIG_", 7) || !eq)
			continue;
		line += 7;
		memcpy(out, line, eq + 1 - line);
		out += eq + 1 - line;
		eq++;
		if (end - eq >= 2 && *eq == '"' && end[-1] == '"') {
			memcpy(out, eq + 1, end - eq - 2);
			out += end - eq - 2;
		} else {
			memcpy(out, eq, end - eq);
			out += end - eq;
		}
		*out++ = '\n';
	}
	*out = '\0';
	return kc;
}

static char *read_all(FILE *f)
{
	size_t size = 0, n;
	char *buf = malloc(KCONFIG_MAX + 1);

	if (!buf)
		return NULL;
	while ((n = fread(buf + size, 1, KCONFIG_MAX - size, f)) > 0)
		size += n;
	if (ferror(f) || size == KCONFIG_MAX) {
		free(buf);
		errno = ferror(f) ? EIO : EFBIG;
		return NULL;
	}
	buf[size] = '\0';
	return buf;
}

struct kconfig *kconfig_read(const char *path)
{
	size_t len = strlen(path);
	struct kconfig *kc = NULL;
	char *text, *cmd;
	FILE *f;
	int gz = len > 3 && !strcmp(path + len - 3, ".gz");

	if (gz) {
		/* zcat, as the config is read once: no zlib for one file */
		if (asprintf(&cmd, "zcat -- '%s'", path) < 0)
			return NULL;
		if (strchr(path, '\'')) {
			free(cmd);
			errno = EINVAL;
			return NULL;
		}
		f = popen(cmd, "r");
		free(cmd);
	} else {
		f = fopen(path, "r");
	}
	if (!f)
		return NULL;
	text = read_all(f);
	if (gz ? pclose(f) != 0 : fclose(f) != 0) {
		if (text)
			errno = EIO;
		free(text);
		return NULL;
	}
	if (text)
		kc = kconfig_parse(text);
	free(text);
	return kc;
}

void kconfig_free(struct kconfig *kc)
{
	if (kc)
		free(kc->text);
	free(kc);
}

const char *kconfig_value(const struct kconfig *kc, const char *sym)
{
	static char value[256];
	char key[128];
	const char *p, *end;
	size_t n;

	n = snprintf(key, sizeof(key), "\n%s=", sym);
	if (n >= sizeof(key))
		return NULL;
	p = strstr(kc->text, key);
	if (!p)
		return NULL;
	p += n;
	end = strchrnul(p, '\n');
	n = end - p;
	if (n >= sizeof(value))
		n = sizeof(value) - 1;
	memcpy(value, p, n);
	value[n] = '\0';
	return value;
}

char kconfig_tristate(const struct kconfig *kc, const char *sym)
{
	const char *v = kconfig_value(kc, sym);

	if (v && (!strcmp(v, "y") || !strcmp(v, "m")))
		return v[0];
	return 'n';
}
