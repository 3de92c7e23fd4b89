# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The sectors group: a host on a disk with 4096-byte logical sectors.
# Sourced by tests/boot.sh, which runs test_sectors.

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
	expect_pass 4kn-root-1k-blocks \
		"lbtest=view lbroot=loop0 lbsector=0:512 lbdio=0:0 loopboot=/dev/vda1:/linux/linuxdsk.img"
	expect_console_line 4kn-says-page-cache 4kn-root-1k-blocks \
		'loopboot: image /linux/linuxdsk.img: the host has 4096-byte sectors and loop0 512-byte ones, so it uses the page cache (sector-size=4096 can give it direct I/O, if the filesystem in the image has blocks that large)$'
	expect_pass 4kn-partscan \
		"lbtest=view lbroot=loop0p2 lbsector=0:512 root=/dev/loop0p2 loopboot=/dev/vda1:/images/whole.img,partscan"
	expect_pass 4kn-sector-size-4096 \
		"lbtest=view lbroot=loop0 lbsector=0:4096 lbdio=0:1 loopboot=/dev/vda1:/linux/root4k.img,sector-size=4096"
	cp "$d/4kn.disk" "$d/4kn-shutdown.disk"
	qemu_args[1]="file=$d/4kn-shutdown.disk,format=raw,if=none,id=h4k"
	expect_pass 4kn-shutdown \
		"lbtest=persist lbvalue=$(date +%s%N) loopboot=/dev/vda1:/linux/linuxdsk.img"
	SECTOR_SIZE=4096 expect_clean_host 4kn-shutdown-clean "$d/4kn-shutdown.disk" \
		vfat /linux/linuxdsk.img
}
