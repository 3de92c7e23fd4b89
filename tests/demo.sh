#!/bin/bash
# make demo: boot the Loopback Root Filesystem HOWTO's system from image
# files on a FAT partition under QEMU, with no initrd, and show what the
# booted system sees.
set -euo pipefail
export KVER=${1:-6.12}
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
need_pkgs qemu-system-x86 busybox-static dosfstools mtools e2fsprogs fdisk

echo "== building the host disk: FAT32 partition /dev/vda1 holding"
echo "   /linux/linuxdsk.img (ext4 root) and /linux/linuxswp.img (swap)"
d=$work/demo
mkdir -p "$d"
mk_ext4 "$d/linuxdsk.img" 48
mk_swap "$d/linuxswp.img" 16
mk_fat "$d/host.fat" 96 "$d/linuxdsk.img:/linux/linuxdsk.img" \
	"$d/linuxswp.img:/linux/linuxswp.img"
mk_disk "$work/demo.disk" 0x4c4f4f50 "$d/host.fat"
cmdline="root=/dev/loop0 ro loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img,swap loopboot.flags=uid=0,gid=0,umask=077"
echo "== kernel command line: $cmdline"
expect_pass demo "lbtest=howto lbvalue=demo $cmdline" "$work/demo.disk"
echo "== what the kernel said"
grep -E 'loopboot: |EXT4-fs \(loop0\): mounted|Run /sbin/init' "$work/demo.console"
echo "== what the booted system sees"
sed -n '/^--- guest view/,/^--- end/p' "$work/demo.console" |
	grep -v -e '^\[' -e '^---'
[ "$failed" = 0 ]
