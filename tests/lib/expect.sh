# shellcheck shell=bash disable=SC2154
# (SC2154: work, prefix and BOOT_TIMEOUT come from tests/lib/env.sh)
# Expectations: what a boot must show for its test to pass, and the
# counting of results.  A test passes only on a positive sign (the guest's
# marker, an exact loopboot: line, a clean fsck), never on the absence of
# a failure.

passed=0
failed=0
failures=()

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

# expect_pass NAME CMDLINE DISK...: the guest must report LOOPBOOT-PASS
# CHECK, where CHECK is the guest check that CMDLINE's lbtest=CHECK names
# (tests/guest/checks/CHECK.sh), or NAME if there is none; lbtest=CHECK
# before the call names it for a boot whose command line is not CMDLINE
# (GRUB's, systemd's)
expect_pass() {
	local name=$1 why="" check
	check=${lbtest:-$(sed -n 's/^\(.* \)\{0,1\}lbtest=\([^ ]*\).*/\2/p' <<<"$2")}
	check=${check:-$name}
	boot "$@"
	if [ "$boot_status" = 124 ] || [ "$boot_status" = 137 ]; then
		why="timed out after ${BOOT_TIMEOUT}s"
	elif grep -q 'Kernel panic' "$work/$name.console"; then
		why="kernel panic: $(grep -m1 'Kernel panic' "$work/$name.console")"
	elif crashed "$name" >/dev/null; then
		why="kernel trouble: $(crashed "$name")"
	elif ! grep -qx "LOOPBOOT-PASS $check" "$work/$name.marker"; then
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

# expect_clean_host NAME DISK TYPE IMAGE...: after the guest shut down, the
# host (partition 1, TYPE vfat, exfat, ext4 or ntfs) passes its fsck with
# nothing to repair, the FAT dirty bit, exFAT VolumeDirty or the NTFS dirty
# flag clear, and each ext4 IMAGE on it passes e2fsck -fn and is clean,
# with no journal to recover (the root image, a /home image); the last one
# is left in $work/NAME.image.  HOST_PART=N: the host is partition N
expect_clean_host() {
	local name=$1 disk=$2 type=$3 part=$work/$1.host out flags why="" image
	shift 3
	if [ -n "${HOST_PART:-}" ]; then
		partition_copy "$disk" "$HOST_PART" "$part"
	else
		first_partition "$disk" "$part"
	fi
	case "$type" in
	vfat)
		out=$(fsck.vfat -n "$part" 2>&1) || why="fsck.vfat -n failed:"$'\n'"$out"
		;;
	ext4)
		out=$(e2fsck -fn "$part" 2>&1) || why="e2fsck -fn of the host failed:"$'\n'"$out"
		why+=$(ext4_not_clean "$part" "the host")
		;;
	exfat)
		out=$(fsck.exfat -n "$part" 2>&1) || why="fsck.exfat -n failed:"$'\n'"$out"
		exfat_dirty "$part" && why+="the exFAT VolumeDirty flag is set"
		;;
	ntfs)
		out=$(ntfsfix -n "$part" 2>&1) || why="ntfsfix -n failed:"$'\n'"$out"
		flags=$(ntfsinfo -m "$part" 2>/dev/null | sed -n 's/^[[:space:]]*Volume Flags: //p')
		[ "$flags" = 0x0000 ] || why+="NTFS volume flags are '$flags', not 0x0000 (0x0001: dirty)"
		;;
	esac
	# no tool here reads a file from exFAT: the volume is all that is checked
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

# expect_dirty_host_kept NAME DRIVER-LINE: the boot NAME, from a host its
# driver found dirty (DRIVER-LINE), says at shutdown that the host still is
# (the kernel clears only the mark it set), and never that it is clean
expect_dirty_host_kept() {
	expect_console_line "$1-warns" "$1" "$2"
	expect_console_line "$1-stays-dirty" "$1" \
		'loopboot: host /dev/vda1 is read-only, but still marked dirty: it was when mounted, or a write failed; let its own system check it$'
	expect_no_console_line "$1-not-called-clean" "$1" 'is read-only and clean'
}

# exfat_dirty PART: the VolumeDirty flag of exFAT PART is set (bit 1 of
# VolumeFlags, bytes 106-107 of the boot sector)
exfat_dirty() {
	local flags
	flags=$(od -An -tu2 -j106 -N2 "$1" | tr -d ' ')
	[ $((flags & 2)) != 0 ]
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
