# shellcheck shell=bash disable=SC2154,SC2016
# (SC2154: work, top and the helpers come from tests/lib/; SC2016: $LogFile is
# NTFS's name for its log file, not a variable)
# The windows group: NTFS hosts as Windows leaves them.  One that Windows
# will come back to (hibernated, Fast Startup, cut off) is refused
# read-write and not written at all; its images boot "ro"; one Windows
# shut down boots as any other.
# Sourced by tests/boot.sh, which runs test_windows.

# ntfs-KIND.disk: host.ntfs with the $LogFile Windows leaves (KIND:
# shutdown, crashed, fast-startup; tests/tools/ntfs-logfile.py) or with
# a hiberfil.sys (hibernated: "HIBR" and zeroes; resumed: zeroes; short:
# shorter than its header, as on a hibernated data partition);
# ntfs-preallocated.disk, an image on it Windows preallocated
# (tests/tools/ntfs-vdl.py); exfat-dirty.disk; and bitlocker.disk
stale_mark=loopboot-stale-cluster
make_windows_disks() {
	local d=$work kind size sig=112 inode valid
	[ -f "$d/ntfs-preallocated.disk" ] && [ "$d/ntfs-short.disk" -nt "$d/host.ntfs" ] &&
		[ "$d/ntfs-short.disk" -nt "$top/tests/tools/ntfs-logfile.py" ] &&
		[ "$d/ntfs-preallocated.disk" -nt "$top/tests/tools/ntfs-vdl.py" ] &&
		[ -f "$d/exfat-dirty.disk" ] &&
		[ -f "$d/bitlocker.disk" ] && return
	size=$(ntfscat "$d/host.ntfs" '$LogFile' | wc -c)
	for kind in shutdown crashed fast-startup hibernated resumed short; do
		cp "$d/host.ntfs" "$d/windows.ntfs"
		case $kind in
		hibernated) { printf 'HIBR'; head -c 8188 /dev/zero; } >"$d/windows.file" ;;
		resumed) head -c 8192 /dev/zero >"$d/windows.file" ;;
		short) head -c 100 /dev/zero >"$d/windows.file" ;;
		*) "$top/tests/tools/ntfs-logfile.py" "$kind" "$size" "$d/windows.file" ;;
		esac
		case $kind in
		hibernated | resumed | short) ntfscp -q "$d/windows.ntfs" "$d/windows.file" /hiberfil.sys ;;
		*) ntfscp -q -f "$d/windows.ntfs" "$d/windows.file" '/$LogFile' ;;
		esac
		MBR_TYPE=7 mk_disk "$d/ntfs-$kind.disk" "$(printf '0x4c4f4f%02x' "$sig")" "$d/windows.ntfs"
		sig=$((sig + 1))
	done
	rm -f "$d/windows.ntfs" "$d/windows.file"
	# an image as Windows preallocates one (fsutil file createnew): its
	# valid data length ends where its data does, and the clusters past
	# it hold old data; a root of 4 KiB blocks and no backup superblocks,
	# so that its data ends early
	rm -f "$d/windows.img" "$d/windows.ntfs"
	truncate -s 64M "$d/windows.img"
	mke2fs -q -t ext4 -b 4096 -O sparse_super2 -E num_backup_sb=0 \
		-d "$(rootdir)" -F "$d/windows.img"
	truncate -s 128M "$d/windows.ntfs"
	mkntfs -q -F -Q -L LOOPHOST "$d/windows.ntfs" >/dev/null 2>&1
	ntfscp -q "$d/windows.ntfs" "$d/windows.img" /linuxdsk.img
	inode=$(ntfsinfo -F /linuxdsk.img "$d/windows.ntfs" | sed -n 's/^Dumping Inode \([0-9]*\).*/\1/p')
	read -r valid size < <("$top/tests/tools/ntfs-vdl.py" "$d/windows.ntfs" "$inode" "$stale_mark")
	# (the test's writes must land past it)
	[ $((valid * 4)) -le "$size" ] ||
		result windows-preallocated-made "its valid data length, $valid, is more than a quarter of its size, $size"
	ntfscat "$d/windows.ntfs" /linuxdsk.img | cmp -s - "$d/windows.img" ||
		result windows-preallocated-made "ntfs-3g does not read the image as it was copied"
	MBR_TYPE=7 mk_disk "$d/ntfs-preallocated.disk" 0x4c4f4f76 "$d/windows.ntfs"
	rm -f "$d/windows.ntfs" "$d/windows.img"
	# an exFAT stick pulled out of a Windows machine: VolumeDirty (bit 1
	# of byte 106 of the boot sector), and an MBR identifier of its own,
	# 0x4c4f4f65
	cp "$d/exfat.disk" "$d/exfat-dirty.disk"
	printf '\002' | dd of="$d/exfat-dirty.disk" bs=1 seek=$((MiB + 106)) conv=notrunc status=none
	printf 'eOOL' | dd of="$d/exfat-dirty.disk" bs=1 seek=440 conv=notrunc status=none
	# a BitLocker volume as libblkid knows one (Windows 7 and later): its
	# header, and the FVE metadata block it points to
	rm -f "$d/bitlocker.part"
	truncate -s 4M "$d/bitlocker.part"
	python3 -c 'import struct, sys
