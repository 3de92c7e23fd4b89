#!/bin/bash
# make demo: boot the Loopback Root Filesystem HOWTO's system from image
# files on a FAT partition under QEMU, with no initrd, and show what the
# booted system sees.
set -euo pipefail
export KVER=${1:-6.12}
# shellcheck source=../tests/lib.sh
. "$(dirname "$0")/../tests/lib.sh"
# shellcheck source=../tests/boot-tests.sh
. "$top/tests/boot-tests.sh"
need_pkgs qemu-system-x86 busybox-static dosfstools mtools e2fsprogs \
	squashfs-tools fdisk erofs-utils

echo "== building the host disk: FAT32 partition /dev/vda1 holding"
echo "   /linux/linuxdsk.img (ext4 root) and /linux/linuxswp.img (swap)"
make_disks >/dev/null 2>&1
cp "$work/howto.disk" "$work/demo.disk"
cmdline="root=/dev/loop0 ro loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img,swap loopboot.flags=uid=0,gid=0,umask=077"
echo "== kernel command line: $cmdline"
lbtest=howto expect_pass demo "lbtest=howto lbvalue=demo $cmdline" "$work/demo.disk"
echo "== what the kernel said"
grep -E 'loopboot: |EXT4-fs \(loop0\): mounted|Run /sbin/init' "$work/demo.console"
echo "== what the booted system sees"
sed -n '/^--- guest view/,/^--- end/p' "$work/demo.console" |
	grep -v -e '^\[' -e '^---'
[ "$failed" = 0 ]
