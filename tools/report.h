/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What loopboot check found: one line per finding, and the exit status
 * they add up to (loopboot(8), EXIT STATUS).
 */
#ifndef LOOPBOOT_REPORT_H
#define LOOPBOOT_REPORT_H

#include <stdio.h>

/* Exit statuses, as loopboot(8) documents them */
#define EXIT_BOOTS		0	/* the boot will work */
#define EXIT_WOULD_FAIL		1	/* the boot would fail: an error found */
#define EXIT_USAGE		2	/* the command line was wrong */
#define EXIT_UNCHECKED		3	/* something could not be checked */

enum finding {
	FOUND_OK,	/* checked, and right */
	FOUND_NOTE,	/* worth knowing, changes nothing */
	FOUND_WARNING,	/* boots, but risks data or speed */
	FOUND_ERROR,	/* the boot would fail, or harm the host */
	FOUND_UNCHECKED,	/* could not be checked */
};

__attribute__((format(printf, 2, 3)))
void report(enum finding what, const char *fmt, ...);
/* Whether report() said FOUND_ERROR since the start */
int report_errors(void);
int report_exit_status(void);
/* Say nothing for FOUND_OK (--quiet) */
void report_quiet(int quiet);
/* Where the findings go (default stdout) */
void report_output(FILE *f);

/* -EINVAL as the kernel's %pe prints it: "-EINVAL" */
const char *report_errname(int err);

#endif
