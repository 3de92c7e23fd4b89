# shellcheck shell=bash disable=SC2154
# (SC2154: top and the mk_* helpers come from tests/lib.sh)
# The benchmark's disks, for tests/bench/run.sh and profile.sh, in WORK:
#   root.img   the root (nothing but tests/bench/init.c as /sbin/init),
#              ext4, 400 MiB, with the 4 KiB blocks that mkfs.ext4 gives
#              root images from 512 MiB on (smaller ones get 1 KiB)
#   disk.img   vda1 FAT32 holding root.img, vda2 the same root as an
#              ext4 partition (the floor)
#   ntfs.img   vda1 NTFS holding root.img, written in full as Windows would,
#              and vda2 the same floor (the loop ways pair their random
#              I/O with it: init.c, measure_paired())
# bench_images WORK
bench_images() {
	local work=$1 root=$1/root
	rm -rf "$root"
	mkdir -p "$root"/{sbin,proc,sys,dev,host,partition}
	gcc -static -O2 -Wall -Wextra -Werror -o "$root/sbin/init" "$top/tests/bench/init.c"
	mk_ext4 "$work/root.img" 400 "$root" 4096
	mk_fat "$work/host.part" 420 "$work/root.img:/root.img"
	mk_disk "$work/disk.img" 0x10ad0001 "$work/host.part" "$work/root.img"
	# NTFS keeps an eighth of the volume for its MFT: 440 MiB is too small
	rm -f "$work/host.part"
	truncate -s 480M "$work/host.part"
	mkntfs -q -F -Q "$work/host.part" >/dev/null 2>&1
	ntfscp -q "$work/host.part" "$work/root.img" /root.img
	MBR_TYPE=7 mk_disk "$work/ntfs.img" 0x10ad0003 "$work/host.part" "$work/root.img"
	rm -f "$work/host.part"
}
