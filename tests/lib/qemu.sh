# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: kernel, work and BOOT_TIMEOUT come from tests/lib/env.sh;
# SC2034: boot_status is for tests/lib/expect.sh and the groups)
# Running a guest: the test kernel under QEMU (TCG), its console on the
# first serial port and what the guest reports on the second, which only
# the guest's checks write to.

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
	# Serial lines end in CR LF; plain lines make plain greps.  A CR within
	# a line (firmware writes to every serial port) ends a line of its own
	sed -i 's/\r$//; s/\r/\n/g' "$work/$name.console" "$work/$name.marker"
}

# crashed NAME [PANIC]: a crash is never a pass, whatever else the log says;
# what an expected panic ("Kernel panic - not syncing: PANIC", by default
# loopboot's) prints after it is not a crash of its own
crashed() {
	sed "/Kernel panic - not syncing: ${2:-loopboot: }/q" "$work/$1.console" |
		grep -E -m1 'Oops|WARNING:|BUG:|Call Trace|general protection|KASAN|UBSAN'
}

