// SPDX-License-Identifier: GPL-2.0
/*
 * loopboot: check a loopboot= line before rebooting, create and grow image
 * files, write boot entries (loopboot(8)).  The
 * string is parsed by the kernel's own parser, module/parse.c, so that
 * the tool can never accept what the kernel refuses, or the reverse.
 */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "report.h"

#ifndef LOOPBOOT_VERSION
#define LOOPBOOT_VERSION "unknown"
#endif

void usage_check(FILE *f)
{
	fputs("Usage: loopboot check [--kernel-config FILE] [--cmdline 'STRING' | --entry FILE] [--quiet]\n"
	      "\n"
	      "Check everything the next boot with loopboot= will need: the string\n"
	      "(the kernel's own parser), the kernel's configuration, the host\n"
	      "partition and its state, and each image on it.  One line per finding:\n"
	      "ok, note, warning, error or unchecked.  Nothing is written: a host\n"
	      "that is not mounted is mounted read-only from a read-only loop device.\n"
	      "\n"
	      "  -c, --cmdline STRING     the kernel command line (default: /proc/cmdline)\n"
	      "  -e, --entry FILE         the command line of a boot entry: a Boot Loader\n"
	      "                           Specification entry, grub.cfg or syslinux.cfg\n"
	      "  -k, --kernel-config FILE the kernel's .config (default:\n"
	      "                           /boot/config-$(uname -r)); .gz is read with zcat\n"
	      "  -q, --quiet              say nothing of what is right\n"
	      "\n"
	      "Exit status: 0 the boot will work, 1 it would fail, 2 wrong usage,\n"
	      "3 something could not be checked.\n", f);
}

void usage_create(FILE *f)
{
	fputs("Usage: loopboot create --size SIZE [--fs ext4|ext2|btrfs|xfs|swap|none] [--label LABEL] PATH\n"
	      "\n"
	      "Make an image file at PATH, on a mounted host, that loopboot can trust\n"
	      "with a root filesystem: every byte written (no hole, no unwritten\n"
	      "extent), then the filesystem made by its own mkfs (default ext4, label\n"
	      "loopboot).  Refuses sizes the host cannot hold (FAT32: 4 GiB - 1 byte;\n"
	      "its free space) and an existing PATH.  Prints the loopboot= line.\n"
	      "SIZE: bytes, or with K, M, G or T; whole 512-byte sectors.\n"
	      "\n"
	      "Exit status: 0 made, 1 refused or failed (nothing left behind), 2 wrong usage.\n", f);
}

void usage_grow(FILE *f)
{
	fputs("Usage: loopboot grow PATH SIZE\n"
	      "\n"
	      "Grow the image file PATH to SIZE, writing every new byte, then the ext2,\n"
	      "ext3 or ext4 filesystem in it (e2fsck -f -p, resize2fs).  Refuses an\n"
	      "image that a loop device holds or that is swapped on, and sizes the host\n"
	      "cannot hold.  Other filesystems are grown from the system they boot.\n"
	      "\n"
	      "Exit status: 0 grown, 1 refused or failed, 2 wrong usage.\n", f);
}

void usage_entry(FILE *f)
{
	fputs("Usage: loopboot entry --kernel FILE [--format bls|grub|syslinux] [--cmdline 'STRING']\n"
	      "                      [--title TITLE] [--initrd FILE] [--output FILE]\n"
	      "\n"
	      "Write the boot entry that boots the kernel FILE with the command line\n"
	      "STRING (default: this boot's, without what the bootloader added): a Boot\n"
	      "Loader Specification entry for systemd-boot (bls, the default), a GRUB\n"
	      "menu entry or a syslinux/extlinux stanza.  loopboot='s host is named by\n"
	      "its PARTUUID; the kernel by its path on its own filesystem.  Writes to\n"
	      "stdout, or replaces FILE whole (a temporary file, then rename); for bls\n"
	      "and syslinux FILE must be on the kernel's filesystem.\n"
	      "\n"
	      "Exit status: 0 written, 1 refused (the reason on stderr), 2 wrong usage.\n", f);
}

static void usage(FILE *f)
{
	fputs("Usage: loopboot COMMAND [OPTION]...\n"
	      "\n"
	      "Commands:\n"
	      "  check    check a loopboot= line before rebooting\n"
	      "  create   make an image file that loopboot can trust\n"
	      "  grow     grow an image file, and the filesystem in it\n"
	      "  entry    write the boot entry for a kernel and a loopboot= line\n"
	      "\n"
	      "loopboot COMMAND --help tells more; loopboot(8) tells all.\n", f);
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return EXIT_BOOTS;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("loopboot %s\n", LOOPBOOT_VERSION);
		return EXIT_BOOTS;
	}
	if (!strcmp(argv[1], "check"))
		return cmd_check(argc - 1, argv + 1);
	if (!strcmp(argv[1], "create"))
		return cmd_create(argc - 1, argv + 1);
	if (!strcmp(argv[1], "grow"))
		return cmd_grow(argc - 1, argv + 1);
	if (!strcmp(argv[1], "entry"))
		return cmd_entry(argc - 1, argv + 1);
	fprintf(stderr, "loopboot: unknown command \"%s\"\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
