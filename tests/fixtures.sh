# shellcheck shell=bash disable=SC2154
# (SC2154: work, MiB and the disk helpers come from tests/lib/)
# The disks the boot groups share, built once per run in $work, each
# from the ones before it: make_fixtures builds them in that order.  A
# group's own disks (module, sectors, distro) are built in its file.
#
#   root images   linuxdsk.img (the HOWTO's ext4 root), linuxswp.img (swap),
#                 root.sqfs, big.img (root at an offset)
#   image kinds   ext2, erofs, odd offset, whole disk, /home, a long path
#   howto.disk    FAT32 host of all of these: the disk most tests boot
#   ext4host.disk the root image on an ext4 host, with symbolic links and
#                 a hole st_blocks hides
#   fallback.disk howto's host and a plain root partition; scsiroot.disk
#   host kinds    exfat.disk, ntfs.disk (host.ntfs), gpt.disk
#   fault disks   faults.disk, dirty.disk, dirty-ntfs.disk (of host.ntfs),
#                 full.disk
#   swap.disk     a FAT host with a 192 MiB swap image and swap file: large,
#                 so made only by the swap groups (make_swap_disk)

GPT_UUID=4c4f4f50-0000-4000-8000-00000000000	# + partition number

# A component of 120 characters, for long names on the host
long_name=$(printf 'a-long-file-name-%.0s' 1 2 3 4 5 6)a-long-file-name-for-the-root-image.img

make_fixtures() {
	make_root_images
	make_image_kinds
	make_howto_disks
	make_host_kinds
	make_fault_disks
}

make_root_images() {
	local d=$work
	mk_ext4 "$d/linuxdsk.img" 48
	mk_swap "$d/linuxswp.img" 16
	mk_squashfs "$d/root.sqfs"
	# an ext4 image inside a larger file: 1 MiB before, 3 MiB after
	truncate -s 0 "$d/big.img"
	truncate -s 1M "$d/big.img"
	cat "$d/linuxdsk.img" >>"$d/big.img"
	truncate -s $(( $(stat -c %s "$d/big.img") + 3 * MiB )) "$d/big.img"
}

# Build the images; image_kinds lists them as SOURCE:PATH-ON-HOST
make_image_kinds() {
	local d=$work
	image_kinds=()
	mk_ext4 "$d/small.img" 16
	rm -f "$d/ext2.img"
	truncate -s 16M "$d/ext2.img"
	mke2fs -q -t ext2 -d "$(rootdir)" -F "$d/ext2.img"
	rm -f "$d/root.erofs"
	mkfs.erofs --quiet --all-root "$d/root.erofs" "$(rootdir)" >/dev/null
	# direct I/O is impossible at an offset that is not sector aligned
	head -c 100 /dev/zero >"$d/odd.img"
	cat "$d/root.sqfs" >>"$d/odd.img"
	# a whole disk: a small FAT partition, then the root filesystem
	rm -f "$d/esp.fat"
	mkfs.vfat -C "$d/esp.fat" 2048 >/dev/null
	mk_disk "$d/whole.img" 0x4c4f4f53 "$d/esp.fat" "$d/small.img"
	# three images: root, /home from fstab, and swap
	rm -rf "$d/rootdir-multi" "$d/homedir"
	cp -a "$(rootdir)" "$d/rootdir-multi"
	mkdir -p "$d/rootdir-multi/home" "$d/homedir"
	printf '%s\n' '/dev/loop0 / ext4 defaults 0 1' \
		'/dev/loop1 /home ext4 defaults 0 2' >"$d/rootdir-multi/etc/fstab"
	echo home-image >"$d/homedir/marker"
	mk_ext4 "$d/multi-root.img" 16 "$d/rootdir-multi"
	mk_ext4 "$d/home.img" 8 "$d/homedir"
	image_kinds+=("$d/ext2.img:/images/ext2.img"
		"$d/root.erofs:/images/root.erofs"
		"$d/odd.img:/images/odd.img"
		"$d/whole.img:/images/whole.img"
		"$d/multi-root.img:/multi/root.img"
		"$d/home.img:/multi/home.img"
		"$d/small.img:/Boot/Images/Linux/Debian/Stable/$long_name")
}

