/* SPDX-License-Identifier: GPL-2.0 */
/* Running a filesystem's own tool, and reading what it says */
#ifndef LOOPBOOT_RUN_H
#define LOOPBOOT_RUN_H

#include <stddef.h>

/*
 * Run @argv (looked up in PATH) with stdin from /dev/null and its stdout
 * and stderr into @out (NUL-terminated, cut at @size).  Returns its exit
 * status, or -ENOENT when there is no such program, or another -errno.
 */
int run_capture(char *const argv[], char *out, size_t size);

#endif
