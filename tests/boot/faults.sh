# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The faults group: faults: damaged images, a host marked dirty, a host that fills up.
# Sourced by tests/boot.sh, which runs test_faults.

# expect_root_failure NAME IMAGE CMDLINE DISK: loopboot attaches IMAGE, the
# kernel cannot mount root from it and panics; loopboot must name the image
expect_root_failure() {
	local name=$1 image=$2
	shift 2
	panic_with="VFS: Unable to mount root fs" expect_panic "$name" \
		"root image $image on loop0 (device 7:0): no filesystem type of this kernel can mount it; is the file complete and undamaged?" \
		"$@"
}

fat_cut='it is 4 GiB - 1 byte long, the most a file on FAT32 holds: an image larger than that was most likely cut off when it was copied here; make it smaller than 4 GiB, or keep it on an exFAT, NTFS or ext4 host'

# fat-cut.disk: a FAT32 host whose /cut.img is a root image of 4.5 GiB
# cut off at 4 GiB - 1 byte, as a copy there leaves it (tests/tools/fat-cut.py)
make_fat_cut() {
	local d=$work
	rm -f "$d/cut.img" "$d/cut.fat"
	truncate -s 4608M "$d/cut.img"
	mke2fs -q -t ext4 -d "$(rootdir)" -F "$d/cut.img"
	mkfs.vfat -F 32 -n LOOPHOST -C "$d/cut.fat" $((4200 * 1024)) >/dev/null
	"$top/tests/tools/fat-cut.py" "$d/cut.fat" CUT.IMG "$d/cut.img"
	mk_disk "$d/fat-cut.disk" 0x4c4f4f77 "$d/cut.fat"
	rm -f "$d/cut.img" "$d/cut.fat"
}

test_faults() {
	local disk
	for image in badsuper truncated; do
		disk=$work/fault-$image.disk
		cp "$work/faults.disk" "$disk"
		expect_root_failure "root-image-$image" "/faults/$image.img" \
			"loopboot=/dev/vda1:/faults/$image.img" "$disk"
		expect_clean_host "root-image-$image-host-clean" "$disk" vfat /linux/linuxdsk.img
	done
	# a root image cut off at FAT32's limit as it was copied: both the
	# attach and the failed mount name the limit
	make_fat_cut
	panic_with="VFS: Unable to mount root fs" expect_panic root-image-fat-cut \
		"root image /cut.img on loop0 (device 7:0): no filesystem type of this kernel can mount it; $fat_cut" \
		"loopboot=/dev/vda1:/cut.img" "$work/fat-cut.disk"
	expect_console_line root-image-fat-cut-warns root-image-fat-cut \
		"loopboot: image /cut.img: $fat_cut\$"
	expect_fat_cut_clean root-image-fat-cut-host-clean "$work/fat-cut.disk"
	rm -f "$work/fat-cut.disk"
	cp "$work/faults.disk" "$work/image-empty.disk"
	expect_panic image-empty "image /faults/empty.img: the file is empty (-EINVAL)" \
		"loopboot=/dev/vda1:/faults/empty.img" "$work/image-empty.disk"
	expect_clean_host image-empty-host-clean "$work/image-empty.disk" vfat /linux/linuxdsk.img
	# a sizelimit beyond the end of the file gives the file's size
	expect_pass sizelimit-beyond-file \
		"lbtest=sizelimit lbsize=$((48 * MiB)) loopboot=/dev/vda1:/linux/linuxdsk.img,sizelimit=1G" \
		"$work/faults.disk"
	# a dirty FAT host boots, and the kernel says it is dirty
	cp "$work/dirty.disk" "$work/dirty-boot.disk"
	expect_pass host-dirty-fat \
		"lbtest=rootloop lbroot=700 loopboot=/dev/vda1:/linux/linuxdsk.img" \
		"$work/dirty-boot.disk"
	# ... and at shutdown that it still is: FAT clears only the bit it set
	expect_dirty_host_kept host-dirty-fat \
		'FAT-fs (vda1): Volume was not properly unmounted. Some data may be corrupt. Please run fsck.'
	first_partition "$work/dirty-boot.disk" "$work/dirty-boot.fat"
	# (fsck.vfat -n fails on a dirty volume: its words tell)
	if grep -q 'Dirty bit is set' <<<"$(fsck.vfat -n "$work/dirty-boot.fat" 2>&1 || true)"; then
		result host-dirty-fat-is-dirty ""
	else
		result host-dirty-fat-is-dirty "fsck.vfat -n does not find the dirty bit the line says is set"
	fi
	# a dirty NTFS host is refused read-write, with advice; it boots ro
	expect_panic host-dirty-ntfs \
		"host /dev/vda1: cannot mount it as any block filesystem this kernel has (-EINVAL)" \
		"loopboot=/dev/vda1:/linuxdsk.img" "$work/dirty-ntfs.disk"
	if grep -q 'volume is dirty and "force" flag is not set!' "$work/host-dirty-ntfs.console" &&
		grep -q 'loopboot: host /dev/vda1: if the lines above say it is dirty or hibernated, let its own system check it, or make every image "ro"' \
			"$work/host-dirty-ntfs.console"; then
		result host-dirty-ntfs-advice ""
	else
		result host-dirty-ntfs-advice "no word from ntfs3 that the volume is dirty, or no advice"
	fi
	expect_pass host-dirty-ntfs-ro \
		"lbtest=hostro lbhosttype=ntfs3 loopboot=/dev/vda1:/linuxdsk.img,ro" \
		"$work/dirty-ntfs.disk"
	# writes into the holes of a root image on a full host fail with I/O
	# errors; the kernel goes on and the host stays consistent.  Not on the
	# debug kernels: there ext4 shuts the root down before the guest's own
	# scripts, read from that root, have finished (a known gap, see #4)
	[ -z "$variant" ] || return 0
	cp "$work/full.disk" "$work/host-full.disk"
	expect_pass host-full \
		"lbtest=hostfull lbtoolerror=sparse loopboot=/dev/vda1:/linux/sparse.img" \
		"$work/host-full.disk"
	expect_host_fsck host-full-host-clean "$work/host-full.disk"
}

# expect_fat_cut_clean NAME DISK: the host of fat-cut.disk passes fsck.vfat
# -n, but for what dosfstools 4.2 says of every file of 4 GiB - 1 byte (it
# counts the 2^32 bytes of its clusters in 32 bits: "cluster chain length
# is 0 bytes"), and its dirty bit is clear
expect_fat_cut_clean() {
	local part=$work/$1.host out why=""
	first_partition "$2" "$part"
	out=$(fsck.vfat -n "$part" 2>&1 | grep -Ev '^fsck\.fat |^/CUT\.IMG$|^  File size is 4294967295 bytes, cluster chain length is 0 bytes\.$|^  Truncating file to 0 bytes\.$|^$|^Leaving filesystem unchanged\.$|: 2 files, [0-9/]* clusters$' || true)
	[ -z "$out" ] || why="fsck.vfat -n finds:"$'\n'"$out"
	rm -f "$part"
	result "$1" "$why"
}

# expect_host_fsck NAME DISK: the ext4 host of DISK passes e2fsck -fn
expect_host_fsck() {
	local name=$1 out why=""
	first_partition "$2" "$work/$name.host"
	out=$(e2fsck -fn "$work/$name.host" 2>&1) || why="e2fsck -fn of the host failed:"$'\n'"$out"
	result "$name" "$why"
}
