// SPDX-License-Identifier: GPL-2.0
/*
 * loopboot: the parser of loopboot=HOST:IMAGE[,OPT]...[,IMAGE[,OPT]...]...
 *
 * It uses nothing but string functions, so that it builds unchanged in user
 * space for fuzzing.  It never writes to the string it parses and never
 * allocates: everything lands in a caller's struct loopboot_spec, which is
 * bounded by the LOOPBOOT_* limits.
 */
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include "parse.h"

struct loopboot_ctx {
	struct loopboot_spec *spec;
	char *msg;
	size_t msg_len;
};

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
static __printf(3, 4) int __init
image_error(struct loopboot_ctx *ctx, int err, const char *fmt, ...)
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

static bool __init word_is(const char *s, size_t len, const char *word)
{
	return strlen(word) == len && !memcmp(s, word, len);
}

/**
 * loopboot_parse_size - parse a byte count such as 4096, 64K, 1M or 2G
 * @s: the digits, not NUL-terminated
 * @len: their number
 * @val: where the value goes
 *
 * Decimal only, with an optional K, M or G (binary multiples, either case).
 *
 * Return: 0, -EINVAL if @s is not of that form, -ERANGE if the value does
 * not fit in a loff_t.
 */
static int __init loopboot_parse_size(const char *s, size_t len, u64 *val)
{
	unsigned int shift = 0;
	u64 v = 0;
	size_t i;

	if (len) {
		switch (s[len - 1]) {
		case 'K':
		case 'k':
			shift = 10;
			break;
		case 'M':
		case 'm':
			shift = 20;
			break;
		case 'G':
		case 'g':
			shift = 30;
			break;
		}
		if (shift)
			len--;
	}
	if (!len)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -EINVAL;
		if (check_mul_overflow(v, (u64)10, &v) ||
		    check_add_overflow(v, (u64)(s[i] - '0'), &v))
			return -ERANGE;
	}
	if (v > (S64_MAX >> shift))
		return -ERANGE;
	*val = v << shift;
	return 0;
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
			return image_error(ctx, -EINVAL,
					   "empty path component");
		if (word_is(s + start, i - start, ".") ||
		    word_is(s + start, i - start, ".."))
			return image_error(ctx, -EINVAL,
					   "\".\" and \"..\" are not allowed in a path");
	}
	return 0;
}

struct loopboot_word {
	const char *name;	/* ending in '=' when it takes a value */
	unsigned int flag;	/* LOOPBOOT_* */
	unsigned int conflicts;	/* options it cannot go with */
};

static const struct loopboot_word loopboot_words[] __initconst = {
	{ "ro",		LOOPBOOT_RO,	LOOPBOOT_RW | LOOPBOOT_SWAP },
	{ "rw",		LOOPBOOT_RW,	LOOPBOOT_RO },
	{ "dio",	LOOPBOOT_DIO,	LOOPBOOT_NODIO | LOOPBOOT_SWAP },
	{ "nodio",	LOOPBOOT_NODIO,	LOOPBOOT_DIO | LOOPBOOT_SWAP },
	{ "partscan",	LOOPBOOT_PARTSCAN, LOOPBOOT_SWAP },
	{ "root",	LOOPBOOT_ROOT,	LOOPBOOT_SWAP },
	{ "offset=",	LOOPBOOT_OFFSET, LOOPBOOT_SWAP },
	{ "sizelimit=",	LOOPBOOT_SIZELIMIT, LOOPBOOT_SWAP },
	{ "loop=",	LOOPBOOT_LOOP,	LOOPBOOT_SWAP },
	{ "sector-size=", LOOPBOOT_SECTOR_SIZE, LOOPBOOT_SWAP },
	/* The host's own swap file: none of the loop device's options */
	{ "swap",	LOOPBOOT_SWAP,	LOOPBOOT_RO | LOOPBOOT_DIO |
					LOOPBOOT_NODIO | LOOPBOOT_PARTSCAN |
					LOOPBOOT_ROOT | LOOPBOOT_OFFSET |
					LOOPBOOT_SIZELIMIT | LOOPBOOT_LOOP |
					LOOPBOOT_SECTOR_SIZE },
};

