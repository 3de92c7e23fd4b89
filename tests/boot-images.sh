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
	# three images: root, /home and swap, the last two from fstab
	rm -rf "$d/rootdir-multi" "$d/homedir"
	cp -a "$(rootdir)" "$d/rootdir-multi"
	mkdir -p "$d/rootdir-multi/home" "$d/homedir"
	printf '%s\n' '/dev/loop0 / ext4 defaults 0 1' \
		'/dev/loop1 /home ext4 defaults 0 2' \
		'/dev/loop2 none swap sw 0 0' >"$d/rootdir-multi/etc/fstab"
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
		"lbtest=multi loopboot=/dev/vda1:/multi/root.img,/multi/home.img,/linux/linuxswp.img" \
		"$work/multi.disk"
	lbtest=view expect_pass image-long-nested-path \
		"lbtest=view lbroot=loop0 loopboot=/dev/vda1:/Boot/Images/Linux/Debian/Stable/$long_name" \
		"$disk"
	lbtest=view expect_pass image-path-any-case \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=vfat loopboot=/dev/vda1:/LINUX/LinuxDsk.IMG" \
		"$disk"
	test_dio
}

# A FAT32 host whose root image is 512 MiB (the root filesystem in its
# first 48): mapping it takes longer than init takes to start
make_big_root_disk() {
	[ -f "$work/bigroot.disk" ] && [ "$work/bigroot.disk" -nt "$work/linuxdsk.img" ] && return
	cp "$work/linuxdsk.img" "$work/bigroot.img"
	truncate -s 512M "$work/bigroot.img"
	mk_fat "$work/bigroot.fat" 600 "$work/bigroot.img:/linux/bigroot.img"
	rm "$work/bigroot.img"
	mk_disk "$work/bigroot.disk" 0x4c4f4f59 "$work/bigroot.fat"
	rm "$work/bigroot.fat"
}

# A FAT32 host with 512-byte clusters: the root image, and /frag.img in
# 69632 clusters, none next to the one before (more than the 65536
# fragments a map may have)
make_fragmented_disk() {
	local part=$work/frag.fat first last
	[ -f "$work/frag.disk" ] && [ "$work/frag.disk" -nt "$work/linuxdsk.img" ] && return
	head -c $((69632 * 512)) /dev/zero >"$work/frag.img"
	FAT_CLUSTER_SECTORS=1 mk_fat "$part" 128 \
		"$work/linuxdsk.img:/linux/linuxdsk.img" "$work/frag.img:/frag.img"
	rm "$work/frag.img"
	# "::/frag.img <FIRST-LAST>": one run, as on any fresh filesystem
	read -r first last < <(mshowfat -i "$part" ::/frag.img |
		sed -n 's/^.* <\([0-9]*\)-\([0-9]*\)>$/\1 \2/p')
	"$top/tests/fat-fragment.py" "$part" "$first" $((last - first + 1))
	mk_disk "$work/frag.disk" 0x4c4f4f58 "$part"
}

# expect_file_kept NAME TEST FILE: the root image that TEST's clean-host
# check took out of the host holds FILE with the md5 the guest printed
expect_file_kept() {
	local sum kept
	sum=$(sed -n "s|^${3#/} md5 \([0-9a-f]*\).*|\1|p" "$work/$2.console")
	kept=$(debugfs -R "cat $3" "$work/$2-clean.root" 2>/dev/null | md5sum | cut -d' ' -f1)
	if [ -n "$sum" ] && [ "$kept" = "$sum" ]; then
		result "$1" ""
	else
		result "$1" "$3 in the image has md5 $kept, the guest wrote ${sum:-nothing}"
	fi
}

test_dio() {
	local disk=$work/howto.disk
	lbtest=view expect_pass dio-default \
		"lbtest=view lbdio=0:1,1:1 lbmap=0:1,1:1 loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img" \
		"$disk"
	lbtest=view expect_pass nodio \
		"lbtest=view lbdio=0:0 lbmap=0:0 loopboot=/dev/vda1:/linux/linuxdsk.img,nodio" \
		"$disk"
	lbtest=view expect_pass nomap \
		"lbtest=view lbdio=0:1 lbmap=0:0 loopboot=/dev/vda1:/linux/linuxdsk.img,nomap" \
		"$disk"
	make_big_root_disk
	cp --sparse=always "$work/bigroot.disk" "$work/mapping.disk"
	lbtest=mapping expect_pass write-while-mapping \
		"lbtest=mapping loopboot=/dev/vda1:/linux/bigroot.img" \
		"$work/mapping.disk"
	expect_clean_host write-while-mapping-clean "$work/mapping.disk" vfat /linux/bigroot.img
	expect_file_kept write-while-mapping-kept write-while-mapping /pending.dat
	lbtest=view expect_pass map-same-file-twice \
		"lbtest=view lbroot=loop0 lbdio=0:1,1:1 loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/linuxdsk.img,ro" \
		"$disk"
	expect_console_line map-same-file-twice-says-so map-same-file-twice \
		'loopboot: image /linux/linuxdsk.img: loop1 goes through the host filesystem: it is in use as swap or by another loop device; swap on it can hang when memory runs out$'
	make_fragmented_disk
	lbtest=view expect_pass map-too-fragmented \
		"lbtest=view lbroot=loop0 lbmap=0:1,1:0 loopboot=/dev/vda1:/linux/linuxdsk.img,/frag.img" \
		"$work/frag.disk"
	expect_console_line map-too-fragmented-says-so map-too-fragmented \
		'loopboot: image /frag.img: loop1 goes through the host filesystem: it is in too many fragments; swap on it can hang when memory runs out$'
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
