// SPDX-License-Identifier: GPL-2.0
/*
 * loopboot: the parser of loopboot=HOST:IMAGE[,OPT]...[,IMAGE[,OPT]...]...
 * (option.c parses each OPT).
 *
 * It uses nothing but string functions, so that it builds unchanged in user
 * space (the fuzzer, the loopboot tool).  It never writes to the string it parses and never
 * allocates: everything lands in a caller's struct loopboot_spec, which is
 * bounded by the LOOPBOOT_* limits.
 */
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "parse.h"

static __printf(3, 4) int __init
loopboot_parse_error(struct loopboot_ctx *ctx, int err, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(ctx->msg, ctx->msg_len, fmt, args);
	va_end(args);
	return err;
}

/* An error about the image being parsed, prefixed with its number and path */
__printf(3, 4) int __init
loopboot_image_error(struct loopboot_ctx *ctx, int err, const char *fmt, ...)
{
	const struct loopboot_spec *spec = ctx->spec;
	va_list args;
	int n;

	n = snprintf(ctx->msg, ctx->msg_len, "image %u \"%s\": ",
		     spec->nr_images, spec->image[spec->nr_images - 1].path);
	if (n < 0 || (size_t)n >= ctx->msg_len)
		return err;
	va_start(args, fmt);
	vsnprintf(ctx->msg + n, ctx->msg_len - n, fmt, args);
	va_end(args);
	return err;
}

bool __init loopboot_word_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && !memcmp(s, word, len);
}

/*
 * An IMAGE is an absolute path below the host's root: no "." or ".."
 * components, no empty ones, no control characters.  Lookup is confined to
 * the host as well; refusing these here gives the clearer message.
 */
static int __init loopboot_parse_path(struct loopboot_ctx *ctx,
				      const char *s, size_t len)
{
	struct loopboot_spec *spec = ctx->spec;
	struct loopboot_image *img;
	size_t i, start;

	if (spec->nr_images == LOOPBOOT_MAX_IMAGES)
		return loopboot_parse_error(ctx, -E2BIG,
					    "image %u: more than %d images",
					    spec->nr_images + 1,
					    LOOPBOOT_MAX_IMAGES);
	if (len > LOOPBOOT_PATH_MAX)
		return loopboot_parse_error(ctx, -ENAMETOOLONG,
					    "image %u: path longer than %d characters",
					    spec->nr_images + 1,
					    LOOPBOOT_PATH_MAX);

	img = &spec->image[spec->nr_images++];
	memcpy(img->path, s, len);
	img->path[len] = '\0';

	for (start = 1; start <= len; start = i + 1) {
		for (i = start; i < len && s[i] != '/'; i++)
			;
		if (i == start)
			return loopboot_image_error(ctx, -EINVAL,
					   "empty path component");
		if (loopboot_word_is(s + start, i - start, ".") ||
		    loopboot_word_is(s + start, i - start, ".."))
			return loopboot_image_error(ctx, -EINVAL,
					   "\".\" and \"..\" are not allowed in a path");
	}
	return 0;
}

static bool __init loopboot_loop_taken(const struct loopboot_spec *spec,
				       const bool *taken, unsigned int loop)
{
	unsigned int i;

	for (i = 0; i < spec->nr_images; i++) {
		if (taken[i] && spec->image[i].loop == loop)
			return true;
	}
	return false;
}

/*
 * Images with loop=N keep N; the others but swap take the lowest free
 * numbers, in order, so that without loop= the images are loop0, loop1, ...
 */
static int __init loopboot_assign_loops(struct loopboot_ctx *ctx)
{
	struct loopboot_spec *spec = ctx->spec;
	bool taken[LOOPBOOT_MAX_IMAGES] = { };
	unsigned int i, next = 0;

	for (i = 0; i < spec->nr_images; i++) {
		struct loopboot_image *img = &spec->image[i];

		if (!(img->set & LOOPBOOT_LOOP))
			continue;
		if (loopboot_loop_taken(spec, taken, img->loop))
			return loopboot_parse_error(ctx, -EINVAL,
						    "image %u \"%s\": loop=%u is given to an earlier image too",
						    i + 1, img->path, img->loop);
		taken[i] = true;
	}
	for (i = 0; i < spec->nr_images; i++) {
		if (taken[i] || (spec->image[i].set & LOOPBOOT_SWAP))
			continue;
		while (loopboot_loop_taken(spec, taken, next))
			next++;
		spec->image[i].loop = next++;
		taken[i] = true;
	}
	return 0;
}

