// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness for loopboot_parse(): any input must give either a
 * message or a spec that keeps every promise of the grammar.
 */
#include <stdlib.h>

#include "parse.h"

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "broken: %s\n", #cond);		\
			abort();					\
		}							\
	} while (0)

static void check_spec(const struct loopboot_spec *spec)
{
	unsigned int i, j;

	CHECK(spec->host[0] && strlen(spec->host) <= LOOPBOOT_HOST_MAX);
	CHECK(spec->nr_images >= 1 && spec->nr_images <= LOOPBOOT_MAX_IMAGES);
	if (spec->root == LOOPBOOT_NO_ROOT) {
		for (i = 0; i < spec->nr_images; i++)
			CHECK(spec->image[i].set & LOOPBOOT_SWAP);
	} else {
		CHECK(spec->root < spec->nr_images);
		CHECK(!(spec->image[spec->root].set & LOOPBOOT_SWAP));
	}
	for (i = 0; i < spec->nr_images; i++) {
		const struct loopboot_image *img = &spec->image[i];

		CHECK(img->path[0] == '/');
		CHECK(strlen(img->path) <= LOOPBOOT_PATH_MAX);
		CHECK(!strstr(img->path, "/../") && !strstr(img->path, "//"));
		CHECK(!((img->set & LOOPBOOT_RO) && (img->set & LOOPBOOT_RW)));
		CHECK(!((img->set & LOOPBOOT_DIO) && (img->set & LOOPBOOT_NODIO)));
		CHECK(img->offset <= INT64_MAX && img->sizelimit <= INT64_MAX);
		CHECK(img->loop <= LOOPBOOT_LOOP_MAX + LOOPBOOT_MAX_IMAGES);
		if (img->set & LOOPBOOT_LOOP)
			CHECK(img->loop <= LOOPBOOT_LOOP_MAX);
		if (!(img->set & LOOPBOOT_RO))
			CHECK(!spec->all_ro);
		/* 0 (the default), or a power of two from 512 to 4096 */
		CHECK(!img->sector_size ||
		      (img->sector_size >= LOOPBOOT_SECTOR_MIN &&
		       img->sector_size <= LOOPBOOT_SECTOR_MAX &&
		       !(img->sector_size & (img->sector_size - 1))));
		CHECK(!(img->set & LOOPBOOT_SECTOR_SIZE) == !img->sector_size);
		/* swap takes none of the loop device's options */
		if (img->set & LOOPBOOT_SWAP)
			CHECK(!(img->set & ~(LOOPBOOT_SWAP | LOOPBOOT_RW)));
		for (j = 0; j < i; j++)
			CHECK((img->set & LOOPBOOT_SWAP) ||
			      (spec->image[j].set & LOOPBOOT_SWAP) ||
			      spec->image[j].loop != img->loop);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct loopboot_spec spec;
	char msg[LOOPBOOT_MSG_MAX];
	char *str = malloc(size + 1);
	int err;

	if (!str)
		return 0;
	memcpy(str, data, size);
	str[size] = '\0';

	err = loopboot_parse(str, &spec, msg, sizeof(msg));
	if (err) {
		CHECK(err < 0);
		CHECK(msg[0] != '\0' && strlen(msg) < sizeof(msg));
	} else {
		check_spec(&spec);
	}
	free(str);
	return 0;
}
