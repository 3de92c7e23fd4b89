// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for loopboot's parser and its checks of the loopboot.*
 * parameters: every option, every limit at N and N + 1, every message.
 * Both are __init, hence an init-section suite.
 */
#include <kunit/test.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "parse.h"

struct parse_case {
	const char *in;
	int err;
	const char *out;	/* the message, or the spec as spec_str() says */
};

/* The parsed spec in one line, so that a table can say what it expects */
static void __init spec_str(const struct loopboot_spec *spec, char *buf,
			    size_t len)
{
	static const char * const names[] __initconst = {
		"ro", "rw", "dio", "nodio", "partscan", "root",
	};
	static const unsigned int shown = LOOPBOOT_RO | LOOPBOOT_RW |
		LOOPBOOT_DIO | LOOPBOOT_NODIO | LOOPBOOT_PARTSCAN | LOOPBOOT_ROOT;
	size_t n = 0;
	unsigned int i, f;

	n += scnprintf(buf + n, len - n, "%s", spec->host);
	for (i = 0; i < spec->nr_images; i++) {
		const struct loopboot_image *img = &spec->image[i];

		if (img->set & LOOPBOOT_SWAP)
			n += scnprintf(buf + n, len - n, " %s+swap", img->path);
		else
			n += scnprintf(buf + n, len - n, " %s@%u", img->path,
				       img->loop);
		if (img->set & LOOPBOOT_OFFSET)
			n += scnprintf(buf + n, len - n, "+off=%llu", img->offset);
		if (img->set & LOOPBOOT_SIZELIMIT)
			n += scnprintf(buf + n, len - n, "+size=%llu",
				       img->sizelimit);
		if (img->set & LOOPBOOT_SECTOR_SIZE)
			n += scnprintf(buf + n, len - n, "+sector=%u",
				       img->sector_size);
		if (img->set & LOOPBOOT_DISCARD)
			n += scnprintf(buf + n, len - n, "+discard");
		for (f = 0; f < ARRAY_SIZE(names); f++) {
			if (img->set & shown & (1U << f))
				n += scnprintf(buf + n, len - n, "+%s", names[f]);
		}
	}
	if (spec->root == LOOPBOOT_NO_ROOT)
		scnprintf(buf + n, len - n, " root=none%s",
			  spec->all_ro ? " all_ro" : "");
	else
		scnprintf(buf + n, len - n, " root=%u%s", spec->root,
			  spec->all_ro ? " all_ro" : "");
}

/* An option of 31 characters, the most there can be */
#define OPT31	"offset=000000000000000000000000"

