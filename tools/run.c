// SPDX-License-Identifier: GPL-2.0
/* posix_spawnp() and a pipe: the tools we run take no input */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run.h"

extern char **environ;

/*
 * Our environment with LC_ALL=C: we read the tools' output ("Volume Flags:",
 * "Dirty bit is set"), which a translated locale would reword.  NULL when
 * out of memory.
 */
static char **c_locale_environ(void)
{
	static char c_locale[] = "LC_ALL=C";
	size_t n = 0, i, j = 0;
	char **env;

	while (environ[n])
		n++;
	env = calloc(n + 2, sizeof(*env));
	if (!env)
		return NULL;
	for (i = 0; i < n; i++) {
		if (strncmp(environ[i], "LC_ALL=", 7) &&
		    strncmp(environ[i], "LANGUAGE=", 9))
			env[j++] = environ[i];
	}
	env[j] = c_locale;
	return env;
}

int run_capture(char *const argv[], char *out, size_t size)
{
	posix_spawn_file_actions_t fa;
	size_t used = 0;
	int fds[2], status, err;
	ssize_t n;
	pid_t pid;
	char sink[256], **env;

	env = c_locale_environ();
	if (!env)
		return -ENOMEM;
	if (pipe2(fds, O_CLOEXEC)) {
		free(env);
		return -errno;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 2);
	err = posix_spawnp(&pid, argv[0], &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	free(env);
	close(fds[1]);
	if (err) {
		close(fds[0]);
		return -err;
	}
	/* Read to the end, so that the tool never blocks on a full pipe */
	for (;;) {
		if (used + 1 < size)
			n = read(fds[0], out + used, size - 1 - used);
		else
			n = read(fds[0], sink, sizeof(sink));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (used + 1 < size)
			used += n;
	}
	close(fds[0]);
	if (size)
		out[used] = '\0';
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			return -errno;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return -ENOENT;	/* posix_spawnp's child found no program */
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}
