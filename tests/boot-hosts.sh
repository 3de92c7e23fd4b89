# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, MiB and the helpers come from tests/lib.sh;
# SC2034: qemu_args and boot_media are read by boot() there)
# Boot tests of the kinds of hosts (exFAT, NTFS, msdos, a read-only disk,
# GPT names, mount flags) and of a host that appears late (a USB stick
# plugged in while the kernel waits).  Sourced by tests/boot-tests.sh.

GPT_UUID=4c4f4f50-0000-4000-8000-00000000000	# + partition number

# make_host_kinds: exfat.disk, ntfs.disk and gpt.disk, each holding the
# HOWTO root image
make_host_kinds() {
	local d=$work
	# exFAT: no user-space tool here writes files to it; a helper boot does
	rm -f "$d/host.exfat"
	truncate -s 96M "$d/host.exfat"
	mkfs.exfat -L LOOPHOST "$d/host.exfat" >/dev/null
	lbtest=fill expect_pass make-exfat-host \
		"lbtest=fill lbfstype=exfat lbdest=/linux/linuxdsk.img root=/dev/vdb ro" \
		"$d/host.exfat" "$d/linuxdsk.img,readonly=on"
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

test_hosts() {
	local disk=$work/howto.disk
	lbtest=view expect_pass host-exfat \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=exfat loopboot=/dev/vda1:/linux/linuxdsk.img" \
		"$work/exfat.disk"
	lbtest=view expect_pass host-ntfs3 \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=ntfs3 loopboot=/dev/vda1:/linuxdsk.img loopboot.fstype=ntfs3" \
		"$work/ntfs.disk"
	cp "$disk" "$work/msdos.disk"
	lbtest=view expect_pass host-msdos \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=msdos loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.fstype=msdos" \
		"$work/msdos.disk"
	lbtest=view expect_pass host-fstype-list \
		"lbtest=view lbhost=/dev/vda1 lbhosttype=vfat loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.fstype=ext4,vfat" \
		"$disk"
	lbtest=hostflags expect_pass host-flags \
		"lbtest=hostflags loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.flags=uid=1000,gid=100,umask=027" \
		"$disk"
	lbtest=view expect_pass host-readonly \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=vfat lbhostopt=ro loopboot=/dev/vda1:/linux/root.sqfs,ro" \
		"$disk,readonly=on"
	expect_panic host-readonly-rw-image \
		'host /dev/vda1: the device is read-only, so every image needs "ro" (-EROFS)' \
		"loopboot=/dev/vda1:/linux/linuxdsk.img" "$disk,readonly=on"
	lbtest=view expect_pass host-gpt-partuuid \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda2 lbhosttype=vfat loopboot=PARTUUID=4c4f4f50-0000-4000-8000-000000000002:/linux/linuxdsk.img" \
		"$work/gpt.disk"
	lbtest=view expect_pass host-partnroff \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda2 lbhosttype=vfat loopboot=PARTUUID=4c4f4f50-0000-4000-8000-000000000001/PARTNROFF=1:/linux/linuxdsk.img" \
		"$work/gpt.disk"
	lbtest=view expect_pass host-partlabel \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda2 lbhosttype=vfat loopboot=PARTLABEL=loophost:/linux/linuxdsk.img" \
		"$work/gpt.disk"
}

# A host on a disk with 4096-byte logical sectors (4Kn NVMe and SSDs): the
# loop devices keep 512-byte sectors unless asked, so that an image with
# 1 KiB blocks and one with a partition table in 512-byte sectors mount;
# sector-size=4096 gives direct I/O to an image whose blocks allow it
test_sectors() {
	local d=$work
	# shellcheck disable=SC2054 # QEMU's commas
	local qemu_args=(-drive "file=$d/4kn.disk,format=raw,if=none,id=h4k"
		-device virtio-blk-pci,drive=h4k,logical_block_size=4096,physical_block_size=4096)
	mk_ext4 "$d/root4k.img" 48 "" 4096
	[ "$(dumpe2fs -h "$d/linuxdsk.img" 2>/dev/null | sed -n 's/^Block size: *//p')" = 1024 ] ||
		result sectors-image-has-1k-blocks "linuxdsk.img is expected to have 1 KiB blocks"
	SECTOR_SIZE=4096 FAT_CLUSTER_SECTORS=1 mk_fat "$d/4kn.fat" 288 \
		"$d/linuxdsk.img:/linux/linuxdsk.img" \
		"$d/root4k.img:/linux/root4k.img" \
		"$d/whole.img:/images/whole.img"
	SECTOR_SIZE=4096 mk_disk "$d/4kn.disk" 0x4c4f4f4b "$d/4kn.fat"
	lbtest=view expect_pass 4kn-root-1k-blocks \
		"lbtest=view lbroot=loop0 lbsector=0:512 lbdio=0:0 loopboot=/dev/vda1:/linux/linuxdsk.img"
	expect_console_line 4kn-says-page-cache 4kn-root-1k-blocks \
		'loopboot: image /linux/linuxdsk.img: the host has 4096-byte sectors and loop0 512-byte ones, so it uses the page cache (sector-size=4096 can give it direct I/O, if the filesystem in the image has blocks that large)$'
	lbtest=view expect_pass 4kn-partscan \
		"lbtest=view lbroot=loop0p2 lbsector=0:512 root=/dev/loop0p2 loopboot=/dev/vda1:/images/whole.img,partscan"
	lbtest=view expect_pass 4kn-sector-size-4096 \
		"lbtest=view lbroot=loop0 lbsector=0:4096 lbdio=0:1 loopboot=/dev/vda1:/linux/root4k.img,sector-size=4096"
	cp "$d/4kn.disk" "$d/4kn-shutdown.disk"
	qemu_args[1]="file=$d/4kn-shutdown.disk,format=raw,if=none,id=h4k"
	lbtest=persist expect_pass 4kn-shutdown \
		"lbtest=persist lbvalue=$(date +%s%N) loopboot=/dev/vda1:/linux/linuxdsk.img"
	SECTOR_SIZE=4096 expect_clean_host 4kn-shutdown-clean "$d/4kn-shutdown.disk" \
		vfat /linux/linuxdsk.img
}

# plug_in_when_waiting NAME DISK: once the guest says it waits for the
# host, wait a second more and plug DISK in as a USB stick
plug_in_when_waiting() {
	local name=$1 disk=$2 i
	for ((i = 0; i < BOOT_TIMEOUT * 10; i++)); do
		grep -q '^\[ *[0-9.]*\] loopboot: waiting' "$work/$name.console" 2>/dev/null && break
		sleep 0.1
	done
	sleep 1
	printf '%s\n' "drive_add 0 if=none,id=stick,format=raw,file=$disk" \
		'device_add usb-storage,bus=xhci.0,drive=stick,id=stick' |
		socat -t 2 - "UNIX-CONNECT:$work/$name.monitor" >/dev/null
}

# late_pass NAME CMDLINE: the stick is plugged in while the kernel waits;
# the guest must boot from it, after a wait of at least a second
late_pass() {
	local name=$1 cmdline=$2 ms
	cp "$work/howto.disk" "$work/$name.disk"
	rm -f "$work/$name.console"
	plug_in_when_waiting "$name" "$work/$name.disk" &
	qemu_args=(-device "qemu-xhci,id=xhci"
		-monitor "unix:$work/$name.monitor,server=on,wait=off")
	lbtest=view expect_pass "$name" \
		"lbtest=view lbroot=loop0 lbhost=/dev/sda1 lbhosttype=vfat $cmdline"
	qemu_args=()
	wait
	ms=$(sed -n 's/.*loopboot: host .* appeared after \([0-9]*\) ms$/\1/p' "$work/$name.console")
	if [ -z "$ms" ]; then
		result "$name-waited" "no line saying when the host appeared"
	elif [ "$ms" -lt 1000 ]; then
		result "$name-waited" "the host appeared after $ms ms, before it was plugged in"
	else
		result "$name-waited" ""
	fi
}

# rootwait=N, a bound in seconds, came with Linux 6.4
has_rootwait_n() {
	grep -q '__setup("rootwait=", rootwait_timeout_setup)' \
		"$top/build/$kver/linux/init/do_mounts.c"
}

test_late_host() {
	late_pass late-rootwait "rootwait loopboot=PARTUUID=4c4f4f50-01:/linux/linuxdsk.img"
	late_pass late-timeout "loopboot.timeout=30 loopboot=PARTUUID=4c4f4f50-01:/linux/linuxdsk.img"
	has_rootwait_n || return 0
	late_pass late-rootwait-n "rootwait=30 loopboot=/dev/sda1:/linux/linuxdsk.img"
	qemu_args=(-device "qemu-xhci,id=xhci")
	expect_panic late-bound-passes "host /dev/sda1: not found after * ms (-ENODEV)" \
		"rootwait=2 loopboot=/dev/sda1:/linux/linuxdsk.img"
	qemu_args=()
}
