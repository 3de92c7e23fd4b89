# shellcheck shell=bash disable=SC2154
# (SC2154: work and MiB come from tests/lib/env.sh)
# Building blocks of test disks, made in user space: no host mounts, no
# host loop devices.  tests/fixtures.sh builds the shared disks from them.

# copy_program ROOT PROGRAM...: PROGRAM and the libraries it loads, at
# their paths, into the tree ROOT
copy_program() {
	local root=$1 prog lib
	shift
	for prog in "$@"; do
		install -D -m 755 "$prog" "$root/sbin/$(basename "$prog")"
		for lib in $(ldd "$prog" | grep -o '/[^ ]*'); do
			[ -e "$root$lib" ] || install -D -m 755 "$(readlink -f "$lib")" "$root$lib"
		done
	done
}

# The guest's root tree: busybox, the init that reports, the checks, and
# the loopboot tool, which init runs on the line every test boots with,
# with the programs it calls and the test kernel's .config where it looks
rootdir() {
	local d=$work/rootdir tool=$top/build/tools/loopboot h
	local config=${kernel%/arch/x86/boot/bzImage}/.config release
	release=$(cat "${config%/.config}/include/config/kernel.release")
	"$top/scripts/tool.sh" >&2
	need_pkgs dosfstools ntfs-3g e2fsprogs	# what loopboot check reads a host's state and images with
	# (the same config too: the module group makes a tree for its kernel)
	[ -x "$d/bin/busybox" ] && [ "$d/sbin/init" -nt "$top/tests/guest/init" ] &&
		[ "$d/sbin/init" -nt "$tool" ] && [ "$d/sbin/init" -nt "$config" ] &&
		cmp -s "$config" "$d/boot/config-$release" &&
		[ "$d/sbin/init" -nt "${BASH_SOURCE[0]}" ] &&
		[ -z "$(find "$top/tests/guest/checks" "$top/tools/hooks" -newer "$d/sbin/init")" ] &&
		{ echo "$d"; return; }
	rm -rf "$d"
	mkdir -p "$d"/{bin,sbin,etc,proc,sys,dev,tmp,host,mnt,checks}
	cp /bin/busybox "$d/bin/busybox"
	for app in $("$d/bin/busybox" --list); do
		[ -e "$d/bin/$app" ] || ln -s busybox "$d/bin/$app"
	done
	copy_program "$d" "$tool" "$(command -v fsck.fat)" "$(command -v ntfsinfo)" \
		"$(command -v dumpe2fs)"
	strip "$d/sbin/loopboot"
	# and the kernel package hooks, where Debian and kernel-install run them
	install -m 755 "$top/tools/hooks/loopboot-kernel" "$d/sbin/loopboot-kernel"
	for h in postinst.d/zz-loopboot postrm.d/zz-loopboot install.d/90-loopboot.install; do
		install -D -m 755 "$top/tools/hooks/${h#*/}" "$d/etc/kernel/$h"
	done
	mkdir -p "$d/boot"
	cp "$config" "$d/boot/config-$release"
	cp "$top/tests/guest/checks/"*.sh "$d/checks/"
	cat >"$d/etc/fstab" <<-FSTAB
		/dev/loop0	/	ext4	defaults	0 1
	FSTAB
	install -m 755 "$top/tests/guest/init" "$d/sbin/init"
	echo "$d"
}

# mk_ext4 IMAGE MiB [DIR [BLOCKSIZE]]: an ext4 image of DIR, by default the
# root tree
mk_ext4() {
	rm -f "$1"
	truncate -s "$2M" "$1"
	mke2fs -q -t ext4 ${4:+-b "$4"} -d "${3:-$(rootdir)}" -F "$1"
}

mk_squashfs() {
	rm -f "$1"
	mksquashfs "$(rootdir)" "$1" -quiet -noappend -all-root >/dev/null
}

mk_swap() {
	rm -f "$1"
	truncate -s "$2M" "$1"
	mkswap -q "$1" >/dev/null
}

# mk_fat PART MiB [SRC:DEST]...: a FAT32 filesystem holding files
# (FAT_BITS=12 or 16: FAT12 or FAT16; FAT_CLUSTER_SECTORS=N: clusters of
# N sectors, not mkfs.vfat's choice; SECTOR_SIZE=4096: for a disk with
# 4096-byte sectors)
mk_fat() {
	local part=$1 size=$2 f dir sub
	shift 2
	rm -f "$part"
	mkfs.vfat -F "${FAT_BITS:-32}" ${FAT_CLUSTER_SECTORS:+-s "$FAT_CLUSTER_SECTORS"} \
		${SECTOR_SIZE:+-S "$SECTOR_SIZE"} \
		-n LOOPHOST -C "$part" $((size * 1024)) >/dev/null
	for f in "$@"; do
		dir=""
		for sub in $(dirname "${f#*:}" | tr / ' '); do
			dir+=/$sub
			mmd -D s -i "$part" "::$dir" 2>/dev/null || true
		done
		mcopy -o -i "$part" "${f%%:*}" "::${f#*:}"
	done
}

