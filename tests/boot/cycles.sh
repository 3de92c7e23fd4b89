# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The cycles group: many boots in a row on one disk, nothing lost.
# Sourced by tests/boot.sh, which runs test_cycles.

CYCLES=${CYCLES:-20}

# CYCLES boots in a row, each checking what all the earlier ones wrote; the
# host is clean at the end
test_cycles() {
	local disk=$work/cycles.disk i before=$failed
	cp "$work/howto.disk" "$disk"
	for ((i = 1; i <= CYCLES; i++)); do
		expect_pass "cycle-$i" \
			"lbtest=cycle lbcycle=$i loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img" \
			"$disk"
		[ "$failed" = "$before" ] || return 0
	done
	expect_clean_host cycles-host-clean "$disk" vfat /linux/linuxdsk.img
}