static const struct parse_case cases[] __initconst = {
	/* Accepted */
	{ "/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img", 0,
	  "/dev/vda1 /linux/linuxdsk.img@0 /linux/linuxswp.img@1 root=0" },
	{ "PARTUUID=4c4f4f50-01/PARTNROFF=1:/a,ro", 0,
	  "PARTUUID=4c4f4f50-01/PARTNROFF=1 /a@0+ro root=0 all_ro" },
	{ "PARTLABEL=host:/a", 0, "PARTLABEL=host /a@0 root=0" },
	{ "8:1:/a", 0, "8:1 /a@0 root=0" },
	{ "/dev/sda1:/a,offset=1M,sizelimit=48M,dio,partscan,loop=7,root,rw", 0,
	  "/dev/sda1 /a@7+off=1048576+size=50331648+rw+dio+partscan+root root=0" },
	{ "/d:/a,nodio,ro,/b,ro", 0, "/d /a@0+ro+nodio /b@1+ro root=0 all_ro" },
	{ "/d:/a,/s,swap,/b", 0, "/d /a@0 /s+swap /b@1 root=0" },
	{ "/d:/s,swap,/a", 0, "/d /s+swap /a@0 root=1" },
	{ "/d:/s,swap,/a,ro,/b,root", 0, "/d /s+swap /a@0+ro /b@1+root root=2" },
	{ "/d:/s,swap,rw", 0, "/d /s+swap+rw root=none" },
	{ "/d:/s,swap,/t,swap", 0, "/d /s+swap /t+swap root=none" },
	{ "/d:/a,ro,/s,swap", 0, "/d /a@0+ro /s+swap root=0" },
	{ "/d:/a,ro,/b", 0, "/d /a@0+ro /b@1 root=0" },
	{ "/d:/a,/b,loop=0,/c", 0, "/d /a@1 /b@0 /c@2 root=0" },
	{ "/d:/a,/b,root", 0, "/d /a@0 /b@1+root root=1" },
	{ "/d:/a,offset=1k,sizelimit=2g", 0,
	  "/d /a@0+off=1024+size=2147483648 root=0" },
	{ "/d:/a,offset=0,sizelimit=3m", 0, "/d /a@0+off=0+size=3145728 root=0" },
	{ "/d:/a,sector-size=512,/b,sector-size=4K", 0,
	  "/d /a@0+sector=512 /b@1+sector=4096 root=0" },
	{ "/d:/a,sector-size=1024,/b,sector-size=2048", 0,
	  "/d /a@0+sector=1024 /b@1+sector=2048 root=0" },
	{ "/d:/a,discard,/b,rw,discard", 0,
	  "/d /a@0+discard /b@1+discard+rw root=0" },
	{ "/d:/dir/sub/.hidden/a..b/x.img", 0,
	  "/d /dir/sub/.hidden/a..b/x.img@0 root=0" },
	/* Limits at N */
	{ "/d:/1,/2,/3,/4,/5,/6,/7,/8", 0,
	  "/d /1@0 /2@1 /3@2 /4@3 /5@4 /6@5 /7@6 /8@7 root=0" },
	{ "/d:/a,loop=1023", 0, "/d /a@1023 root=0" },
	{ "/d:/a,offset=9223372036854775807", 0,
	  "/d /a@0+off=9223372036854775807 root=0" },
	{ "/d:/a,offset=8589934591G", 0,
	  "/d /a@0+off=9223372035781033984 root=0" },
	{ "/d:/a," OPT31, 0,
	  "/d /a@0+off=0 root=0" },
	/* Refused */
	{ "", -EINVAL, "loopboot=: empty, expected HOST:IMAGE" },
	{ "/dev/vda1", -EINVAL,
	  "loopboot=: no \":/\" between HOST and the first IMAGE" },
	{ "/dev/vda1:linux/a.img", -EINVAL,
	  "loopboot=: no \":/\" between HOST and the first IMAGE" },
	{ ":/a", -EINVAL, "HOST: empty" },
	{ "/d:/a,bogus", -EINVAL, "image 1 \"/a\": unknown option \"bogus\"" },
	{ "/d:/a,RO", -EINVAL, "image 1 \"/a\": unknown option \"RO\"" },
	{ "/d:/a,ro,ro", -EINVAL, "image 1 \"/a\": option \"ro\" given twice" },
	{ "/d:/a,offset=1,offset=2", -EINVAL,
	  "image 1 \"/a\": option \"offset=\" given twice" },
	{ "/d:/a,ro,rw", -EINVAL,
	  "image 1 \"/a\": options \"ro\" and \"rw\" exclude each other" },
	{ "/d:/a,nodio,dio", -EINVAL,
	  "image 1 \"/a\": options \"nodio\" and \"dio\" exclude each other" },
	{ "/d:/a,nomap", -EINVAL, "image 1 \"/a\": unknown option \"nomap\"" },
	{ "/d:/a,swap,swap", -EINVAL,
	  "image 1 \"/a\": option \"swap\" given twice" },
	{ "/d:/a,swap,ro", -EINVAL,
	  "image 1 \"/a\": options \"swap\" and \"ro\" exclude each other" },
	{ "/d:/a,ro,swap", -EINVAL,
	  "image 1 \"/a\": options \"ro\" and \"swap\" exclude each other" },
	{ "/d:/a,swap,dio", -EINVAL,
	  "image 1 \"/a\": options \"swap\" and \"dio\" exclude each other" },
	{ "/d:/a,nodio,swap", -EINVAL,
	  "image 1 \"/a\": options \"nodio\" and \"swap\" exclude each other" },
	{ "/d:/a,swap,partscan", -EINVAL,
	  "image 1 \"/a\": options \"swap\" and \"partscan\" exclude each other" },
	{ "/d:/a,root,swap", -EINVAL,
	  "image 1 \"/a\": options \"root\" and \"swap\" exclude each other" },
	{ "/d:/a,swap,offset=1M", -EINVAL,
	  "image 1 \"/a\": options \"swap\" and \"offset=\" exclude each other" },
	{ "/d:/a,sizelimit=1M,swap", -EINVAL,
	  "image 1 \"/a\": options \"sizelimit=\" and \"swap\" exclude each other" },
	{ "/d:/a,swap,loop=3", -EINVAL,
	  "image 1 \"/a\": options \"swap\" and \"loop=\" exclude each other" },
	{ "/d:/a,swap,sector-size=4096", -EINVAL,
	  "image 1 \"/a\": options \"swap\" and \"sector-size=\" exclude each other" },
	{ "/d:/a,discard,ro", -EINVAL,
	  "image 1 \"/a\": options \"discard\" and \"ro\" exclude each other" },
	{ "/d:/a,ro,discard", -EINVAL,
	  "image 1 \"/a\": options \"ro\" and \"discard\" exclude each other" },
	{ "/d:/a,swap,discard", -EINVAL,
	  "image 1 \"/a\": options \"swap\" and \"discard\" exclude each other" },
	{ "/d:/a,discard,discard", -EINVAL,
	  "image 1 \"/a\": option \"discard\" given twice" },
	{ "/d:/a,sector-size=256", -EINVAL,
	  "image 1 \"/a\": \"sector-size=256\": a sector is 512, 1024, 2048 or 4096 bytes" },
	{ "/d:/a,sector-size=8192", -EINVAL,
	  "image 1 \"/a\": \"sector-size=8192\": a sector is 512, 1024, 2048 or 4096 bytes" },
	{ "/d:/a,sector-size=1536", -EINVAL,
	  "image 1 \"/a\": \"sector-size=1536\": a sector is 512, 1024, 2048 or 4096 bytes" },
	{ "/d:/a,sector-size=4096,sector-size=512", -EINVAL,
	  "image 1 \"/a\": option \"sector-size=\" given twice" },
	{ "/d:/a,root,/b,root", -EINVAL,
	  "image 2 \"/b\": \"root\" already given to image 1" },
	{ "/d:/a,offset=", -EINVAL,
	  "image 1 \"/a\": \"offset=\": not a number (digits, then K, M or G)" },
	{ "/d:/a,offset=K", -EINVAL,
	  "image 1 \"/a\": \"offset=K\": not a number (digits, then K, M or G)" },
	{ "/d:/a,offset=1T", -EINVAL,
	  "image 1 \"/a\": \"offset=1T\": not a number (digits, then K, M or G)" },
	{ "/d:/a,offset=-1", -EINVAL,
	  "image 1 \"/a\": \"offset=-1\": not a number (digits, then K, M or G)" },
	{ "/d:/a,offset=0x10", -EINVAL,
	  "image 1 \"/a\": \"offset=0x10\": not a number (digits, then K, M or G)" },
	{ "/d:/a,sizelimit=1 ", -EINVAL,
	  "image 1 \"/a\": \"sizelimit=1 \": not a number (digits, then K, M or G)" },
	{ "/d:/a,loop=2,/b,loop=2", -EINVAL,
	  "image 2 \"/b\": loop=2 is given to an earlier image too" },
	{ "/d:/a,,ro", -EINVAL,
	  "image 1 \"/a\": empty option (two commas, or one at the end)" },
	{ "/d:/a,", -EINVAL,
	  "image 1 \"/a\": empty option (two commas, or one at the end)" },
	{ "/d:/a//b", -EINVAL, "image 1 \"/a//b\": empty path component" },
	{ "/d:/a/", -EINVAL, "image 1 \"/a/\": empty path component" },
	{ "/d:/", -EINVAL, "image 1 \"/\": empty path component" },
	{ "/d:/a/../b", -EINVAL,
	  "image 1 \"/a/../b\": \".\" and \"..\" are not allowed in a path" },
	{ "/d:/./a", -EINVAL,
	  "image 1 \"/./a\": \".\" and \"..\" are not allowed in a path" },
	{ "/d:/..", -EINVAL,
	  "image 1 \"/..\": \".\" and \"..\" are not allowed in a path" },
	{ "/d:/a\tb", -EINVAL, "loopboot=: control character at position 6" },
	{ "/d:/a\x7f", -EINVAL, "loopboot=: control character at position 6" },
	/* Hostile or careless: each refused with one message */
	{ ":", -EINVAL, "loopboot=: no \":/\" between HOST and the first IMAGE" },
	{ "/d:", -EINVAL, "loopboot=: no \":/\" between HOST and the first IMAGE" },
	{ "/d:,ro", -EINVAL,
	  "loopboot=: no \":/\" between HOST and the first IMAGE" },
	{ "/d:/a,loop=", -EINVAL,
	  "image 1 \"/a\": \"loop=\": not a loop device number (digits only)" },
	{ "/d:/a,loop=-1", -EINVAL,
	  "image 1 \"/a\": \"loop=-1\": not a loop device number (digits only)" },
	{ "/d:/a,loop=1k", -EINVAL,
	  "image 1 \"/a\": \"loop=1k\": not a loop device number (digits only)" },
	{ "/d:/a,loop=99999999999999999999999", -ERANGE,
	  "image 1 \"/a\": \"loop=99999999999999999999999\": number too large" },
	{ "/d:/a,loop=1,loop=2", -EINVAL,
	  "image 1 \"/a\": option \"loop=\" given twice" },
	{ "/d:/a,loop=0,/b,/c,loop=0", -EINVAL,
	  "image 3 \"/c\": loop=0 is given to an earlier image too" },
	{ "/d:/a,offset=1MB", -EINVAL,
	  "image 1 \"/a\": \"offset=1MB\": not a number (digits, then K, M or G)" },
	{ "/d:/a,ro=1", -EINVAL, "image 1 \"/a\": unknown option \"ro=1\"" },
	{ "/d:/a,root=1", -EINVAL, "image 1 \"/a\": unknown option \"root=1\"" },
	{ "/d:/a,=", -EINVAL, "image 1 \"/a\": unknown option \"=\"" },
	{ "/d:/a,partscan,partscan", -EINVAL,
	  "image 1 \"/a\": option \"partscan\" given twice" },
	{ "/d:/a,,/b", -EINVAL,
	  "image 1 \"/a\": empty option (two commas, or one at the end)" },
	{ "/d:/a,/,ro", -EINVAL, "image 2 \"/\": empty path component" },
	{ "/d:/a/..", -EINVAL,
	  "image 1 \"/a/..\": \".\" and \"..\" are not allowed in a path" },
	{ "/d:/a\x1b[2J", -EINVAL, "loopboot=: control character at position 6" },
	{ "/d:/a\nroot=/dev/sda1", -EINVAL,
	  "loopboot=: control character at position 6" },
	{ "/d:/a,\x1b]0;owned\x07", -EINVAL,
	  "loopboot=: control character at position 7" },
	{ "/dev/\x1b[2Jsda1:/a", -EINVAL,
	  "loopboot=: control character at position 6" },
	{ "/d:/a,sizelimit=1G1", -EINVAL,
	  "image 1 \"/a\": \"sizelimit=1G1\": not a number (digits, then K, M or G)" },
	/* Limits at N + 1 */
	{ "/d:/1,/2,/3,/4,/5,/6,/7,/8,/9", -E2BIG, "image 9: more than 8 images" },
	{ "/d:/a,loop=1024", -ERANGE,
	  "image 1 \"/a\": \"loop=1024\": above the highest loop device, 1023" },
	{ "/d:/a,offset=9223372036854775808", -ERANGE,
	  "image 1 \"/a\": \"offset=9223372036854775808\": number too large" },
	{ "/d:/a,offset=8589934592G", -ERANGE,
	  "image 1 \"/a\": \"offset=8589934592G\": number too large" },
	{ "/d:/a,sizelimit=99999999999999999999", -ERANGE,
	  "image 1 \"/a\": \"sizelimit=99999999999999999999\": number too large" },
	{ "/d:/a," OPT31 "1", -EINVAL,
	  "image 1 \"/a\": option \"" OPT31 "...\" longer than 31 characters" },
};

