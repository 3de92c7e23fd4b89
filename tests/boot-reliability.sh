# shellcheck shell=bash disable=SC2154
# (SC2154: work and the helpers come from tests/lib.sh)
# Nothing lost: many boots in a row on one disk, and a power cut in the
# middle of writes.  Sourced by tests/boot-tests.sh.

CYCLES=${CYCLES:-20}

# CYCLES boots in a row, each checking what all the earlier ones wrote; the
# host is clean at the end
test_cycles() {
	local disk=$work/cycles.disk i before=$failed
	cp "$work/howto.disk" "$disk"
	for ((i = 1; i <= CYCLES; i++)); do
		lbtest=cycle expect_pass "cycle-$i" \
			"lbtest=cycle lbcycle=$i loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/linuxswp.img" \
			"$disk"
		[ "$failed" = "$before" ] || return 0
	done
	expect_clean_host cycles-host-clean "$disk" vfat /linux/linuxdsk.img
}

# The number of the last record the power-cut guest said it synced
last_synced() {
	local n
	n=$(sed -n 's/^LOOPBOOT-SYNCED \([0-9]*\)\r*$/\1/p' "$work/powercut.marker" 2>/dev/null || true)
	n=${n##*$'\n'}
	echo "${n:-0}"
}

# Kill QEMU while the guest writes; the next boot finds every record that
# was synced before the cut, the image keeps its size, and the host's only
# damage is its dirty bit
test_powercut() {
	local disk=$work/powercut.disk part=$work/powercut.host synced=0 i why=""
	local size_before size_after out
	cp "$work/howto.disk" "$disk"
	first_partition "$disk" "$part"
	size_before=$(stat -c %s "$work/linuxdsk.img")
	boot powercut "lbtest=powercut loopboot=/dev/vda1:/linux/linuxdsk.img" "$disk" &
	sleep 1		# boot() first removes the old marker file
	for ((i = 0; i < BOOT_TIMEOUT * 10; i++)); do
		synced=$(last_synced)
		[ "$synced" -lt 20 ] || break
		sleep 0.1
	done
	pkill -KILL -f "^qemu-system-x86_64 .*file:$work/powercut.console" || true
	wait
	synced=$(last_synced)
	if [ "$synced" -lt 20 ]; then
		result powercut "the guest synced $synced records before the cut, not 20"
		return 0
	fi
	crashed powercut >/dev/null && why="kernel trouble: $(crashed powercut)"
	result powercut "$why"
	lbtest=powercut-after expect_pass powercut-after \
		"lbtest=powercut-after lbsynced=$synced loopboot=/dev/vda1:/linux/linuxdsk.img" \
		"$disk"
	first_partition "$disk" "$part"
	why=""
	out=$(fsck.vfat -n "$part" 2>&1) || true
	# FAT32 keeps the dirty bit at offset 65 of the boot sector, so the
	# backup boot sector differs there, and only there
	if printf '%s\n' "$out" | grep -Eiv '^fsck\.fat|dirty bit|not properly unmounted|^ *automatically removing|files, .* clusters|^$|differences between boot sector and its backup|mostly harmless|^  65:01/00$|not automatically fixing|leaving filesystem unchanged' >"$work/powercut.fsck"; then
		why="fsck.vfat finds more than the dirty bit: $(cat "$work/powercut.fsck")"
	else
		fsck.vfat -a "$part" >/dev/null 2>&1 || true
		out=$(fsck.vfat -n "$part" 2>&1) ||
			why="fsck.vfat -n fails after fsck.vfat -a: $out"
	fi
	size_after=$(mcopy -i "$part" ::/linux/linuxdsk.img - | wc -c)
	[ "$size_after" = "$size_before" ] ||
		why+="the image is $size_after bytes, not $size_before"
	result powercut-host-repairable "$why"
}

# Swap under memory pressure: a swap file on the host itself, named in the
# guest's fstab through /host.  The guest has 128 MiB and keeps ~200 MiB in
# tmpfs for SWAP_SECONDS.
make_swap_disk() {
	[ -f "$work/swap.disk" ] && [ "$work/swap.disk" -nt "$work/linuxdsk.img" ] && return
	mk_swap "$work/swap192.img" 192
	mk_fat "$work/swap.fat" 448 \
		"$work/linuxdsk.img:/linux/linuxdsk.img" \
		"$work/swap192.img:/linux/swap192.img" \
		"$work/swap192.img:/swapfile.swp"
	mk_disk "$work/swap.disk" 0x4c4f4f56 "$work/swap.fat"
}

# A boot, SWAP_SECONDS of pressure and a pass that overruns them, stretched
# on the debug kernels as their boots are
swap_timeout() {
	echo $((BOOT_TIMEOUT + (${SWAP_SECONDS:-60} + 60) * BOOT_TIMEOUT / boot_seconds))
}

test_swap() {
	# shellcheck disable=SC2034 # boot() reads qemu_args
	local qemu_args=(-m 128) BOOT_TIMEOUT=$BOOT_TIMEOUT
	BOOT_TIMEOUT=$(swap_timeout)
	make_swap_disk
	cp "$work/swap.disk" "$work/swap-file.disk"
	lbtest=swap expect_pass swap-host-file \
		"lbtest=swap lbswap=/host/swapfile.swp lbswapon=fstab lbseconds=${SWAP_SECONDS:-60} loopboot=/dev/vda1:/linux/linuxdsk.img" \
		"$work/swap-file.disk"
	expect_clean_host swap-host-file-clean "$work/swap-file.disk" vfat /linux/linuxdsk.img
	# The HOWTO's swap image, marked "swap": loopboot swaps on it as the
	# host's swap file
	cp "$work/swap.disk" "$work/swap-image.disk"
	lbtest=swap expect_pass swap-image \
		"lbtest=swap lbswap=/host/linux/swap192.img lbseconds=${SWAP_SECONDS:-60} loopboot=/dev/vda1:/linux/linuxdsk.img,/linux/swap192.img,swap" \
		"$work/swap-image.disk"
	expect_console_line swap-image-says-so swap-image \
		'loopboot: image /linux/swap192.img is swap$'
	expect_clean_host swap-image-clean "$work/swap-image.disk" vfat /linux/linuxdsk.img
}

# For comparison, the same swap image on a loop device that losetup attaches
# in the guest, which does I/O through the host's filesystem: it hangs as
# soon as the guest swaps in earnest.  The swap bios and the bios of the loop driver's direct I/O to
# the image file come from one mempool, fs_bio_set, and the swap side holds
# all of it (see loopboot.rst, Swap).  BOOT_GROUPS=swap_loop runs it.
test_swap_loop() {
	# shellcheck disable=SC2034 # boot() reads qemu_args
	local qemu_args=(-m 128) BOOT_TIMEOUT=$BOOT_TIMEOUT
	BOOT_TIMEOUT=$(swap_timeout)
	make_swap_disk
	cp "$work/swap.disk" "$work/swap-losetup.disk"
	lbtest=swap expect_pass swap-losetup-image \
		"lbtest=swap lbswap=/dev/loop5 lblosetup=/host/linux/swap192.img lbswapon=fstab lbseconds=${SWAP_SECONDS:-60} loopboot=/dev/vda1:/linux/linuxdsk.img" \
		"$work/swap-losetup.disk"
}
