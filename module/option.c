// SPDX-License-Identifier: GPL-2.0
/*
 * loopboot: one OPT of an image in loopboot=, the words it may be and the
 * values they take.  Like parse.c, nothing but string functions.
 */
#include <linux/errno.h>
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/limits.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include "parse.h"

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

struct loopboot_word {
	const char *name;	/* ending in '=' when it takes a value */
	unsigned int flag;	/* LOOPBOOT_* */
	unsigned int conflicts;	/* options it cannot go with */
};

static const struct loopboot_word loopboot_words[] __initconst = {
	{ "ro",		LOOPBOOT_RO,	LOOPBOOT_RW | LOOPBOOT_SWAP | LOOPBOOT_DISCARD },
	{ "rw",		LOOPBOOT_RW,	LOOPBOOT_RO },
	{ "dio",	LOOPBOOT_DIO,	LOOPBOOT_NODIO | LOOPBOOT_SWAP },
	{ "nodio",	LOOPBOOT_NODIO,	LOOPBOOT_DIO | LOOPBOOT_SWAP },
	{ "partscan",	LOOPBOOT_PARTSCAN, LOOPBOOT_SWAP },
	{ "root",	LOOPBOOT_ROOT,	LOOPBOOT_SWAP },
	{ "offset=",	LOOPBOOT_OFFSET, LOOPBOOT_SWAP },
	{ "sizelimit=",	LOOPBOOT_SIZELIMIT, LOOPBOOT_SWAP },
	{ "loop=",	LOOPBOOT_LOOP,	LOOPBOOT_SWAP },
	{ "sector-size=", LOOPBOOT_SECTOR_SIZE, LOOPBOOT_SWAP },
	{ "discard",	LOOPBOOT_DISCARD, LOOPBOOT_RO | LOOPBOOT_SWAP },
	/* The host's own swap file: none of the loop device's options */
	{ "swap",	LOOPBOOT_SWAP,	LOOPBOOT_RO | LOOPBOOT_DIO |
					LOOPBOOT_NODIO | LOOPBOOT_PARTSCAN |
					LOOPBOOT_ROOT | LOOPBOOT_OFFSET |
					LOOPBOOT_SIZELIMIT | LOOPBOOT_LOOP |
					LOOPBOOT_SECTOR_SIZE | LOOPBOOT_DISCARD },
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
			if (loopboot_word_is(s, len, w->name))
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
		return loopboot_image_error(ctx, -EINVAL, "option \"%.*s\" given twice",
				   (int)strlen(w->name), w->name);
	for (o = loopboot_words; o < loopboot_words + ARRAY_SIZE(loopboot_words); o++) {
		if (img->set & w->conflicts & o->flag)
			return loopboot_image_error(ctx, -EINVAL,
					   "options \"%s\" and \"%s\" exclude each other",
					   o->name, w->name);
	}
	if (w->flag != LOOPBOOT_ROOT)
		return 0;
	for (n = 0; n < spec->nr_images - 1; n++) {
		if (spec->image[n].set & LOOPBOOT_ROOT)
			return loopboot_image_error(ctx, -EINVAL,
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
		return loopboot_image_error(ctx, -EINVAL,
				   "\"%.*s\": not a loop device number (digits only)",
				   shown, s);
	err = loopboot_parse_size(value, value_len, &v);
	if (err)
		return loopboot_image_error(ctx, err, "\"%.*s\": %s", shown, s,
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
			return loopboot_image_error(ctx, -ERANGE,
					   "\"%.*s\": above the highest loop device, %d",
					   shown, s, LOOPBOOT_LOOP_MAX);
		img->loop = v;
		break;
	case LOOPBOOT_SECTOR_SIZE:
		if (v < LOOPBOOT_SECTOR_MIN || v > LOOPBOOT_SECTOR_MAX ||
		    (v & (v - 1)))
			return loopboot_image_error(ctx, -EINVAL,
					   "\"%.*s\": a sector is 512, 1024, 2048 or 4096 bytes",
					   shown, s);
		img->sector_size = v;
		break;
	}
	return 0;
}

/**
 * loopboot_parse_option - apply one OPT to the image parsed last
 * @ctx: the parse, whose last image the OPT belongs to
 * @s: the OPT, not NUL-terminated
 * @len: its length
 *
 * Return: 0, or a negative errno with the message set.
 */
int __init loopboot_parse_option(struct loopboot_ctx *ctx,
				 const char *s, size_t len)
{
	struct loopboot_image *img = &ctx->spec->image[ctx->spec->nr_images - 1];
	int shown = min_t(size_t, len, LOOPBOOT_OPT_MAX);
	const struct loopboot_word *w;
	const char *value = NULL;
	int err;

	w = loopboot_find_word(s, len, &value);
	if (len > LOOPBOOT_OPT_MAX)
		return loopboot_image_error(ctx, -EINVAL,
				   "option \"%.*s...\" longer than %d characters",
				   shown, s, LOOPBOOT_OPT_MAX);
	if (!w)
		return loopboot_image_error(ctx, -EINVAL, "unknown option \"%.*s\"",
				   shown, s);
	err = loopboot_check_word(ctx, w);
	if (!err && value)
		err = loopboot_store_value(ctx, w, s, len, value);
	if (err)
		return err;
	img->set |= w->flag;
	return 0;
}
