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
