# shellcheck shell=bash
# Helpers for the boot tests: test disks built in user space (no host
# mounts, no host loop devices) and a QEMU runner that trusts only the
# guest's marker on the second serial port.

# shellcheck source=../scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
kver=${KVER:-6.12}
main_kver=$kver
tree_prefix=""
boot_seconds=${BOOT_TIMEOUT:-60}	# for one boot of the test kernel, a hard bound

# use_variant [debug]: the boot tests run on the plain test kernels, or on
# their debug builds (tests/configs/debug.config); results are then named
# debug/NAME and kept apart
use_variant() {
	variant=${1:+-$1}
	kernel=$top/build/$kver/obj-test$variant/arch/x86/boot/bzImage
	# shellcheck disable=SC2034 # for tests/boot-module.sh
	module_kernel=$top/build/$kver/obj-module$variant/arch/x86/boot/bzImage
	work=$top/build/tests/$kver$variant
	prefix=$tree_prefix${1:+$1/}
	BOOT_TIMEOUT=$boot_seconds
	# KASAN, lockdep and kmemleak make a boot under TCG about 3 times slower
	[ -z "$1" ] || BOOT_TIMEOUT=$((boot_seconds * 3))
	mkdir -p "$work"
}
use_variant "${VARIANT:-}"

# use_tree KVER: what follows runs on the kernels of that tree; results
# are named KVER/NAME, except on the first tree (the KVER make test got)
use_tree() {
	kver=$1
	tree_prefix=""
	[ "$kver" = "$main_kver" ] || tree_prefix=$kver/
	use_variant "${variant#-}"
}

MiB=$((1024 * 1024))

passed=0
failed=0
failures=()

# --- building blocks of disks -------------------------------------------

