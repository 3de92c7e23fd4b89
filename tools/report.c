// SPDX-License-Identifier: GPL-2.0
/* loopboot check's findings: "error: ...", one per line, on stdout */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "report.h"

static const char *const finding_word[] = {
	[FOUND_OK] = "ok",
	[FOUND_NOTE] = "note",
	[FOUND_WARNING] = "warning",
	[FOUND_ERROR] = "error",
	[FOUND_UNCHECKED] = "unchecked",
};

static unsigned int found[FOUND_UNCHECKED + 1];
static int quiet;
static FILE *out;

void report(enum finding what, const char *fmt, ...)
{
	va_list args;

	found[what]++;
	if (quiet && what == FOUND_OK)
		return;
	if (!out)
		out = stdout;
	fprintf(out, "%s: ", finding_word[what]);
	va_start(args, fmt);
	vfprintf(out, fmt, args);
	va_end(args);
	fputc('\n', out);
	fflush(out);
}

int report_errors(void)
{
	return found[FOUND_ERROR] > 0;
}

int report_exit_status(void)
{
	if (found[FOUND_ERROR])
		return EXIT_WOULD_FAIL;
	if (found[FOUND_UNCHECKED])
		return EXIT_UNCHECKED;
	return EXIT_BOOTS;
}

void report_quiet(int q)
{
	quiet = q;
}

void report_output(FILE *f)
{
	out = f;
}

const char *report_errname(int err)
{
	static char buf[32];
	const char *name = strerrorname_np(-err);

	snprintf(buf, sizeof(buf), "-%s", name ? name : "E?");
	return buf;
}