/* The limits on HOST and IMAGE are too long to spell out in the table */
static void __init loopboot_parse_test_lengths(struct kunit *test)
{
	static char in[2 * LOOPBOOT_PATH_MAX] __initdata;
	static char msg[LOOPBOOT_MSG_MAX] __initdata;
	static struct loopboot_spec spec __initdata;

	/* HOST of 127 characters, then 128 */
	memset(in, 'h', LOOPBOOT_HOST_MAX);
	strscpy(in + LOOPBOOT_HOST_MAX, ":/a", sizeof(in) - LOOPBOOT_HOST_MAX);
	KUNIT_EXPECT_EQ(test, loopboot_parse(in, &spec, msg, sizeof(msg)), 0);
	KUNIT_EXPECT_EQ(test, strlen(spec.host), (size_t)LOOPBOOT_HOST_MAX);
	memset(in, 'h', LOOPBOOT_HOST_MAX + 1);
	strscpy(in + LOOPBOOT_HOST_MAX + 1, ":/a", sizeof(in) - LOOPBOOT_HOST_MAX - 1);
	KUNIT_EXPECT_EQ(test, loopboot_parse(in, &spec, msg, sizeof(msg)),
			-ENAMETOOLONG);
	KUNIT_EXPECT_STREQ(test, msg, "HOST: longer than 127 characters");

	/* IMAGE of 255 characters, then 256 */
	strscpy(in, "/d:", sizeof(in));
	memset(in + 3, 'p', LOOPBOOT_PATH_MAX);
	in[3] = '/';
	in[3 + LOOPBOOT_PATH_MAX] = '\0';
	KUNIT_EXPECT_EQ(test, loopboot_parse(in, &spec, msg, sizeof(msg)), 0);
	KUNIT_EXPECT_EQ(test, strlen(spec.image[0].path), (size_t)LOOPBOOT_PATH_MAX);
	in[3 + LOOPBOOT_PATH_MAX] = 'p';
	in[4 + LOOPBOOT_PATH_MAX] = '\0';
	KUNIT_EXPECT_EQ(test, loopboot_parse(in, &spec, msg, sizeof(msg)),
			-ENAMETOOLONG);
	KUNIT_EXPECT_STREQ(test, msg, "image 1: path longer than 255 characters");
}