# The HOWTO's FAT host with all the images, the same images on an ext4
# host, and the FAT host beside a root partition
make_howto_disks() {
	local d=$work
	mk_fat "$d/host.fat" 256 \
		"$d/linuxdsk.img:/linux/linuxdsk.img" \
		"$d/linuxswp.img:/linux/linuxswp.img" \
		"$d/root.sqfs:/linux/root.sqfs" \
		"$d/big.img:/images/big.img" \
		"${image_kinds[@]}"
	mk_disk "$d/howto.disk" 0x4c4f4f50 "$d/host.fat"
	rm -rf "$d/ext4host"
	mkdir -p "$d/ext4host/linux"
	cp "$d/linuxdsk.img" "$d/ext4host/linux/"
	cp "$d/root.sqfs" "$d/ext4host/linux/"
	# a swap image with holes: mke2fs -d leaves its zero blocks out
	cp "$d/linuxswp.img" "$d/ext4host/linux/"
	# a hole that st_blocks hides: the external xattr block makes up for it
	python3 -c 'import os, sys
with open(sys.argv[1], "wb") as f:
    f.write(os.urandom(512 << 10) + bytes(4096) + os.urandom((512 << 10) - 4096))
os.setxattr(sys.argv[1], "user.pad", b"x" * 3000)' "$d/ext4host/linux/hidden-hole.img"
	# symbolic links: one that stays on the host, two that would leave it
	ln -s linuxdsk.img "$d/ext4host/linux/inside.img"
	ln -s /linux/linuxdsk.img "$d/ext4host/linux/absolute.img"
	ln -s ../../linux/linuxdsk.img "$d/ext4host/linux/above.img"
	mk_ext4 "$d/host.ext4" 96 "$d/ext4host" 4096
	mk_disk "$d/ext4host.disk" 0x4c4f4f52 "$d/host.ext4"
	# host plus a plain ext4 root partition, for the fall-back test
	mk_disk "$d/fallback.disk" 0x4c4f4f51 "$d/host.fat" "$d/linuxdsk.img"
	# a root partition alone, for a disk that is still probing
	mk_disk "$d/scsiroot.disk" 0x4c4f4f5a "$d/linuxdsk.img"
}

# make_host_kinds: exfat.disk, ntfs.disk and gpt.disk, each holding the
# HOWTO root image
make_host_kinds() {
	local d=$work
	# exFAT: no user-space tool here writes files to it; a helper boot does
	rm -f "$d/host.exfat"
	truncate -s 96M "$d/host.exfat"
	mkfs.exfat -L LOOPHOST "$d/host.exfat" >/dev/null
	boot make-exfat-host \
		"lbtest=fill lbfstype=exfat lbdest=/linux/linuxdsk.img root=/dev/vdb ro" \
		"$d/host.exfat" "$d/linuxdsk.img,readonly=on"
	grep -qx "LOOPBOOT-PASS fill" "$work/make-exfat-host.marker" ||
		result make-exfat-host "the boot that fills the exFAT host did not pass"
	MBR_TYPE=7 mk_disk "$d/exfat.disk" 0x4c4f4f54 "$d/host.exfat"
	# NTFS, as Windows would leave it
	rm -f "$d/host.ntfs"
	truncate -s 96M "$d/host.ntfs"
	mkntfs -q -F -Q -L LOOPHOST "$d/host.ntfs" >/dev/null 2>&1
	ntfscp -q "$d/host.ntfs" "$d/linuxdsk.img" /linuxdsk.img
	MBR_TYPE=7 mk_disk "$d/ntfs.disk" 0x4c4f4f55 "$d/host.ntfs"
	# GPT: an empty first partition, then a FAT host
	mk_fat "$d/small.fat" 64 "$d/linuxdsk.img:/linux/linuxdsk.img"
	rm -f "$d/gpt.disk"
	truncate -s 67M "$d/gpt.disk"
	dd if="$d/small.fat" of="$d/gpt.disk" bs=1M seek=2 conv=notrunc status=none
	sfdisk -q "$d/gpt.disk" >/dev/null 2>&1 <<-TABLE
		label: gpt
		start=2048, size=2048, type=0FC63DAF-8483-4772-8E79-3D69D8477DE4, uuid=${GPT_UUID}1, name=empty
		start=4096, size=131072, type=EBD0A0A2-B9E5-4433-87C0-68B6B72699C7, uuid=${GPT_UUID}2, name=loophost
	TABLE
}

