# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The powercut group: a power cut in the middle of writes, nothing synced lost.
# Sourced by tests/boot.sh, which runs test_powercut.

# last_synced MARKER: the last record the power-cut guest said it synced: whole
# lines only, since the cut can come in the middle of the next one
# ("LOOPBOOT-SYNCED 2" of 21 is not record 2)
last_synced() {
	local f=$1 n=""
	if [ -s "$f" ]; then
		n=$({ if [ -z "$(tail -c 1 "$f")" ]; then cat "$f"; else sed '$d' "$f"; fi; } |
			sed -n 's/^LOOPBOOT-SYNCED \([0-9]*\)\r*$/\1/p')
	fi
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
		synced=$(last_synced "$work/powercut.marker")
		[ "$synced" -lt 20 ] || break
		sleep 0.1
	done
	pkill -KILL -f "^qemu-system-x86_64 .*file:$work/powercut.console" || true
	wait
	synced=$(last_synced "$work/powercut.marker")
	if [ "$synced" -lt 20 ]; then
		result powercut "the guest synced $synced records before the cut, not 20"
		return 0
	fi
	crashed powercut >/dev/null && why="kernel trouble: $(crashed powercut)"
	result powercut "$why"
	expect_pass powercut-after \
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