/* A message that does not fit is cut, never overflows, keeps its error */
static void __init loopboot_parse_test_short_msg(struct kunit *test)
{
	static struct loopboot_spec spec __initdata;
	char msg[8];

	memset(msg, 'z', sizeof(msg));
	KUNIT_EXPECT_EQ(test, loopboot_parse("/d:/a,bogus", &spec, msg, 4),
			-EINVAL);
	KUNIT_EXPECT_STREQ(test, msg, "ima");
	KUNIT_EXPECT_EQ(test, msg[4], 'z');
	KUNIT_EXPECT_EQ(test, loopboot_parse(NULL, &spec, msg, sizeof(msg)),
			-EINVAL);
}

static void __init loopboot_parse_test_table(struct kunit *test)
{
	static char msg[LOOPBOOT_MSG_MAX] __initdata;
	static char got[512] __initdata;
	static struct loopboot_spec spec __initdata;
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct parse_case *c = &cases[i];

		err = loopboot_parse(c->in, &spec, msg, sizeof(msg));
		KUNIT_EXPECT_EQ_MSG(test, err, c->err, "input \"%s\"", c->in);
		if (err) {
			KUNIT_EXPECT_STREQ_MSG(test, msg, c->out, "input \"%s\"",
					       c->in);
			continue;
		}
		spec_str(&spec, got, sizeof(got));
		KUNIT_EXPECT_STREQ_MSG(test, got, c->out, "input \"%s\"", c->in);
	}
}