# A FAT host with broken images next to a good one; an ext4 host too small
# for the sparse root image it holds
make_fault_disks() {
	local d=$work
	cp "$d/linuxdsk.img" "$d/badsuper.img"
	dd if=/dev/zero of="$d/badsuper.img" bs=1024 seek=1 count=1 conv=notrunc status=none
	head -c $((16 * MiB)) "$d/linuxdsk.img" >"$d/truncated.img"
	: >"$d/empty.img"
	mk_fat "$d/faults.fat" 128 \
		"$d/linuxdsk.img:/linux/linuxdsk.img" \
		"$d/badsuper.img:/faults/badsuper.img" \
		"$d/truncated.img:/faults/truncated.img" \
		"$d/empty.img:/faults/empty.img"
	mk_disk "$d/faults.disk" 0x4c4f4f53 "$d/faults.fat"
	# a dirty FAT host: the dirty bit of the FAT32 boot sector (byte 65)
	cp "$d/faults.fat" "$d/dirty.fat"
	printf '\001' | dd of="$d/dirty.fat" bs=1 seek=65 conv=notrunc status=none
	mk_disk "$d/dirty.disk" 0x4c4f4f54 "$d/dirty.fat"
	# an NTFS host that Windows left marked dirty
	cp "$d/host.ntfs" "$d/dirty.ntfs"
	"$top/tests/tools/ntfs-dirty.py" "$d/dirty.ntfs"
	MBR_TYPE=7 mk_disk "$d/dirty-ntfs.disk" 0x4c4f4f57 "$d/dirty.ntfs"
	# 128 MiB of root image, mostly holes, on a 48 MiB ext4 host
	rm -rf "$d/fullhost"
	mkdir -p "$d/fullhost/linux"
	truncate -s 128M "$d/fullhost/linux/sparse.img"
	mke2fs -q -t ext4 -d "$(rootdir)" -F "$d/fullhost/linux/sparse.img"
	mk_ext4 "$d/full.ext4" 48 "$d/fullhost"
	mk_disk "$d/full.disk" 0x4c4f4f55 "$d/full.ext4"
}

# A FAT host with a swap image and a swap file, each 192 MiB, for the swap
# groups (their guest has 128 MiB)
make_swap_disk() {
	[ -f "$work/swap.disk" ] && [ "$work/swap.disk" -nt "$work/linuxdsk.img" ] && return
	mk_swap "$work/swap192.img" 192
	mk_fat "$work/swap.fat" 448 \
		"$work/linuxdsk.img:/linux/linuxdsk.img" \
		"$work/swap192.img:/linux/swap192.img" \
		"$work/swap192.img:/swapfile.swp"
	mk_disk "$work/swap.disk" 0x4c4f4f56 "$work/swap.fat"
}

# A boot, SWAP_SECONDS of pressure and a pass that overruns them, stretched
# on the debug kernels as their boots are
swap_timeout() {
	echo $((BOOT_TIMEOUT + (${SWAP_SECONDS:-60} + 60) * BOOT_TIMEOUT / boot_seconds))
}