with open(sys.argv[1], "r+b") as f:
    f.write(b"\xeb\x58\x90-FVE-FS-")
    f.seek(176)
    f.write(struct.pack("<Q", 0x10000))
    f.seek(0x10000)
    f.write(b"-FVE-FS-" + struct.pack("<HH", 0x10, 2))' "$d/bitlocker.part"
	MBR_TYPE=7 mk_disk "$d/bitlocker.disk" 0x4c4f4f64 "$d/bitlocker.part"
	rm -f "$d/bitlocker.part"
}

# windows_refused NAME KIND MESSAGE: a read-write boot from a copy of
# ntfs-KIND.disk, NAME.disk, stops at MESSAGE and leaves the disk as it
# was; with RO_TOO, the same images "ro" then boot from it (test_windows's
# $ro), and leave it
windows_refused() {
	cp "$work/ntfs-$2.disk" "$work/$1.disk"
	expect_panic "$1" "$3" "loopboot=/dev/vda1:/linuxdsk.img" "$work/$1.disk"
	windows_unchanged "$1-disk-unchanged" "$2" "$1"
	[ -n "${RO_TOO:-}" ] || return 0
	expect_pass "$1-ro" "$ro loopboot=/dev/vda1:/linuxdsk.img,ro" "$work/$1.disk"
	windows_unchanged "$1-ro-disk-unchanged" "$2" "$1"
}

# windows_unchanged NAME KIND DISK: DISK is ntfs-KIND.disk byte for byte
windows_unchanged() {
	local why=""
	cmp -s "$work/ntfs-$2.disk" "$work/$3.disk" || why="the disk changed"
	result "$1" "$why"
}

# windows_accepted NAME: the boot NAME mounted its host after a look, and
# left it clean
windows_accepted() {
	expect_console_line "$1-looked" "$1" \
		'loopboot: host /dev/vda1: no Windows hibernated on it or keeping it in use$'
	expect_clean_host "$1-host-clean" "$work/$1.disk" ntfs /linuxdsk.img
	rm -f "$work/$1.disk"
}

