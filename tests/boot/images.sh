# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The images group: the kinds of images: filesystems, a whole disk with a partition table,
# several images at once, paths, direct I/O.
# Sourced by tests/boot.sh, which runs test_images.

test_images() {
	local disk=$work/howto.disk
	expect_pass image-ext2 \
		"lbtest=view lbroot=loop0 lbroottype=ext2 loopboot=/dev/vda1:/images/ext2.img" \
		"$disk"
	expect_pass image-erofs \
		"lbtest=view lbroot=loop0 lbroottype=erofs lbhost=/dev/vda1 lbhosttype=vfat lbhostopt=ro loopboot=/dev/vda1:/images/root.erofs,ro" \
		"$disk"
	expect_pass image-partscan \
		"lbtest=view lbroot=loop0p2 lbroottype=ext4 root=/dev/loop0p2 loopboot=/dev/vda1:/images/whole.img,partscan" \
		"$disk"
	cp "$disk" "$work/multi.disk"
	expect_pass images-root-home-swap \
		"lbtest=multi loopboot=/dev/vda1:/multi/root.img,/multi/home.img,/linux/linuxswp.img,swap" \
		"$work/multi.disk"
	expect_pass image-long-nested-path \
		"lbtest=view lbroot=loop0 loopboot=/dev/vda1:/Boot/Images/Linux/Debian/Stable/$long_name" \
		"$disk"
	expect_pass image-path-any-case \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=vfat loopboot=/dev/vda1:/LINUX/LinuxDsk.IMG" \
		"$disk"
	test_dio
}

test_dio() {
	local disk=$work/howto.disk
	expect_pass dio-default \
		"lbtest=view lbdio=0:1,1:1 loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img" \
		"$disk"
	expect_pass nodio \
		"lbtest=view lbdio=0:0 loopboot=/dev/vda1:/linux/linuxdsk.img,nodio" \
		"$disk"
	expect_pass dio-impossible \
		"lbtest=view lbdio=0:0 loopboot=/dev/vda1:/images/odd.img,offset=100,ro,dio" \
		"$disk"
	expect_console_line dio-impossible-says-so dio-impossible \
		'loopboot: image /images/odd.img: dio is not possible here (host block size or offset), loop0 uses the page cache$'
	expect_pass dio-unasked-impossible \
		"lbtest=view lbdio=0:0 loopboot=/dev/vda1:/images/odd.img,offset=100,ro" \
		"$disk"
	if grep -q 'dio is not possible' "$work/dio-unasked-impossible.console"; then
		result dio-unasked-quiet "a warning about dio nobody asked for"
	else
		result dio-unasked-quiet ""
	fi
}
