// SPDX-License-Identifier: GPL-2.0
/*
 * loopboot: the checks of the loopboot.* parameters (loopboot.fstype=,
 * loopboot.flags=, loopboot.hostdir=, loopboot.timeout=; a module's
 * fstype=, ...).  Like parse.c, nothing but string functions, so that the
 * loopboot tool refuses exactly what the kernel refuses.
 */
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "parse.h"

static __printf(4, 5) int __init
loopboot_param_error(char *msg, size_t msg_len, int err, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, msg_len, fmt, args);
	va_end(args);
	return err;
}

/* A list of filesystem types: no empty entry, at either end or between */
static bool __init loopboot_fstypes_ok(const char *list)
{
	const char *s;

	if (!*list)
		return false;
	for (s = list; *s; s++) {
		if (*s == ',' && (s == list || !s[1] || s[1] == ','))
			return false;
	}
	return true;
}

/**
 * loopboot_check_params - check the loopboot.* parameters
 * @params: their values, NULL or -1 where not given
 * @msg: where a message goes on failure, naming the parameter at fault
 * @msg_len: size of @msg
 *
 * Return: 0, or a negative errno with @msg set.
 */
int __init loopboot_check_params(const struct loopboot_params *params,
				 char *msg, size_t msg_len)
{
	const char *dir = params->hostdir;

	if (params->timeout > LOOPBOOT_TIMEOUT_MAX || params->timeout < -1)
		return loopboot_param_error(msg, msg_len, -ERANGE,
					    "loopboot.timeout=%d: not between 0 and %d",
					    params->timeout, LOOPBOOT_TIMEOUT_MAX);
	if (params->fstype && !loopboot_fstypes_ok(params->fstype))
		return loopboot_param_error(msg, msg_len, -EINVAL,
					    "loopboot.fstype=%s: empty filesystem type in the list",
					    params->fstype);
	if (params->flags && strlen(params->flags) > LOOPBOOT_FLAGS_MAX)
		return loopboot_param_error(msg, msg_len, -E2BIG,
					    "loopboot.flags=: longer than %d characters",
					    LOOPBOOT_FLAGS_MAX);
	if (!dir || !strcmp(dir, "none"))
		return 0;
	if (dir[0] != '/' || strstr(dir, "/.."))
		return loopboot_param_error(msg, msg_len, -EINVAL,
					    "loopboot.hostdir=%s: not an absolute path without \"..\", nor \"none\"",
					    dir);
	if (strlen(dir) > LOOPBOOT_HOSTDIR_MAX)
		return loopboot_param_error(msg, msg_len, -ENAMETOOLONG,
					    "loopboot.hostdir=: longer than %d characters",
					    LOOPBOOT_HOSTDIR_MAX);
	return 0;
}