# Each refused boot leaves the disk as it was, and the same images "ro"
# boot from it, without changing it either
test_windows() {
	local advice='what is written to it is lost when Windows resumes: turn Fast Startup off, or shut Windows down with "shutdown /s /t 0", or make every image "ro" (-EPERM)'
	local image status ro="lbtest=hostro lbhosttype=ntfs3" rw="lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=ntfs3"
	make_windows_disks
	# its "ro" boot is the documented example, so named here in full
	windows_refused windows-hibernated hibernated \
		"host /dev/vda1: Windows is hibernated on it (hiberfil.sys); $advice"
	expect_pass windows-hibernated-ro \
		"$ro loopboot=/dev/vda1:/linuxdsk.img,ro" "$work/windows-hibernated.disk"
	windows_unchanged windows-hibernated-ro-disk-unchanged hibernated windows-hibernated
	RO_TOO=1 windows_refused windows-hibernated-data short \
		"host /dev/vda1: Windows is hibernated with it (hiberfil.sys of 100 bytes: a data partition of a hibernated Windows); $advice"
	RO_TOO=1 windows_refused windows-fast-startup fast-startup \
		"host /dev/vda1: Windows keeps it in use (\$LogFile of version 2.0: Fast Startup, hibernation, or no clean shutdown); $advice"
	RO_TOO=1 windows_refused windows-crashed crashed \
		'host /dev/vda1: Windows did not unmount it cleanly ($LogFile not marked clean): start Windows and shut it down, or let it check the volume (chkdsk), or make every image "ro" (-EPERM)'
	rm -f "$work"/windows-{hibernated,hibernated-data,fast-startup,crashed}.disk
	# nothing mounts BitLocker: it is named, read-write or not
	expect_panic windows-bitlocker \
		'host /dev/vda1 is encrypted with BitLocker: Linux cannot mount it; keep the images on a partition BitLocker does not encrypt, or turn its encryption off in Windows (-EACCES)' \
		"loopboot=/dev/vda1:/linuxdsk.img" "$work/bitlocker.disk"
	expect_panic windows-bitlocker-ro \
		'host /dev/vda1 is encrypted with BitLocker: Linux cannot mount it; keep the images on a partition BitLocker does not encrypt, or turn its encryption off in Windows (-EACCES)' \
		"loopboot=/dev/vda1:/linuxdsk.img,ro" "$work/bitlocker.disk"
	cp "$work/ntfs-shutdown.disk" "$work/windows-shutdown.disk"
	expect_pass windows-shutdown \
		"$rw loopboot=/dev/vda1:/linuxdsk.img" "$work/windows-shutdown.disk"
	windows_accepted windows-shutdown
	# an image whose valid data length ends before its size: ntfs3 reads
	# zeroes past it, and writes there persist; no old data shows, in the
	# booted system or on the host
	cp "$work/ntfs-preallocated.disk" "$work/windows-preallocated.disk"
	expect_pass windows-preallocated \
		"lbtest=vdl lbfiles=24 lbmark=$stale_mark ro loopboot=/dev/vda1:/linuxdsk.img" \
		"$work/windows-preallocated.disk"
	expect_pass windows-preallocated-again \
		"lbtest=powercut-after lbsynced=24 loopboot=/dev/vda1:/linuxdsk.img" \
		"$work/windows-preallocated.disk"
	expect_clean_host windows-preallocated-host-clean \
		"$work/windows-preallocated.disk" ntfs /linuxdsk.img
	image=$work/windows-preallocated-host-clean.image status=2
	if [ -s "$image" ] && [ "$image" -nt "$work/windows-preallocated-again.console" ]; then
		status=0
		grep -q "$stale_mark" "$image" || status=$?
	fi
	case $status in
	1) result windows-preallocated-no-stale-data "" ;;
	0) result windows-preallocated-no-stale-data "the image holds the old data of the host's clusters" ;;
	*) result windows-preallocated-no-stale-data "the image as ntfs-3g reads it could not be searched" ;;
	esac
	rm -f "$work/windows-preallocated.disk"
	# an exFAT stick pulled out of a Windows machine (VolumeDirty set):
	# the kernel says so, it boots, and the flag stays for Windows's check
	cp "$work/exfat-dirty.disk" "$work/windows-exfat-dirty.disk"
	expect_pass windows-exfat-dirty \
		"lbtest=view lbroot=loop0 lbhost=/dev/vda1 lbhosttype=exfat loopboot=/dev/vda1:/linux/linuxdsk.img" \
		"$work/windows-exfat-dirty.disk"
	expect_dirty_host_kept windows-exfat-dirty \
		'exFAT-fs (vda1): Volume was not properly unmounted. Some data may be corrupt. Please run fsck.'
	first_partition "$work/windows-exfat-dirty.disk" "$work/windows-exfat-dirty.host"
	if exfat_dirty "$work/windows-exfat-dirty.host"; then
		result windows-exfat-dirty-flag-kept ""
	else
		result windows-exfat-dirty-flag-kept "VolumeDirty was cleared: only Windows's or fsck.exfat's check may"
	fi
	rm -f "$work"/windows-exfat-dirty.{disk,host}
	cp "$work/ntfs-resumed.disk" "$work/windows-resumed.disk"
	expect_pass windows-resumed \
		"$rw loopboot=/dev/vda1:/linuxdsk.img" "$work/windows-resumed.disk"
	windows_accepted windows-resumed
}
