# shellcheck shell=bash disable=SC2154
# (SC2154: work, MiB and the helpers come from tests/lib.sh)
# Boot tests of the kinds of images: filesystems, a whole disk with a
# partition table, several images at once, paths, direct I/O.  Sourced by
# tests/boot-tests.sh; the images live on the HOWTO host, howto.disk.

# A component of 120 characters, for long names on the host
long_name=$(printf 'a-long-file-name-%.0s' 1 2 3 4 5 6)a-long-file-name-for-the-root-image.img

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

test_images() {
	local disk=$work/howto.disk
	lbtest=view expect_pass image-ext2 \
		"lbtest=view lbroot=loop0 lbroottype=ext2 loopboot=/dev/vda1:/images/ext2.img" \
		"$disk"
	lbtest=view expect_pass image-erofs \
		"lbtest=view lbroot=loop0 lbroottype=erofs lbhost=/dev/vda1 lbhosttype=vfat lbhostopt=ro loopboot=/dev/vda1:/images/root.erofs,ro" \
		"$disk"
	lbtest=view expect_pass image-partscan \
		"lbtest=view lbroot=loop0p2 lbroottype=ext4 root=/dev/loop0p2 loopboot=/dev/vda1:/images/whole.img,partscan" \
		"$disk"
	cp "$disk" "$work/multi.disk"
	lbtest=multi expect_pass images-root-home-swap \
		"lbtest=multi loopboot=/dev/vda1:/multi/root.img,/multi/home.img,/linux/linuxswp.img,swap" \
		"$work/multi.disk"
	lbtest=view expect_pass image-long-nested-path \
		"lbtest=view lbroot=loop0 loopboot=/dev/vda1:/Boot/Images/Linux/Debian/Stable/$long_name" \
		"$disk"
	lbtest=view expect_pass image-path-any-case \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=vfat loopboot=/dev/vda1:/LINUX/LinuxDsk.IMG" \
		"$disk"
	test_dio
}

test_dio() {
	local disk=$work/howto.disk
	lbtest=view expect_pass dio-default \
		"lbtest=view lbdio=0:1,1:1 loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img" \
		"$disk"
	lbtest=view expect_pass nodio \
		"lbtest=view lbdio=0:0 loopboot=/dev/vda1:/linux/linuxdsk.img,nodio" \
		"$disk"
	lbtest=view expect_pass dio-impossible \
		"lbtest=view lbdio=0:0 loopboot=/dev/vda1:/images/odd.img,offset=100,ro,dio" \
		"$disk"
	expect_console_line dio-impossible-says-so dio-impossible \
		'loopboot: image /images/odd.img: dio is not possible here (host block size or offset), loop0 uses the page cache$'
	lbtest=view expect_pass dio-unasked-impossible \
		"lbtest=view lbdio=0:0 loopboot=/dev/vda1:/images/odd.img,offset=100,ro" \
		"$disk"
	if grep -q 'dio is not possible' "$work/dio-unasked-impossible.console"; then
		result dio-unasked-quiet "a warning about dio nobody asked for"
	else
		result dio-unasked-quiet ""
	fi
}