# busybox_tree DIR: the tree of a user-space helper that runs before the
# root is mounted: busybox and the applets that the HOWTO's linuxrc and an
# initramfs's /init call
busybox_tree() {
	local d=$1 app
	rm -rf "$d"
	mkdir -p "$d"/{bin,dev,proc,host,root}
	cp /bin/busybox "$d/bin/busybox"
	for app in sh mount umount losetup switch_root sleep; do
		ln -s busybox "$d/bin/$app"
	done
}

# mk_initramfs CPIO IMAGE: an initramfs (its tree next to CPIO) whose /init
# does what distributions do for a root image on a FAT partition (Ubuntu's
# loop=): wait for /dev/vda1, as udev would let it, mount it, losetup
# IMAGE (a path on it), mount that and switch_root
mk_initramfs() {
	local d=${1%.cpio}
	busybox_tree "$d"
	cat >"$d/init" <<-EOF
		#!/bin/sh
		mount -t devtmpfs devtmpfs /dev
		while [ ! -b /dev/vda1 ]; do sleep 0.01; done
		mount -t vfat /dev/vda1 /host
		losetup /dev/loop0 /host$2
		mount -t ext4 /dev/loop0 /root
		mount --move /host /root/host
		mount --move /dev /root/dev
		exec switch_root /root /sbin/init
	EOF
	chmod 755 "$d/init"
	(cd "$d" && find . | cpio -o -H newc --quiet) >"$1"
}

# mbr_in_sectors DISK LABEL-ID TABLE: write the MBR partition table TABLE
# (sfdisk's "start=N, size=N, type=T" lines, in any sector unit) to DISK
mbr_in_sectors() {
	python3 - "$@" <<-'PY'
		import re, struct, sys
		disk, label, table = sys.argv[1], int(sys.argv[2], 16), sys.argv[3]
		mbr = bytearray(512)
		mbr[440:444] = struct.pack('<I', label)
		for i, line in enumerate(table.split('\n')[:4]):
		    if not line:
		        continue
		    start, size, kind = re.match(r'start=(\d+), size=(\d+), type=(\w+)', line).groups()
		    # no CHS: 0xfe/0xff/0xff, as for any partition past 8 GiB
		    mbr[446 + 16 * i:462 + 16 * i] = struct.pack('<B3sB3sII', 0, b'\xfe\xff\xff',
		                                               int(kind, 16), b'\xfe\xff\xff',
		                                               int(start), int(size))
		mbr[510:512] = b'\x55\xaa'
		with open(disk, 'r+b') as f:
		    f.write(mbr)
	PY
}

# mk_disk DISK LABEL-ID PART...: an MBR disk with the partitions in order
# (the first one of type MBR_TYPE, default FAT32, the others Linux), 1 MiB
# aligned; SECTOR_SIZE=4096 counts them in 4096-byte sectors, for a 4Kn disk
mk_disk() {
	local disk=$1 id=$2 p start=1 size total=1 table=""
	local per_mib=$((MiB / ${SECTOR_SIZE:-512}))
	shift 2
	for p in "$@"; do
		total=$((total + ($(stat -c %s "$p") + MiB - 1) / MiB))
	done
	rm -f "$disk"
	truncate -s $((total * MiB)) "$disk"
	local type=${MBR_TYPE:-c}
	for p in "$@"; do
		size=$(( ($(stat -c %s "$p") + MiB - 1) / MiB ))
		table+="start=$((start * per_mib)), size=$((size * per_mib)), type=$type"$'\n'
		dd if="$p" of="$disk" bs=1M seek="$start" conv=notrunc,sparse status=none
		start=$((start + size))
		type=83
	done
	if [ "${SECTOR_SIZE:-512}" = 512 ]; then
		printf 'label: dos\nlabel-id: %s\n%s' "$id" "$table" |
			sfdisk -q --wipe-partitions never "$disk" >/dev/null 2>&1
	else
		# this sfdisk counts only in the device's sectors, a file's 512
		mbr_in_sectors "$disk" "$id" "$table"
	fi
}

# partition_extent DISK N: the first sector of partition N of DISK, and
# its count of sectors
partition_extent() {
	sfdisk -d "$1" | sed -n "s/^[^ ]*[^0-9]$2 : start= *\([0-9]*\), size= *\([0-9]*\).*/\1 \2/p"
}

# partition_copy DISK N OUT: copy partition N of DISK (512-byte sectors)
# to OUT
partition_copy() {
	local start size
	read -r start size < <(partition_extent "$1" "$2")
	dd if="$1" of="$3" bs=64K iflag=skip_bytes,count_bytes skip=$((start * 512)) \
		count=$((size * 512)) conv=sparse status=none
}

# first_partition DISK OUT: copy the first partition of DISK to OUT (of a
# disk with SECTOR_SIZE-byte sectors)
first_partition() {
	local start size
	read -r start size < <(sfdisk -d "$1" |
		sed -n '/start=/{s/.*start= *\([0-9]*\), size= *\([0-9]*\).*/\1 \2/p;q}')
	local sector=${SECTOR_SIZE:-512}
	dd if="$1" of="$2" bs=64K iflag=skip_bytes,count_bytes skip=$((start * sector)) count=$((size * sector)) conv=sparse status=none
}