/* The word an OPT is, or NULL; @value: what follows its '=', if it takes one */
static const struct loopboot_word *__init
loopboot_find_word(const char *s, size_t len, const char **value)
{
	const struct loopboot_word *w;
	size_t n;

	for (w = loopboot_words; w < loopboot_words + ARRAY_SIZE(loopboot_words); w++) {
		n = strlen(w->name);
		if (w->name[n - 1] != '=') {
			if (word_is(s, len, w->name))
				return w;
		} else if (len >= n && !memcmp(s, w->name, n)) {
			*value = s + n;
			return w;
		}
	}
	return NULL;
}

/* Whether option @w may be given to the last image, after what it has */
static int __init loopboot_check_word(struct loopboot_ctx *ctx,
				      const struct loopboot_word *w)
{
	const struct loopboot_spec *spec = ctx->spec;
	const struct loopboot_image *img = &spec->image[spec->nr_images - 1];
	const struct loopboot_word *o;
	unsigned int n;

	if (img->set & w->flag)
		return image_error(ctx, -EINVAL, "option \"%.*s\" given twice",
				   (int)strlen(w->name), w->name);
	for (o = loopboot_words; o < loopboot_words + ARRAY_SIZE(loopboot_words); o++) {
		if (img->set & w->conflicts & o->flag)
			return image_error(ctx, -EINVAL,
					   "options \"%s\" and \"%s\" exclude each other",
					   o->name, w->name);
	}
	if (w->flag != LOOPBOOT_ROOT)
		return 0;
	for (n = 0; n < spec->nr_images - 1; n++) {
		if (spec->image[n].set & LOOPBOOT_ROOT)
			return image_error(ctx, -EINVAL,
					   "\"root\" already given to image %u",
					   n + 1);
	}
	return 0;
}

/* Store the value of option @s (@len characters, @w) in the last image */
static int __init loopboot_store_value(struct loopboot_ctx *ctx,
				       const struct loopboot_word *w,
				       const char *s, size_t len,
				       const char *value)
{
	struct loopboot_image *img = &ctx->spec->image[ctx->spec->nr_images - 1];
	size_t value_len = s + len - value;
	int shown = len;
	u64 v;
	int err;

	/* A loop device number takes no K, M or G */
	if (w->flag == LOOPBOOT_LOOP &&
	    (!value_len || strspn(value, "0123456789") < value_len))
		return image_error(ctx, -EINVAL,
				   "\"%.*s\": not a loop device number (digits only)",
				   shown, s);
	err = loopboot_parse_size(value, value_len, &v);
	if (err)
		return image_error(ctx, err, "\"%.*s\": %s", shown, s,
				   err == -ERANGE ? "number too large" :
				   "not a number (digits, then K, M or G)");
	switch (w->flag) {
	case LOOPBOOT_OFFSET:
		img->offset = v;
		break;
	case LOOPBOOT_SIZELIMIT:
		img->sizelimit = v;
		break;
	case LOOPBOOT_LOOP:
		if (v > LOOPBOOT_LOOP_MAX)
			return image_error(ctx, -ERANGE,
					   "\"%.*s\": above the highest loop device, %d",
					   shown, s, LOOPBOOT_LOOP_MAX);
		img->loop = v;
		break;
	case LOOPBOOT_SECTOR_SIZE:
		if (v < LOOPBOOT_SECTOR_MIN || v > LOOPBOOT_SECTOR_MAX ||
		    (v & (v - 1)))
			return image_error(ctx, -EINVAL,
					   "\"%.*s\": a sector is 512, 1024, 2048 or 4096 bytes",
					   shown, s);
		img->sector_size = v;
		break;
	}
	return 0;
}

/* Apply one OPT to the last image */
static int __init loopboot_parse_option(struct loopboot_ctx *ctx,
					const char *s, size_t len)
{
	struct loopboot_image *img = &ctx->spec->image[ctx->spec->nr_images - 1];
	int shown = min_t(size_t, len, LOOPBOOT_OPT_MAX);
	const struct loopboot_word *w;
	const char *value = NULL;
	int err;

	w = loopboot_find_word(s, len, &value);
	if (len > LOOPBOOT_OPT_MAX)
		return image_error(ctx, -EINVAL,
				   "option \"%.*s...\" longer than %d characters",
				   shown, s, LOOPBOOT_OPT_MAX);
	if (!w)
		return image_error(ctx, -EINVAL, "unknown option \"%.*s\"",
				   shown, s);
	err = loopboot_check_word(ctx, w);
	if (!err && value)
		err = loopboot_store_value(ctx, w, s, len, value);
	if (err)
		return err;
	img->set |= w->flag;
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
			return image_error(&ctx, -EINVAL,
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
