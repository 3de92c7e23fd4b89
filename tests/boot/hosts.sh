# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The hosts group: the kinds of hosts: exFAT, NTFS, msdos, a read-only disk, GPT names,
# mount flags.
# Sourced by tests/boot.sh, which runs test_hosts.

test_hosts() {
	local disk=$work/howto.disk
	expect_pass host-exfat \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=exfat loopboot=/dev/vda1:/linux/linuxdsk.img" \
		"$work/exfat.disk"
	expect_clean_host host-exfat-host-clean "$work/exfat.disk" exfat
	expect_pass host-ntfs3 \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=ntfs3 loopboot=/dev/vda1:/linuxdsk.img loopboot.fstype=ntfs3" \
		"$work/ntfs.disk"
	cp "$disk" "$work/msdos.disk"
	expect_pass host-msdos \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=msdos loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.fstype=msdos" \
		"$work/msdos.disk"
	expect_pass host-fstype-list \
		"lbtest=view lbhost=/dev/vda1 lbhosttype=vfat loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.fstype=ext4,vfat" \
		"$disk"
	expect_pass host-flags \
		"lbtest=hostflags loopboot=/dev/vda1:/linux/linuxdsk.img loopboot.flags=uid=1000,gid=100,umask=027" \
		"$disk"
	expect_pass host-readonly \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=vfat lbhostopt=ro loopboot=/dev/vda1:/linux/root.sqfs,ro" \
		"$disk,readonly=on"
	expect_panic host-readonly-rw-image \
		'host /dev/vda1: the device is read-only, so every image needs "ro" (-EROFS)' \
		"loopboot=/dev/vda1:/linux/linuxdsk.img" "$disk,readonly=on"
	expect_pass host-gpt-partuuid \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda2 lbhosttype=vfat loopboot=PARTUUID=4c4f4f50-0000-4000-8000-000000000002:/linux/linuxdsk.img" \
		"$work/gpt.disk"
	expect_pass host-partnroff \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda2 lbhosttype=vfat loopboot=PARTUUID=4c4f4f50-0000-4000-8000-000000000001/PARTNROFF=1:/linux/linuxdsk.img" \
		"$work/gpt.disk"
	expect_pass host-partlabel \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda2 lbhosttype=vfat loopboot=PARTLABEL=loophost:/linux/linuxdsk.img" \
		"$work/gpt.disk"
}