struct params_case {
	struct loopboot_params params;
	int err;
	const char *msg;
};

static const struct params_case params_cases[] __initconst = {
	{ { .timeout = -1 }, 0, "" },
	{ { .fstype = "vfat,ext4", .flags = "umask=077", .hostdir = "/mnt/host",
	    .timeout = 3600 }, 0, "" },
	{ { .hostdir = "none", .timeout = 0 }, 0, "" },
	{ { .timeout = 3601 }, -ERANGE,
	  "loopboot.timeout=3601: not between 0 and 3600" },
	{ { .timeout = -2 }, -ERANGE,
	  "loopboot.timeout=-2: not between 0 and 3600" },
	{ { .fstype = "", .timeout = -1 }, -EINVAL,
	  "loopboot.fstype=: empty filesystem type in the list" },
	{ { .fstype = "vfat,,ext4", .timeout = -1 }, -EINVAL,
	  "loopboot.fstype=vfat,,ext4: empty filesystem type in the list" },
	{ { .fstype = ",vfat", .timeout = -1 }, -EINVAL,
	  "loopboot.fstype=,vfat: empty filesystem type in the list" },
	{ { .fstype = "vfat,", .timeout = -1 }, -EINVAL,
	  "loopboot.fstype=vfat,: empty filesystem type in the list" },
	{ { .hostdir = "host", .timeout = -1 }, -EINVAL,
	  "loopboot.hostdir=host: not an absolute path without \"..\", nor \"none\"" },
	{ { .hostdir = "/a/../b", .timeout = -1 }, -EINVAL,
	  "loopboot.hostdir=/a/../b: not an absolute path without \"..\", nor \"none\"" },
};

