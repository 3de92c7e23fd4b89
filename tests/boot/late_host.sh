# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The late_host group: a host that appears late: a USB stick plugged in while the kernel waits.
# Sourced by tests/boot.sh, which runs test_late_host.

# plug_in_when_waiting NAME DISK: once the guest says it waits for the
# host, wait a second more and plug DISK in as a USB stick
plug_in_when_waiting() {
	local name=$1 disk=$2 i
	for ((i = 0; i < BOOT_TIMEOUT * 10; i++)); do
		grep -q '^\[ *[0-9.]*\] loopboot: waiting' "$work/$name.console" 2>/dev/null && break
		sleep 0.1
	done
	sleep 1
	printf '%s\n' "drive_add 0 if=none,id=stick,format=raw,file=$disk" \
		'device_add usb-storage,bus=xhci.0,drive=stick,id=stick' |
		socat -t 2 - "UNIX-CONNECT:$work/$name.monitor" >/dev/null
}

# late_pass NAME CMDLINE: the stick is plugged in while the kernel waits;
# the guest must boot from it, after a wait of at least a second
late_pass() {
	local name=$1 cmdline=$2 ms
	cp "$work/howto.disk" "$work/$name.disk"
	rm -f "$work/$name.console"
	plug_in_when_waiting "$name" "$work/$name.disk" &
	qemu_args=(-device "qemu-xhci,id=xhci"
		-monitor "unix:$work/$name.monitor,server=on,wait=off")
	expect_pass "$name" \
		"lbtest=view lbroot=loop0 lbhost=/dev/sda1 lbhosttype=vfat $cmdline"
	qemu_args=()
	wait
	ms=$(sed -n 's/.*loopboot: host .* appeared after \([0-9]*\) ms$/\1/p' "$work/$name.console")
	if [ -z "$ms" ]; then
		result "$name-waited" "no line saying when the host appeared"
	elif [ "$ms" -lt 1000 ]; then
		result "$name-waited" "the host appeared after $ms ms, before it was plugged in"
	else
		result "$name-waited" ""
	fi
}

test_late_host() {
	late_pass late-rootwait "rootwait loopboot=PARTUUID=4c4f4f50-01:/linux/linuxdsk.img"
	late_pass late-timeout "loopboot.timeout=30 loopboot=PARTUUID=4c4f4f50-01:/linux/linuxdsk.img"
	tree_has "$kver" rootwait_n || return 0
	late_pass late-rootwait-n "rootwait=30 loopboot=/dev/sda1:/linux/linuxdsk.img"
	qemu_args=(-device "qemu-xhci,id=xhci")
	expect_panic late-bound-passes "host /dev/sda1: not found after * ms (-ENODEV)" \
		"rootwait=2 loopboot=/dev/sda1:/linux/linuxdsk.img"
	qemu_args=()
}
