# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The times group: a root image's data writes do not touch its times on
# the host (no directory entry or journal commit with each fsync), yet a
# boot that wrote moves its modification time, at the first write and at
# shutdown, so that backups see the change; a boot that wrote nothing
# leaves it.  On each kind of host.
# Sourced by tests/boot.sh, which runs test_times.

test_times() {
	times_on vfat howto.disk /linux/linuxdsk.img
	times_on exfat exfat.disk /linux/linuxdsk.img
	times_on ntfs ntfs.disk /linuxdsk.img
	times_on ext4 ext4host.disk /linux/linuxdsk.img lbtoolerror=sparse
	times_frozen_host
}

# times_on KIND DISK IMAGE [GUEST-WORDS]: three boots of a copy of DISK
times_on() {
	local kind=$1 disk=$work/times-$1.disk image=$3 extra=${4:-} step mtime=0
	cp "$work/$2" "$disk"
	for step in write moved kept; do
		expect_pass "times-$kind-$step" \
			"lbtest=times lbstep=$step lbimg=$image lbmtime=$mtime $extra loopboot=/dev/vda1:$image" \
			"$disk"
		mtime=$(sed -n 's/^mtime \([0-9]*\)$/\1/p' "$work/times-$kind-$step.marker")
		[ -n "$mtime" ] || break
	done
	# no tool here reads a file from exFAT: there only the volume is checked
	if [ "$kind" = exfat ]; then
		expect_clean_host "times-$kind-host-clean" "$disk" "$kind"
	else
		expect_clean_host "times-$kind-host-clean" "$disk" "$kind" "$image"
	fi
}

# A host frozen at shutdown (fsfreeze, a snapshot tool; ext4: FAT, exFAT
# and NTFS cannot be frozen from user space): the image's time cannot be
# set, nor the host made read-only; both are said, and the machine goes
# down rather than wait for a thaw
times_frozen_host() {
	cp "$work/ext4host.disk" "$work/times-frozen.disk"
	expect_pass times-frozen-host \
		"lbtest=times lbstep=frozen lbimg=/linux/linuxdsk.img lbtoolerror=sparse loopboot=/dev/vda1:/linux/linuxdsk.img" \
		"$work/times-frozen.disk"
	expect_console_line times-frozen-host-time-said times-frozen-host \
		'loopboot: image /linux/linuxdsk.img: cannot set its modification time, the host is frozen (-EBUSY)$'
	expect_console_line times-frozen-host-host-said times-frozen-host \
		'loopboot: host /dev/vda1: cannot make it read-only, it stays marked in use (-EBUSY)$'
	expect_console_line times-frozen-host-went-down times-frozen-host \
		'reboot: Restarting system$'
}