/* The loopboot.* parameters, and flags= and hostdir= at N and N + 1 */
static void __init loopboot_params_test(struct kunit *test)
{
	static char flags[LOOPBOOT_FLAGS_MAX + 2] __initdata;
	static char dir[LOOPBOOT_HOSTDIR_MAX + 2] __initdata;
	static char msg[LOOPBOOT_MSG_MAX] __initdata;
	struct loopboot_params p = { .flags = flags, .timeout = -1 };
	struct loopboot_params d = { .hostdir = dir, .timeout = -1 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(params_cases); i++) {
		const struct params_case *c = &params_cases[i];

		msg[0] = '\0';
		KUNIT_EXPECT_EQ_MSG(test, loopboot_check_params(&c->params, msg,
								sizeof(msg)),
				    c->err, "case %u", i);
		KUNIT_EXPECT_STREQ_MSG(test, msg, c->msg, "case %u", i);
	}
	memset(flags, 'a', LOOPBOOT_FLAGS_MAX);
	KUNIT_EXPECT_EQ(test, loopboot_check_params(&p, msg, sizeof(msg)), 0);
	flags[LOOPBOOT_FLAGS_MAX] = 'a';
	KUNIT_EXPECT_EQ(test, loopboot_check_params(&p, msg, sizeof(msg)), -E2BIG);
	KUNIT_EXPECT_STREQ(test, msg, "loopboot.flags=: longer than 4095 characters");

	dir[0] = '/';
	memset(dir + 1, 'd', LOOPBOOT_HOSTDIR_MAX - 1);
	KUNIT_EXPECT_EQ(test, loopboot_check_params(&d, msg, sizeof(msg)), 0);
	dir[LOOPBOOT_HOSTDIR_MAX] = 'd';
	KUNIT_EXPECT_EQ(test, loopboot_check_params(&d, msg, sizeof(msg)),
			-ENAMETOOLONG);
	KUNIT_EXPECT_STREQ(test, msg, "loopboot.hostdir=: longer than 127 characters");
}

static struct kunit_case __refdata loopboot_parse_test_cases[] = {
	KUNIT_CASE(loopboot_parse_test_table),
	KUNIT_CASE(loopboot_parse_test_lengths),
	KUNIT_CASE(loopboot_parse_test_short_msg),
	KUNIT_CASE(loopboot_params_test),
	{}
};

static struct kunit_suite loopboot_parse_test_suite = {
	.name = "loopboot_parse",
	.test_cases = loopboot_parse_test_cases,
};
kunit_test_init_section_suites(&loopboot_parse_test_suite);