# The guest's root tree: busybox, the init that reports, the checks
rootdir() {
	local d=$work/rootdir
	[ -x "$d/bin/busybox" ] && [ "$d/sbin/init" -nt "$top/tests/guest/init" ] &&
		[ -z "$(find "$top/tests/guest/checks" -newer "$d/sbin/init")" ] &&
		{ echo "$d"; return; }
	rm -rf "$d"
	mkdir -p "$d"/{bin,sbin,etc,proc,sys,dev,tmp,host,mnt,checks}
	cp /bin/busybox "$d/bin/busybox"
	for app in $("$d/bin/busybox" --list); do
		[ -e "$d/bin/$app" ] || ln -s busybox "$d/bin/$app"
	done
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
# (FAT_CLUSTER_SECTORS=N: clusters of N sectors, not mkfs.vfat's choice;
# SECTOR_SIZE=4096: for a disk with 4096-byte sectors)
mk_fat() {
	local part=$1 size=$2 f dir sub
	shift 2
	rm -f "$part"
	mkfs.vfat -F 32 ${FAT_CLUSTER_SECTORS:+-s "$FAT_CLUSTER_SECTORS"} \
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

# --- running the guest ---------------------------------------------------

# boot NAME CMDLINE DISK...: boot the test kernel; leaves the console in
# $work/NAME.console and what the guest reported in $work/NAME.marker.
# A DISK may carry drive options: "path,readonly=on".  Extra QEMU arguments
# come from the array qemu_args, a boot medium other than -kernel from
# boot_media (then CMDLINE is not used).
qemu_args=()
boot_media=()
boot() {
	local name=$1 cmdline=$2 d
	shift 2
	local drives=() media=("${boot_media[@]}")
	for d in "$@"; do
		drives+=(-drive "file=$d,format=raw,if=virtio")
	done
	[ ${#media[@]} -gt 0 ] || media=(-kernel "$kernel" -append \
		"console=ttyS0 panic=-1 panic_on_warn=1 oops=panic $cmdline")
	rm -f "$work/$name.console" "$work/$name.marker"
	boot_status=0
	timeout --kill-after=5 "$BOOT_TIMEOUT" qemu-system-x86_64 \
		-accel tcg -m "${guest_mib:-256}" -smp 1 -nodefaults -display none -no-reboot \
		"${media[@]}" \
		-serial "file:$work/$name.console" \
		-serial "file:$work/$name.marker" \
		"${drives[@]}" "${qemu_args[@]}" </dev/null >"$work/$name.qemu" 2>&1 || boot_status=$?
	# Serial lines end in CR LF; plain lines make plain greps
	sed -i 's/\r$//' "$work/$name.console" "$work/$name.marker"
}

result() {
	local name=$1 why=$2
	if [ -z "$why" ]; then
		passed=$((passed + 1))
		echo "PASS $prefix$name"
	else
		failed=$((failed + 1))
		failures+=("$prefix$name")
		echo "FAIL $prefix$name: $why"
		if [ -f "$work/$name.console" ]; then
			echo "---- last console lines of $name:"
			tail -n 25 "$work/$name.console" | sed 's/^/    /'
		fi
	fi
}

# crashed NAME [PANIC]: a crash is never a pass, whatever else the log says;
# what an expected panic ("Kernel panic - not syncing: PANIC", by default
# loopboot's) prints after it is not a crash of its own
crashed() {
	sed "/Kernel panic - not syncing: ${2:-loopboot: }/q" "$work/$1.console" |
		grep -E -m1 'Oops|WARNING:|BUG:|Call Trace|general protection|KASAN|UBSAN'
}

# expect_pass NAME CMDLINE DISK...: the guest must report LOOPBOOT-PASS NAME
expect_pass() {
	local name=$1 why=""
	boot "$@"
	if [ "$boot_status" = 124 ] || [ "$boot_status" = 137 ]; then
		why="timed out after ${BOOT_TIMEOUT}s"
	elif grep -q 'Kernel panic' "$work/$name.console"; then
		why="kernel panic: $(grep -m1 'Kernel panic' "$work/$name.console")"
	elif crashed "$name" >/dev/null; then
		why="kernel trouble: $(crashed "$name")"
	elif ! grep -qx "LOOPBOOT-PASS ${lbtest:-$name}" "$work/$name.marker"; then
		why="no pass marker: $(head -n1 "$work/$name.marker")"
	fi
	result "$name" "$why"
}

# expect_panic NAME MESSAGE CMDLINE DISK...: loopboot must print the line
# "loopboot: MESSAGE" and panic with it; a '*' in MESSAGE matches anything.
# When the kernel is to panic with a message of its own, panic_with holds
# its start.  The guest must never start.
expect_panic() {
	local name=$1 message=$2 why="" re panic
	shift 2
	boot "$name" "$@"
	re=$(printf '%s' "loopboot: $message" | sed 's/[][\.^$*+?(){}|/]/\\&/g')
	re="${re//\\\*/.*}\$"
	panic=${panic_with:-loopboot: }
	if [ "$boot_status" = 124 ] || [ "$boot_status" = 137 ]; then
		why="timed out after ${BOOT_TIMEOUT}s"
	elif crashed "$name" "$panic" >/dev/null; then
		why="kernel trouble: $(crashed "$name" "$panic")"
	elif ! grep -Eq "^\[ *[0-9.]+\] $re" "$work/$name.console"; then
		why="no line 'loopboot: $message'"
	elif [ -z "${panic_with:-}" ] && ! grep -Eq "Kernel panic - not syncing: $re" "$work/$name.console"; then
		why="did not panic with that message"
	elif ! grep -q "Kernel panic - not syncing: $panic" "$work/$name.console"; then
		why="did not panic with '$panic'"
	elif [ -s "$work/$name.marker" ]; then
		why="the guest started"
	fi
	result "$name" "$why"
}

# expect_console_line NAME BOOT PATTERN: the console of the boot BOOT has a
# line matching PATTERN (grep's basic regular expression)
expect_console_line() {
	if grep -q -- "$3" "$work/$2.console"; then
		result "$1" ""
	else
		result "$1" "no line matching '$3' in the console of $2"
	fi
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

# expect_clean_host NAME DISK TYPE IMAGE...: after the guest shut down, the
# host (partition 1, TYPE vfat, ext4 or ntfs) passes its fsck with nothing
# to repair, the FAT dirty bit or the NTFS dirty flag clear, and each ext4
# IMAGE on it passes e2fsck -fn and is clean, with no journal to recover
# (the root image, a /home image); the last one is left in $work/NAME.image
expect_clean_host() {
	local name=$1 disk=$2 type=$3 part=$work/$1.host out flags why="" image
	shift 3
	first_partition "$disk" "$part"
	case "$type" in
	vfat)
		out=$(fsck.vfat -n "$part" 2>&1) || why="fsck.vfat -n failed:"$'\n'"$out"
		;;
	ext4)
		out=$(e2fsck -fn "$part" 2>&1) || why="e2fsck -fn of the host failed:"$'\n'"$out"
		why+=$(ext4_not_clean "$part" "the host")
		;;
	ntfs)
		out=$(ntfsfix -n "$part" 2>&1) || why="ntfsfix -n failed:"$'\n'"$out"
		flags=$(ntfsinfo -m "$part" 2>/dev/null | sed -n 's/^[[:space:]]*Volume Flags: //p')
		[ "$flags" = 0x0000 ] || why+="NTFS volume flags are '$flags', not 0x0000 (0x0001: dirty)"
		;;
	esac
	for image in "$@"; do
		[ -z "$why" ] || break
		rm -f "$work/$name.image"
		case "$type" in
		vfat) mcopy -o -i "$part" "::$image" "$work/$name.image" ;;
		ext4) debugfs -R "dump $image $work/$name.image" "$part" >/dev/null 2>&1 ;;
		ntfs) ntfscat "$part" "$image" >"$work/$name.image" 2>/dev/null ;;
		esac
		if ! out=$(e2fsck -fn "$work/$name.image" 2>&1); then
			why="e2fsck -fn of $image failed:"$'\n'"$out"
		else
			why=$(ext4_not_clean "$work/$name.image" "$image")
		fi
	done
	result "$name" "$why"
}

# ext4_not_clean FS WHAT: why FS, an ext4 filesystem, is not cleanly
# closed; nothing if it is.  e2fsck -n passes a consistent filesystem whose
# journal was never closed; an unmount (or a read-only remount) closes it.
ext4_not_clean() {
	local out
	out=$(dumpe2fs -h "$1" 2>/dev/null)
	grep -q '^Filesystem state: *clean$' <<<"$out" ||
		echo "the state of $2 is '$(sed -n 's/^Filesystem state: *//p' <<<"$out")', not clean; "
	! grep -q '^Filesystem features:.*needs_recovery' <<<"$out" ||
		echo "the journal of $2 needs recovery"
}

# expect_no_console_line NAME BOOT PATTERN: the console of BOOT has no line
# matching PATTERN
expect_no_console_line() {
	if grep -q -- "$3" "$work/$2.console"; then
		result "$1" "a line matches '$3': $(grep -m1 -- "$3" "$work/$2.console")"
	else
		result "$1" ""
	fi
}

summary() {
	echo
	[ ${#failures[@]} -eq 0 ] || echo "failed: ${failures[*]}"
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
}
