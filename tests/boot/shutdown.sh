# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The shutdown group: the host left clean at shutdown, reboot and power-off, and hibernation.
# Sourced by tests/boot.sh, which runs test_shutdown.

# At shutdown the host is left clean, and the root image consistent, whether
# user space remounted / read-only first or went straight to reboot -f
test_shutdown() {
	local how value
	for how in sync ro; do
		value=$(date +%s%N)
		cp "$work/howto.disk" "$work/shutdown-$how.disk"
		expect_pass "shutdown-$how" \
			"lbtest=persist lbvalue=$value lbshutdown=$how loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img,swap" \
			"$work/shutdown-$how.disk"
		expect_clean_host "shutdown-$how-fat-clean" "$work/shutdown-$how.disk" \
			vfat /linux/linuxdsk.img
		cp "$work/ext4host.disk" "$work/shutdown-ext4-$how.disk"
		expect_pass "shutdown-ext4-$how" \
			"lbtest=persist lbvalue=$value lbshutdown=$how lbtoolerror=sparse loopboot=/dev/vda1:/linux/linuxdsk.img" \
			"$work/shutdown-ext4-$how.disk"
		expect_clean_host "shutdown-ext4-$how-clean" "$work/shutdown-ext4-$how.disk" \
			ext4 /linux/linuxdsk.img
		cp "$work/ntfs.disk" "$work/shutdown-ntfs-$how.disk"
		expect_pass "shutdown-ntfs-$how" \
			"lbtest=persist lbvalue=$value lbshutdown=$how loopboot=/dev/vda1:/linuxdsk.img" \
			"$work/shutdown-ntfs-$how.disk"
		expect_clean_host "shutdown-ntfs-$how-clean" "$work/shutdown-ntfs-$how.disk" \
			ntfs /linuxdsk.img
	done
	test_shutdown_home
	test_hibernation
}

# A /home image that reboot -f leaves mounted and written is made read-only
# at shutdown too: no journal to recover, and what was written is there
test_shutdown_home() {
	local value why=""
	value=$(date +%s%N)
	cp "$work/howto.disk" "$work/shutdown-home.disk"
	expect_pass shutdown-home \
		"lbtest=home-persist lbvalue=$value loopboot=/dev/vda1:/multi/root.img,/multi/home.img" \
		"$work/shutdown-home.disk"
	expect_clean_host shutdown-home-clean "$work/shutdown-home.disk" vfat \
		/multi/root.img /multi/home.img
	[ "$(debugfs -R "cat /value" "$work/shutdown-home-clean.image" 2>/dev/null)" = "$value" ] ||
		why="/value in the /home image is not what the guest wrote"
	result shutdown-home-value "$why"
}

# Hibernation is refused while the host is read-write, in either of the
# modes that end in the reboot notifier; with a read-only host it is left
# to the kernel (which, with no swap, has nowhere to write the image)
test_hibernation() {
	local mode
	for mode in shutdown reboot; do
		cp "$work/howto.disk" "$work/hibernate-$mode.disk"
		expect_pass "hibernate-$mode-refused" \
			"lbtest=hibernate lbmode=$mode lberror=resource.busy loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img,swap" \
			"$work/hibernate-$mode.disk"
		expect_console_line "hibernate-$mode-says-so" "hibernate-$mode-refused" \
			'loopboot: hibernation refused: host /dev/vda1 is read-write, and another system started on this disk before the resume could change it under the sleeping one; shut down or suspend to RAM instead$'
		expect_clean_host "hibernate-$mode-clean" "$work/hibernate-$mode.disk" \
			vfat /linux/linuxdsk.img
	done
	expect_pass hibernate-host-ro \
		"lbtest=hibernate lbmode=shutdown lbnoterror=resource.busy loopboot=/dev/vda1:/linux/linuxdsk.img,ro" \
		"$work/howto.disk"
	expect_no_console_line hibernate-host-ro-not-refused hibernate-host-ro \
		'hibernation refused'
	test_hibernation_resumes
}

# With a read-only host and a swap disk to write the snapshot to,
# hibernation goes ahead: the guest restarts (hibernation's "reboot"
# mode; "shutdown" only halts a guest without ACPI) with the reboot
# notifier leaving every disk as the snapshot expects it, the next boot
# resumes the snapshot, and the check goes on from there.  Nothing on the
# host's disk changes.  (A debug kernel, KASAN's shadow and kmemleak's
# pool included, cannot allocate the snapshot in 256 MiB: it gets 1 GiB.
# no_console_suspend: without it, the resumed guest wrote nothing more to
# either serial port in 2 of 3 runs here, the marker's included; with
# it, 6 runs of 6 passed.)
test_hibernation_resumes() {
	local cmdline="lbtest=hibernate lbmode=reboot lbresumed=1 lbswapon=/dev/vdb resume=/dev/vdb no_console_suspend loopboot=/dev/vda1:/linux/linuxdsk.img,ro"
	local why="" guest_mib=256
	[ -z "$variant" ] || guest_mib=1024
	cp "$work/howto.disk" "$work/hibernate-resume.disk"
	mk_swap "$work/hibernate-resume.swap" $((guest_mib / 2))
	boot hibernate-ro-snapshot "$cmdline" "$work/hibernate-resume.disk" \
		"$work/hibernate-resume.swap"
	if [ "$boot_status" != 0 ]; then
		why="QEMU ended with status $boot_status"
	elif crashed hibernate-ro-snapshot >/dev/null; then
		why="kernel trouble: $(crashed hibernate-ro-snapshot)"
	elif ! grep -q 'reboot: Restarting system' "$work/hibernate-ro-snapshot.console"; then
		why="the guest did not restart after writing its snapshot"
	fi
	result hibernate-ro-snapshot "$why"
	expect_no_console_line hibernate-ro-snapshot-disks-alone hibernate-ro-snapshot \
		'loopboot: host /dev/vda1 is \(read-only\|not mounted\)'
	expect_pass hibernate-ro-resumed "$cmdline" \
		"$work/hibernate-resume.disk" "$work/hibernate-resume.swap"
	why=""
	cmp -s "$work/howto.disk" "$work/hibernate-resume.disk" ||
		why="the host's disk changed"
	result hibernate-ro-host-unchanged "$why"
	rm -f "$work/hibernate-resume.disk" "$work/hibernate-resume.swap"
}
