// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of loopboot(8)'s pure parts: the command line split as the
 * kernel splits it, boot entries read and written, .config lookups, HOST looked up over a
 * table of devices as block/early-lookup.c would, and /etc/fstab against
 * a loopboot= line, and where mountinfo has a host mounted.  Built with ASan and
 * UBSan by tests/tool.sh; prints one line per failed expectation.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "blockdev.h"
#include "bootentry.h"
#include "cmdline.h"
#include "fstab.h"
#include "hostfs.h"
#include "kconfig.h"
#include "ntfs_log.h"
#include "parse.h"
#include "report.h"

static int failures, checks;

#define EXPECT(cond)							\
	do {								\
		checks++;						\
		if (!(cond)) {						\
			failures++;					\
			printf("%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
		}							\
	} while (0)

#define EXPECT_STR(a, b)						\
	do {								\
		const char *a_ = (a), *b_ = (b);			\
		checks++;						\
		if (!a_ || !b_ || strcmp(a_, b_)) {			\
			failures++;					\
			printf("%s:%d: %s is \"%s\", expected \"%s\"\n",	\
			       __FILE__, __LINE__, #a, a_ ? a_ : "(null)", \
			       b_ ? b_ : "(null)");			\
		}							\
	} while (0)

static struct cmdline cl;

static void test_cmdline(void)
{
	EXPECT(!cmdline_split(&cl, "  console=ttyS0 loopboot=/dev/sda1:/a.img ro  "));
	EXPECT(cl.nr == 3);
	EXPECT_STR(cmdline_value(&cl, "loopboot"), "/dev/sda1:/a.img");
	EXPECT(cmdline_has(&cl, "ro") && !cmdline_value(&cl, "ro"));
	EXPECT(!cmdline_has(&cl, "rw"));

	/* The last of a repeated parameter wins, as the kernel's handlers see it */
	EXPECT(!cmdline_split(&cl, "loopboot=/dev/a:/1 loopboot=/dev/b:/2"));
	EXPECT_STR(cmdline_value(&cl, "loopboot"), "/dev/b:/2");

	/* Quotes: around the value, or around the whole parameter */
	EXPECT(!cmdline_split(&cl, "loopboot.flags=\"uid=0,gid=0\" \"root=/dev/loop0\""));
	EXPECT_STR(cmdline_value(&cl, "loopboot.flags"), "uid=0,gid=0");
	EXPECT_STR(cmdline_value(&cl, "root"), "/dev/loop0");
	EXPECT(!cmdline_split(&cl, "init=/bin/sh \"x=a b\" y"));
	EXPECT_STR(cmdline_value(&cl, "x"), "a b");
	EXPECT(cmdline_has(&cl, "y"));

	/* Module parameters: '-' and '_' are the same */
	EXPECT(!cmdline_split(&cl, "loopboot.host-dir=/mnt"));
	EXPECT_STR(cmdline_value(&cl, "loopboot.host_dir"), "/mnt");

	/* What follows "--" is init's, not the kernel's */
	EXPECT(!cmdline_split(&cl, "quiet -- loopboot=/dev/a:/x"));
	EXPECT(!cmdline_value(&cl, "loopboot"));

	/* An empty value is a value */
	EXPECT(!cmdline_split(&cl, "loopboot="));
	EXPECT_STR(cmdline_value(&cl, "loopboot"), "");
}

static void test_cmdline_limits(void)
{
	static char big[CMDLINE_MAX + 1];
	char *p = big;
	unsigned int i;

	memset(big, 'a', CMDLINE_MAX);
	EXPECT(cmdline_split(&cl, big) == -E2BIG);
	for (i = 0; i <= CMDLINE_PARAMS_MAX; i++)
		p += sprintf(p, "a ");
	EXPECT(cmdline_split(&cl, big) == -E2BIG);
	big[(CMDLINE_PARAMS_MAX) * 2] = '\0';
	EXPECT(!cmdline_split(&cl, big) && cl.nr == CMDLINE_PARAMS_MAX);
}

/* loopboot.timeout= as param_set_int() reads it */
static int kint(const char *s, int want)
{
	int v = 12345;

	return !cmdline_kstrtoint(s, &v) && v == want;
}

static void test_kstrtoint(void)
{
	int v;

	EXPECT(kint("30", 30));
	EXPECT(kint("+30", 30));
	EXPECT(kint("-1", -1));
	EXPECT(kint("0x1e", 30));
	EXPECT(kint("036", 30));
	EXPECT(kint("30\n", 30));
	EXPECT(kint("-2147483648", INT_MIN));
	EXPECT(cmdline_kstrtoint("2147483648", &v) == -ERANGE);
	EXPECT(cmdline_kstrtoint(" 30", &v) == -EINVAL);
	EXPECT(cmdline_kstrtoint("30s", &v) == -EINVAL);
	EXPECT(cmdline_kstrtoint("08", &v) == -EINVAL);
	EXPECT(cmdline_kstrtoint("-+1", &v) == -EINVAL);
	EXPECT(cmdline_kstrtoint("", &v) == -EINVAL);
	EXPECT(cmdline_kstrtoint("99999999999999999999", &v) == -ERANGE);
}

static struct cmdline grub_cl;

static void test_entries(void)
{
	char out[256];

	EXPECT(!cmdline_from_entry("title Debian\nlinux /vmlinuz\noptions root=/dev/loop0\n"
				   "options loopboot=PARTUUID=ab-01:/d.img\n", out, sizeof(out)));
	EXPECT_STR(out, "root=/dev/loop0 loopboot=PARTUUID=ab-01:/d.img");
	EXPECT(!cmdline_from_entry("menuentry 'Debian' {\n\tlinux\t/boot/vmlinuz-6.12 loopboot=/dev/sda2:/a quiet\n}\n"
				   "menuentry 'Other' {\n\tlinux /v2 loopboot=/dev/sdb:/b\n}\n",
				   out, sizeof(out)));
	EXPECT_STR(out, "loopboot=/dev/sda2:/a quiet");
	EXPECT(!cmdline_from_entry("LABEL debian\n  KERNEL /vmlinuz\n  APPEND loopboot=/dev/sda1:/r.img\n",
				   out, sizeof(out)));
	EXPECT_STR(out, "loopboot=/dev/sda1:/r.img");
	/* syslinux's LINUX is not GRUB's linux (GRUB's commands are lower case) */
	EXPECT(!cmdline_from_entry("LABEL debian\n  LINUX /vmlinuz\n  APPEND loopboot=/dev/sda1:/r.img\n",
				   out, sizeof(out)));
	EXPECT_STR(out, "loopboot=/dev/sda1:/r.img");
	EXPECT(!cmdline_from_entry("label debian\n  linux /vmlinuz\n  append loopboot=/dev/sda1:/r.img\n",
				   out, sizeof(out)));
	EXPECT_STR(out, "loopboot=/dev/sda1:/r.img");
	/* GRUB unquotes its words and quotes the kernel's its own way */
	EXPECT(!cmdline_from_entry("linux /v loopboot='PARTUUID=ab-01:/a b.img' \"ro\"\n",
				   out, sizeof(out)));
	EXPECT_STR(out, "\"loopboot=PARTUUID=ab-01:/a b.img\" ro");
	EXPECT(!cmdline_split(&grub_cl, out));
	EXPECT_STR(cmdline_value(&grub_cl, "loopboot"), "PARTUUID=ab-01:/a b.img");
	EXPECT(!cmdline_from_entry("linux /v a=it\\'s b=\"\\$x\"\n", out, sizeof(out)));
	EXPECT_STR(out, "a=it\\'s b=$x");
	EXPECT(cmdline_from_entry("title nothing\n", out, sizeof(out)) == -ENOENT);
	EXPECT(cmdline_from_entry("options 0123456789\n", out, 8) == -E2BIG);
}

/* An entry written and read back: the kernel gets the same parameters */
static void expect_round_trip(enum bootentry_format format, const char *options,
			      const char *want_line)
{
	static struct cmdline a, b;
	struct bootentry e = {
		.format = format, .title = "Debian's 12", .version = "6.12.1",
		.kernel = "/vmlinuz-6.12.1", .options = options, .fsuuid = "AB12-CD34",
	};
	char *text = NULL, back[CMDLINE_MAX];
	size_t len = 0;
	unsigned int i;
	FILE *f = open_memstream(&text, &len);

	EXPECT(f && !bootentry_write(f, &e));
	if (f)
		fclose(f);
	EXPECT(text && strstr(text, want_line));
	EXPECT(text && !cmdline_from_entry(text, back, sizeof(back)));
	EXPECT(!cmdline_split(&a, options) && !cmdline_split(&b, back));
	EXPECT(a.nr == b.nr);
	for (i = 0; i < a.nr && i < b.nr; i++) {
		EXPECT_STR(a.param[i].name, b.param[i].name);
		EXPECT((!a.param[i].value && !b.param[i].value) ||
		       (a.param[i].value && b.param[i].value &&
			!strcmp(a.param[i].value, b.param[i].value)));
	}
	EXPECT((!a.init_args && !b.init_args) ||
	       (a.init_args && b.init_args && !strcmp(a.init_args, b.init_args)));
	free(text);
}

static void test_bootentry(void)
{
	static const char *const drop[] = { "BOOT_IMAGE", "initrd", NULL };
	static const char plain[] = "console=ttyS0 loopboot=PARTUUID=4c4f4f50-01:/linux/root.img rw";
	static const char spaced[] = "loopboot=\"PARTUUID=4c4f4f50-01:/a b.img,ro\" \"loopboot.flags=uid=0\" quiet -- single 2";
	struct bootentry e = { .format = BOOTENTRY_GRUB, .title = "t", .kernel = "/v",
			       .fsuuid = "AB12-CD34" };
	enum bootentry_format f;
	char out[CMDLINE_MAX], big[COMMAND_LINE_SIZE + 1];
	FILE *null = fopen("/dev/null", "w");

	EXPECT(!bootentry_format_by_name("extlinux", &f) && f == BOOTENTRY_SYSLINUX);
	EXPECT(bootentry_format_by_name("lilo", &f) == -EINVAL);

	/* HOST rewritten in the last loopboot= only; the loader's words left out */
	EXPECT(!cmdline_split(&cl, "BOOT_IMAGE=/vmlinuz loopboot=/dev/sda1:/old.img initrd=\\x "
			      "loopboot=/dev/sda2:/linux/root.img,ro quiet"));
	EXPECT(!bootentry_cmdline(&cl, "PARTUUID=ab-02", drop, out, sizeof(out)));
	EXPECT_STR(out, "loopboot=/dev/sda1:/old.img loopboot=PARTUUID=ab-02:/linux/root.img,ro quiet");
	/* Quotes as next_arg() reads them back; init's arguments kept */
	EXPECT(!cmdline_split(&cl, "loopboot=\"/dev/sda1:/a b.img\" \"x=y z\" -- single"));
	EXPECT(!bootentry_cmdline(&cl, "PARTUUID=ab-01", NULL, out, sizeof(out)));
	EXPECT_STR(out, "loopboot=\"PARTUUID=ab-01:/a b.img\" \"x=y z\" -- single");
	/* Every other parameter as it was written: quotes inside, any space */
	EXPECT(!cmdline_split(&cl, "systemd.setenv=FOO=\"a b\" a=\"b\vc\" x=\"\" loopboot=/dev/sda1:/r.img"));
	EXPECT(cl.nr == 4);
	EXPECT(!bootentry_cmdline(&cl, "PARTUUID=ab-01", NULL, out, sizeof(out)));
	EXPECT_STR(out, "systemd.setenv=FOO=\"a b\" a=\"b\vc\" x=\"\" loopboot=PARTUUID=ab-01:/r.img");
	/* The kernel's isspace(): a vertical tab and Latin-1's 0xa0 split too */
	EXPECT(!cmdline_split(&cl, "a=b\vc=d e\xa0" "f"));
	EXPECT(cl.nr == 4);
	EXPECT(!cmdline_split(&cl, "a --"));
	EXPECT(!bootentry_cmdline(&cl, NULL, NULL, out, sizeof(out)));
	EXPECT_STR(out, "a --");
	/* No HOST:/IMAGE to rewrite; a result too long */
	EXPECT(!cmdline_split(&cl, "loopboot=nothing"));
	EXPECT(bootentry_cmdline(&cl, "PARTUUID=ab-01", NULL, out, sizeof(out)) == -EINVAL);
	EXPECT(!cmdline_split(&cl, plain));
	EXPECT(bootentry_cmdline(&cl, NULL, NULL, out, 10) == -E2BIG);

	expect_round_trip(BOOTENTRY_BLS, plain, "options console=ttyS0 loopboot=PARTUUID=4c4f4f50-01:/linux/root.img rw\n");
	expect_round_trip(BOOTENTRY_GRUB, plain, "\tlinux /vmlinuz-6.12.1 console=ttyS0 loopboot=PARTUUID=4c4f4f50-01:/linux/root.img rw\n");
	expect_round_trip(BOOTENTRY_SYSLINUX, plain, "\tAPPEND console=ttyS0 loopboot=PARTUUID=4c4f4f50-01:/linux/root.img rw\n");
	expect_round_trip(BOOTENTRY_BLS, spaced, "version 6.12.1\n");
	expect_round_trip(BOOTENTRY_GRUB, spaced, "menuentry 'Debian'\\''s 12' {\n");
	expect_round_trip(BOOTENTRY_GRUB, spaced, "'loopboot=PARTUUID=4c4f4f50-01:/a b.img,ro'");
	expect_round_trip(BOOTENTRY_SYSLINUX, spaced, "LABEL loopboot-6.12.1\n");

	/* What a format cannot carry */
	e.options = "a=it's";
	EXPECT(bootentry_write(null, &e) == -EINVAL);
	e.options = "a -- b\\c";
	EXPECT(bootentry_write(null, &e) == -EINVAL);
	e.options = "a";
	e.fsuuid = NULL;
	EXPECT(bootentry_write(null, &e) == -EINVAL);
	e.format = BOOTENTRY_BLS;
	e.title = "two\nlines";
	EXPECT(bootentry_write(null, &e) == -EINVAL);
	e.title = "t";
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	e.options = big;
	EXPECT(bootentry_write(null, &e) == -E2BIG);
	big[COMMAND_LINE_SIZE - 1] = '\0';
	EXPECT(!bootentry_write(null, &e));
	/* What the bootloader adds counts: GRUB's BOOT_IMAGE=/v */
	e.format = BOOTENTRY_GRUB;
	e.fsuuid = "AB12-CD34";
	EXPECT(bootentry_write(null, &e) == -E2BIG);
	big[COMMAND_LINE_SIZE - 1 - strlen("BOOT_IMAGE=/v ")] = '\0';
	EXPECT(!bootentry_write(null, &e));
	/* systemd-boot takes off a value's outer quotes; GRUB passes a tab on */
	e.format = BOOTENTRY_BLS;
	e.options = "\"a b\" x=\"y z\"";
	EXPECT(bootentry_write(null, &e) == -EINVAL);
	e.format = BOOTENTRY_GRUB;
	e.options = "a=\"b\tc\"";
	EXPECT(bootentry_write(null, &e) == -EINVAL);
	e.title = "-t";
	e.options = "a";
	EXPECT(bootentry_write(null, &e) == -EINVAL);
	e.title = "t";
	/* syslinux puts initrd= after APPEND: after init's arguments */
	e.format = BOOTENTRY_SYSLINUX;
	e.initrd = "/initrd.img";
	e.options = "a -- single";
	EXPECT(bootentry_write(null, &e) == -EINVAL);
	e.options = "a";
	EXPECT(!bootentry_write(null, &e));
	e.initrd = NULL;
	e.kernel = "/my kernel";
	EXPECT(bootentry_write(null, &e) == -EINVAL);
	fclose(null);
}

static void test_kconfig(void)
{
	struct kconfig *kc = kconfig_parse("# comment\nCONFIG_LOOPBOOT=y\nCONFIG_VFAT_FS=m\n"
					   "# CONFIG_NTFS3_FS is not set\n"
					   "CONFIG_FAT_DEFAULT_IOCHARSET=\"iso8859-1\"\n"
					   "CONFIG_FAT_DEFAULT_CODEPAGE=437\nCONFIG_LOOPBOOT_KUNIT_TEST=m");

	EXPECT(kc);
	EXPECT(kconfig_tristate(kc, "LOOPBOOT") == 'y');
	EXPECT(kconfig_tristate(kc, "VFAT_FS") == 'm');
	EXPECT(kconfig_tristate(kc, "NTFS3_FS") == 'n');
	EXPECT(kconfig_tristate(kc, "LOOPBOOT_KUNIT_TEST") == 'm');
	EXPECT(kconfig_tristate(kc, "LOOP") == 'n');	/* no prefix match */
	EXPECT_STR(kconfig_value(kc, "FAT_DEFAULT_IOCHARSET"), "iso8859-1");
	EXPECT_STR(kconfig_value(kc, "FAT_DEFAULT_CODEPAGE"), "437");
	kconfig_free(kc);
}

static struct blockdevs bds;

static void add(const char *name, const char *disk, unsigned int maj,
		unsigned int min, int partno, const char *uuid, const char *label)
{
	struct blockdev *bd = &bds.dev[bds.nr++];

	memset(bd, 0, sizeof(*bd));
	snprintf(bd->name, sizeof(bd->name), "%s", name);
	snprintf(bd->disk, sizeof(bd->disk), "%s", disk);
	snprintf(bd->node, sizeof(bd->node), "/dev/%s", name);
	bd->devt = makedev(maj, min);
	bd->partno = partno;
	snprintf(bd->partuuid, sizeof(bd->partuuid), "%s", uuid);
	snprintf(bd->partlabel, sizeof(bd->partlabel), "%s", label);
}

/* HOST @name finds exactly device @want, or @n matches when @want is NULL */
static int lookup(const char *name, const char *want)
{
	unsigned int found[4];
	int n = blockdev_lookup(&bds, name, found, 4);

	if (want)
		return n == 1 && !strcmp(bds.dev[found[0]].name, want);
	return n;
}

static void test_lookup(void)
{
	bds.nr = 0;
	add("sda", "sda", 8, 0, 0, "", "");
	add("sda1", "sda", 8, 1, 1, "0badc0de-01", "");
	add("sda2", "sda", 8, 2, 2, "0badc0de-02", "");
	add("nvme0n1", "nvme0n1", 259, 0, 0, "", "");
	add("nvme0n1p1", "nvme0n1", 259, 1, 1, "4c4f4f50-0000-4000-8000-000000000001", "esp");
	add("nvme0n1p2", "nvme0n1", 259, 2, 2, "4c4f4f50-0000-4000-8000-000000000002", "loophost");
	add("cciss!c0d0", "cciss!c0d0", 104, 0, 0, "", "");

	EXPECT(lookup("/dev/sda1", "sda1"));
	EXPECT(lookup("/dev/sda", "sda"));
	EXPECT(lookup("/dev/nvme0n1p2", "nvme0n1p2"));
	EXPECT(lookup("/dev/sda3", NULL) == 0);
	EXPECT(lookup("/dev/sdb1", NULL) == 0);
	EXPECT(lookup("/dev/cciss/c0d0", "cciss!c0d0"));
	EXPECT(lookup("/dev/0123456789012345678901234567890123", NULL) == -EINVAL);

	/* PARTUUID: case does not matter, and a prefix matches */
	EXPECT(lookup("PARTUUID=0BADC0DE-02", "sda2"));
	EXPECT(lookup("PARTUUID=0badc0de", NULL) == 2);
	EXPECT(lookup("PARTUUID=4c4f4f50-0000-4000-8000-000000000001/PARTNROFF=1", "nvme0n1p2"));
	EXPECT(lookup("PARTUUID=0badc0de-02/PARTNROFF=-1", "sda1"));
	EXPECT(lookup("PARTUUID=0badc0de-02/PARTNROFF=5", NULL) == 0);
	EXPECT(lookup("PARTUUID=0badc0de-02/PARTNROFF=x", NULL) == -EINVAL);
	EXPECT(lookup("PARTUUID=/PARTNROFF=1", NULL) == -EINVAL);
	EXPECT(lookup("PARTUUID=", NULL) == -EINVAL);
	EXPECT(lookup("PARTUUID=ffffffff-01", NULL) == 0);
	/* the kernel takes the first UUID match, then adds the offset */
	EXPECT(lookup("PARTUUID=0badc0de/PARTNROFF=1", NULL) == 2);
	/* its sscanf("%d") wraps, part_devt() takes a u8 partition number */
	EXPECT(lookup("PARTUUID=0badc0de-02/PARTNROFF=4294967295", "sda1"));
	EXPECT(lookup("PARTUUID=0badc0de-02/PARTNROFF=256", "sda2"));
	EXPECT(lookup("PARTUUID=0badc0de-02/PARTNROFF=-2", "sda"));
	EXPECT(lookup("PARTUUID=0badc0de-02/PARTNROFF= -1", "sda1"));
	EXPECT(lookup("PARTUUID=0badc0de-02/PARTNROFF=+1", NULL) == -EINVAL);
	EXPECT(lookup("PARTUUID=0badc0de-02/PARTNROFF=1 ", NULL) == -EINVAL);
	EXPECT(lookup("PARTUUID=0badc0de-02/PARTNROFF=", NULL) == -EINVAL);

	/* PARTLABEL: exactly, case and all */
	EXPECT(lookup("PARTLABEL=loophost", "nvme0n1p2"));
	EXPECT(lookup("PARTLABEL=LoopHost", NULL) == 0);

	/* MAJ:MIN and the hexadecimal device number */
	EXPECT(lookup("8:2", "sda2"));
	EXPECT(lookup("0802", "sda2"));
	EXPECT(lookup("0x0802", "sda2"));
	/* simple_strtoul(): no space, no sign */
	EXPECT(lookup(" 0802", NULL) == -EINVAL);
	EXPECT(lookup("+0802", NULL) == -EINVAL);
	EXPECT(lookup("-0802", NULL) == -EINVAL);
	EXPECT(lookup("259:1", "nvme0n1p1"));
	EXPECT(lookup("UUID=1234-ABCD", NULL) == -EINVAL);
	EXPECT(lookup("sda1", NULL) == -EINVAL);
}

static void test_fstab(void)
{
	struct image_facts facts[LOOPBOOT_MAX_IMAGES] = {
		{ .fstype = "ext4", .uuid = "1111-aa", .label = "root" },
		{ .fstype = "ext4" },
		{ .fstype = "swap" },
	};
	struct loopboot_spec spec;
	char msg[LOOPBOOT_MSG_MAX];

	EXPECT(!loopboot_parse("/dev/sda1:/root.img,/home.img,/swap.img,swap", &spec,
			       msg, sizeof(msg)));
	EXPECT(!fstab_check("/dev/loop0 / ext4 defaults 0 1\n/dev/loop1 /home ext4 defaults 0 2\n",
			    &spec, facts, "/host"));
	EXPECT(!fstab_check("# the root\n\nUUID=1111-AA / ext4 errors=remount-ro 0 1\n", &spec, facts, "/host"));
	EXPECT(!fstab_check("LABEL=root / auto defaults 0 1\n/dev/root\t/ ext4 defaults\n", &spec, facts, "/host"));
	EXPECT(!fstab_check("/dev/disk/by-uuid/1111-aa / ext4 defaults 0 1\n", &spec, facts, "/host"));
	EXPECT(!fstab_check("/dev/disk/by-label/root / ext4 defaults 0 1\n", &spec, facts, "/host"));
	EXPECT(fstab_check("/dev/disk/by-uuid/2222-BB / ext4 defaults 0 1\n", &spec, facts, "/host") == 1);
	EXPECT(fstab_check("/dev/sda2 / ext4 defaults 0 1\n", &spec, facts, "/host") == 1);
	EXPECT(fstab_check("PARTUUID=0badc0de-02 / ext4 defaults 0 1\n", &spec, facts, "/host") == 1);
	EXPECT(fstab_check("/dev/loop1 / ext4 defaults 0 1\n", &spec, facts, "/host") == 1);
	EXPECT(!fstab_check("/dev/loop0 / xfs defaults 0 1\n", &spec, facts, "/host"));
	EXPECT(fstab_check("/dev/loop2 /data ext4 defaults 0 2\n", &spec, facts, "/host") == 1);
	EXPECT(fstab_check("/dev/loop1 none swap sw 0 0\n", &spec, facts, "/host") == 1);
	EXPECT(fstab_check("/dev/loop7 none swap sw 0 0\n", &spec, facts, "/host") == 1);
	EXPECT(!fstab_check("/host/swap.img none swap sw 0 0\n", &spec, facts, "/host"));
	EXPECT(fstab_check("/host/home.img none swap sw 0 0\n", &spec, facts, "/host") == 1);
	EXPECT(fstab_check("/mnt/home.img none swap sw 0 0\n", &spec, facts, "/mnt") == 1);
	EXPECT(!fstab_check("/mnt/home.img none swap sw 0 0\n", &spec, facts, "/host"));
	EXPECT(!fstab_check("/dev/loop0p1 /boot vfat defaults 0 2\n", &spec, facts, "/host"));
	EXPECT(fstab_check("/dev/loop1 /home xfs defaults 0 2\n/dev/sdb1 / ext4 defaults\n",
			   &spec, facts, "/host") == 2);
	/* ext4 mounts ext2 and ext3 images */
	snprintf(facts[1].fstype, sizeof(facts[1].fstype), "ext2");
	EXPECT(!fstab_check("/dev/loop1 /home ext4 defaults 0 2\n", &spec, facts, "/host"));
	EXPECT(fstab_check("/dev/loop1 /home ext3 defaults 0 2\n", &spec, facts, "/host") == 1);
}

/* A mountinfo text of @lines, and where it has @devt's root mounted */
static int mount_of(const char *lines, dev_t devt, struct hostfs *h)
{
	FILE *f = fmemopen((void *)lines, strlen(lines), "r");
	int err;

	memset(h, 0, sizeof(*h));
	if (!f)
		return -errno;
	err = hostfs_find_mount(f, devt, h);
	fclose(f);
	return err;
}

static void test_find_mount(void)
{
	char dir[] = "/tmp/loopboot-unit-XXXXXX", node[64], lines[512];
	const dev_t dev = makedev(7, 200);
	struct hostfs h;

	/* ntfs-3g as root, or through fusermount: fuseblk, the device's number */
	EXPECT(!mount_of("45 27 7:200 / /mnt/c rw,relatime - fuseblk /dev/loop200 rw,user_id=0,group_id=0,allow_other,blksize=4096\n",
			 dev, &h));
	EXPECT(!strcmp(h.where, "/mnt/c") && !strcmp(h.fstype, "fuseblk") && h.rw);
	/* a bind mount of a directory, then the root, read-only, escaped */
	EXPECT(!mount_of("30 27 7:200 /dir /srv rw - vfat /dev/loop200 rw,fmask=0022\n"
			 "31 27 7:200 / /media/my\\040stick ro,relatime - vfat /dev/loop200 ro,fmask=0022\n",
			 dev, &h));
	EXPECT(!strcmp(h.where, "/media/my stick") && !h.rw);
	EXPECT(!mount_of("32 27 7:200 / /x rw - ext4 /dev/loop200 rwx\n", dev, &h) && !h.rw);
	EXPECT(mount_of("33 27 7:201 / /other rw - vfat /dev/loop201 rw\n", dev, &h) == -ENOENT);
	EXPECT(mount_of("34 27 7:200 / /broken rw vfat\n", dev, &h) == -ENOENT);
	/* A plain FUSE mount: an anonymous number, and the device as source */
	EXPECT(mount_of("35 27 0:45 / /fuse rw - fuse /dev/null rw\n", dev, &h) == -ENOENT);
	EXPECT(mkdtemp(dir) != NULL);
	snprintf(node, sizeof(node), "%s/my disk", dir);
	EXPECT(!mknod(node, S_IFBLK | 0600, dev));
	snprintf(node, sizeof(node), "%s/my\\040disk", dir);
	snprintf(lines, sizeof(lines), "35 27 0:45 / /fuse rw,nosuid - fuse %s rw,user_id=1000\n", node);
	EXPECT(!mount_of(lines, dev, &h));
	EXPECT(!strcmp(h.where, "/fuse") && !strcmp(h.fstype, "fuse") && h.rw);
	EXPECT(mount_of(lines, makedev(7, 201), &h) == -ENOENT);
	snprintf(node, sizeof(node), "%s/my disk", dir);
	EXPECT(!unlink(node));
	rmdir(dir);
}

static void put16(unsigned char *p, unsigned int v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put32(unsigned char *p, unsigned long v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

static void put64(unsigned char *p, unsigned long long v)
{
	put32(p, v);
	put32(p + 4, v >> 32);
}

/*
 * A restart page at @p as Windows writes it (tests/tools/ntfs-logfile.py
 * writes the same for the boot tests): version @major.@minor, one client,
 * "NTFS", in use or not, the area's flags @flags, its current LSN @lsn,
 * of a log of 2 MiB
 */
static void restart_page(unsigned char *p, int major, int minor, bool in_use,
			 unsigned int flags, unsigned long long lsn)
{
	unsigned char *ra = p + 0x30, *cr = ra + 0x30;
	unsigned int i;

	memset(p, 0, 4096);
	memcpy(p, "RSTR", 4);
	put16(p + 0x04, 0x1e);
	put16(p + 0x06, 9);
	put32(p + 0x10, 4096);
	put32(p + 0x14, 4096);
	put16(p + 0x18, 0x30);
	put16(p + 0x1a, minor);
	put16(p + 0x1c, major);
	put64(ra, lsn);
	put16(ra + 0x08, 1);
	put16(ra + 0x0a, in_use ? 0xffff : 0);
	put16(ra + 0x0c, in_use ? 0 : 0xffff);
	put16(ra + 0x0e, flags);
	put32(ra + 0x10, 67 - 22);
	put16(ra + 0x14, 0x30 + 0xa0);
	put16(ra + 0x16, 0x30);
	put64(ra + 0x18, 2 << 20);
	put16(ra + 0x24, 0x30);
	put16(ra + 0x26, 0x40);
	put16(cr + 0x10, 0xffff);
	put16(cr + 0x12, 0xffff);
	put32(cr + 0x1c, 8);
	memcpy(cr + 0x20, "N\0T\0F\0S\0", 8);
	/* the update sequence: number 1 at the end of each 512 bytes */
	put16(p + 0x1e, 1);
	for (i = 1; i < 9; i++) {
		memcpy(p + 0x1e + 2 * i, p + i * 512 - 2, 2);
		put16(p + i * 512 - 2, 1);
	}
}

static unsigned char logfile[LOOPBOOT_NTFS_LOG_HEAD];

/* The state of a log whose two restart pages are the ones given */
static enum loopboot_ntfs_log two_pages(int major0, bool in_use0, unsigned int flags0,
					unsigned long long lsn0, int major1, bool in_use1,
					unsigned int flags1, unsigned long long lsn1)
{
	memset(logfile, 0xff, sizeof(logfile));
	restart_page(logfile, major0, major0 == 1, in_use0, flags0, lsn0);
	restart_page(logfile + 4096, major1, major1 == 1, in_use1, flags1, lsn1);
	return loopboot_ntfs_log_state(logfile, sizeof(logfile));
}

static void test_ntfs_log(void)
{
	/* Linux and mkntfs leave it empty */
	memset(logfile, 0xff, sizeof(logfile));
	EXPECT(loopboot_ntfs_log_state(logfile, sizeof(logfile)) == LOOPBOOT_NTFS_LOG_CLEAN);
	EXPECT(loopboot_ntfs_log_state(logfile, 100) == LOOPBOOT_NTFS_LOG_UNREADABLE);
	/* Windows shut down: 1.1, marked clean; or no client in use */
	EXPECT(two_pages(1, true, 3, 7, 1, true, 3, 7) == LOOPBOOT_NTFS_LOG_CLEAN);
	EXPECT(two_pages(1, false, 1, 7, 1, false, 1, 7) == LOOPBOOT_NTFS_LOG_CLEAN);
	/* Windows 7 cut off: 1.1, in use, not clean */
	EXPECT(two_pages(1, true, 1, 7, 1, true, 1, 7) == LOOPBOOT_NTFS_LOG_UNCLEAN);
	/* Fast Startup, hibernation: 2.0, clean or not */
	EXPECT(two_pages(2, true, 3, 7, 2, true, 3, 7) == LOOPBOOT_NTFS_LOG_IN_USE);
	EXPECT(two_pages(2, true, 1, 7, 2, true, 1, 7) == LOOPBOOT_NTFS_LOG_IN_USE);
	/* The newer page decides */
	EXPECT(two_pages(1, true, 3, 5, 2, true, 1, 9) == LOOPBOOT_NTFS_LOG_IN_USE);
	EXPECT(two_pages(1, true, 3, 9, 2, true, 1, 5) == LOOPBOOT_NTFS_LOG_CLEAN);
	/* A torn first page: the second one; both torn: nothing to go by */
	restart_page(logfile, 2, 0, true, 1, 9);
	restart_page(logfile + 4096, 1, 1, true, 3, 5);
	logfile[1022] = 7;
	EXPECT(loopboot_ntfs_log_state(logfile, sizeof(logfile)) == LOOPBOOT_NTFS_LOG_CLEAN);
	restart_page(logfile, 2, 0, true, 1, 9);
	restart_page(logfile + 4096, 2, 0, true, 1, 9);
	logfile[1022] = logfile[4096 + 1022] = 7;
	EXPECT(loopboot_ntfs_log_state(logfile, sizeof(logfile)) == LOOPBOOT_NTFS_LOG_UNREADABLE);
	/* Not empty, no restart page: zeroes; a version no one writes */
	memset(logfile, 0, sizeof(logfile));
	EXPECT(loopboot_ntfs_log_state(logfile, sizeof(logfile)) == LOOPBOOT_NTFS_LOG_UNREADABLE);
	EXPECT(two_pages(3, true, 3, 7, 3, true, 3, 7) == LOOPBOOT_NTFS_LOG_UNREADABLE);
	/* Inconsistent restart areas: a client list that loops, wrong bits */
	memset(logfile, 0xff, sizeof(logfile));
	restart_page(logfile, 1, 1, true, 3, 7);
	logfile[0x30 + 0x30 + 0x12] = logfile[0x30 + 0x30 + 0x13] = 0;
	memcpy(logfile + 0x1e + 2, logfile + 510, 2);
	EXPECT(loopboot_ntfs_log_state(logfile, sizeof(logfile)) == LOOPBOOT_NTFS_LOG_UNREADABLE);
	restart_page(logfile, 1, 1, true, 3, 7);
	put32(logfile + 0x30 + 0x10, 44);
	EXPECT(loopboot_ntfs_log_state(logfile, sizeof(logfile)) == LOOPBOOT_NTFS_LOG_UNREADABLE);
	/* A restart page chkdsk wrote, without an update sequence */
	memset(logfile, 0xff, sizeof(logfile));
	restart_page(logfile, 1, 1, true, 3, 7);
	memcpy(logfile, "CHKD", 4);
	put16(logfile + 0x06, 0);
	EXPECT(loopboot_ntfs_log_state(logfile, sizeof(logfile)) == LOOPBOOT_NTFS_LOG_CLEAN);
}

int main(void)
{
	FILE *devnull = fopen("/dev/null", "w");

	report_output(devnull);
	test_fstab();
	test_cmdline();
	test_cmdline_limits();
	test_entries();
	test_bootentry();
	test_kconfig();
	test_lookup();
	test_kstrtoint();
	test_find_mount();
	test_ntfs_log();
	fclose(devnull);
	printf("%d of %d expectations held\n", checks - failures, checks);
	return failures ? 1 : 0;
}