/* HOST, which ends at the first ":/" of @str; @sep: where that is */
static int __init loopboot_parse_host(struct loopboot_ctx *ctx,
				      const char *str, const char **sep)
{
	size_t len;

	*sep = strstr(str, ":/");
	if (!*sep)
		return loopboot_parse_error(ctx, -EINVAL,
					    "loopboot=: no \":/\" between HOST and the first IMAGE");
	len = *sep - str;
	if (!len)
		return loopboot_parse_error(ctx, -EINVAL, "HOST: empty");
	if (len > LOOPBOOT_HOST_MAX)
		return loopboot_parse_error(ctx, -ENAMETOOLONG,
					    "HOST: longer than %d characters",
					    LOOPBOOT_HOST_MAX);
	memcpy(ctx->spec->host, str, len);
	ctx->spec->host[len] = '\0';
	return 0;
}

/* Root is the image marked so, else the first that is not swap */
static void __init loopboot_choose_root(struct loopboot_spec *spec)
{
	unsigned int i;

	spec->root = LOOPBOOT_NO_ROOT;
	spec->all_ro = true;
	for (i = 0; i < spec->nr_images; i++) {
		const struct loopboot_image *img = &spec->image[i];

		if ((img->set & LOOPBOOT_ROOT) ||
		    (!(img->set & LOOPBOOT_SWAP) && spec->root == LOOPBOOT_NO_ROOT))
			spec->root = i;
		if (!(img->set & LOOPBOOT_RO))
			spec->all_ro = false;
	}
}

/**
 * loopboot_parse - parse the value of loopboot=
 * @str: HOST:IMAGE[,OPT]...[,IMAGE[,OPT]...]...
 * @spec: where the result goes; cleared first
 * @msg: where a message goes on failure, naming the field at fault
 * @msg_len: size of @msg
 *
 * HOST ends at the first ":/", so that it may itself hold ':' (MAJ:MIN).
 * A word that starts with '/' starts a new image; the OPTs after it are
 * that image's.
 *
 * Return: 0, or a negative errno with @msg set.
 */
int __init loopboot_parse(const char *str, struct loopboot_spec *spec,
			  char *msg, size_t msg_len)
{
	struct loopboot_ctx ctx = { spec, msg, msg_len };
	const char *sep, *p, *end;
	size_t len;
	int err;

	memset(spec, 0, sizeof(*spec));
	if (msg_len)
		msg[0] = '\0';

	if (!str || !*str)
		return loopboot_parse_error(&ctx, -EINVAL,
					    "loopboot=: empty, expected HOST:IMAGE");
	/* Refused before any part of @str can reach a message or the log */
	for (p = str; *p; p++) {
		if ((unsigned char)*p < ' ' || *p == 0x7f)
			return loopboot_parse_error(&ctx, -EINVAL,
						    "loopboot=: control character at position %d",
						    (int)(p - str) + 1);
	}
	err = loopboot_parse_host(&ctx, str, &sep);
	if (err)
		return err;

	for (p = sep + 1; ; p = end + 1) {
		end = strchrnul(p, ',');
		len = end - p;
		if (!len)
			return loopboot_image_error(&ctx, -EINVAL,
					   "empty option (two commas, or one at the end)");
		if (*p == '/')
			err = loopboot_parse_path(&ctx, p, len);
		else
			err = loopboot_parse_option(&ctx, p, len);
		if (err)
			return err;
		if (!*end)
			break;
	}

	err = loopboot_assign_loops(&ctx);
	if (err)
		return err;
	loopboot_choose_root(spec);
	return 0;
}
