# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The fatmap group: FAT maps a run of clusters that follow each other on
# the disk in one go (the fs/fat patches of the series), and gets every
# byte right where the runs break.  The root image and a data file on a
# FAT host are cut into runs of several lengths; the guest reads the file
# with direct I/O in several sizes, from its first cluster again and
# again (the cached run) and from the middle of a cluster, and through the
# page cache, reads a copy while it is truncated and extended, writes into
# it across runs with direct I/O and appends to it (allocating clusters);
# mtools, which reads FAT by itself, must find what the guest wrote, and
# fsck.vfat the host clean.  Once for each FAT type, and for FAT32 with
# 4096-byte sectors, whose blocks are bigger than the disk's.  Sourced by
# tests/boot.sh, which runs test_fatmap.

# The data file: numbered 16-byte records, ending inside a cluster and
# inside a sector
fatmap_bytes=$((3 * MiB + 1234))
fatmap_tail=$((3 * 4096 + 512))		# a direct read from here on
fatmap_write_at=$((5 * 4096 + 1024))	# a direct write of 200 KiB
fatmap_write_bytes=$((200 * 1024))
fatmap_append_bytes=$((100 * 1024 + 300))

test_fatmap() {
	# NAME FAT_BITS CLUSTER_SECTORS SECTOR_SIZE MiB
	fatmap_on fatmap 32 8 512 288		# 4 KiB clusters
	fatmap_on fatmap-fat16 16 4 512 100	# 2 KiB clusters
	fatmap_on fatmap-fat12 12 32 512 60	# 16 KiB clusters, 12-bit entries
	fatmap_on fatmap-4k-sectors 32 1 4096 288
}

# fatmap_on NAME FAT_BITS CLUSTER_SECTORS SECTOR_SIZE MiB: the tests on one
# kind of FAT host
fatmap_on() {
	local name=$1 d=$work/fatmap part=$work/fatmap/host.fat disk=$work/fatmap.disk
	local sha head_sha tail_sha final_sha
	mkdir -p "$d"
	seq -f '%015.0f' 0 $((fatmap_bytes / 16)) >"$d/frag.dat"
	truncate -s "$fatmap_bytes" "$d/frag.dat"
	FAT_BITS=$2 FAT_CLUSTER_SECTORS=$3 SECTOR_SIZE=$4 mk_fat "$part" "$5" \
		"$work/linuxdsk.img:/linux/linuxdsk.img" "$d/frag.dat:/frag.dat"
	fatmap_fragment "$name" "$part" /linux/linuxdsk.img 1 7 64 300
	fatmap_fragment "$name" "$part" /frag.dat 1 2 3 5 8 13 32
	# what the file holds now, read by mtools
	mcopy -n -i "$part" ::/frag.dat "$d/expected"
	sha=$(sha256sum <"$d/expected" | cut -d' ' -f1)
	head_sha=$(head -c "$MiB" "$d/expected" | sha256sum | cut -d' ' -f1)
	tail_sha=$(tail -c +$((fatmap_tail + 1)) "$d/expected" | sha256sum | cut -d' ' -f1)
	head -c "$fatmap_write_bytes" < <(yes fatmap-write) |
		dd of="$d/expected" bs=64K oflag=seek_bytes seek="$fatmap_write_at" conv=notrunc status=none
	head -c "$fatmap_append_bytes" < <(yes fatmap-append) >>"$d/expected"
	final_sha=$(sha256sum <"$d/expected" | cut -d' ' -f1)
	mk_disk "$disk" 0x4641544d "$part"
	rm -f "$part"

	expect_pass "$name-read-write" \
		"lbtest=fatmap lbsha=$sha lbhead=$head_sha lbtail=$fatmap_tail:$tail_sha lbwrite=$fatmap_write_at:$fatmap_write_bytes lbappend=$fatmap_append_bytes lbfinal=$final_sha loopboot=/dev/vda1:/linux/linuxdsk.img" \
		"$disk"
	first_partition "$disk" "$d/after.fat"
	rm -f "$d/after"
	mcopy -n -i "$d/after.fat" ::/frag.dat "$d/after" 2>/dev/null || true
	if cmp -s "$d/after" "$d/expected"; then
		result "$name-written-as-mtools-reads" ""
	else
		result "$name-written-as-mtools-reads" "/frag.dat on the host is not what the guest wrote: $(cmp "$d/after" "$d/expected" 2>&1)"
	fi
	expect_clean_host "$name-host-clean" "$disk" vfat /linux/linuxdsk.img
	rm -rf "$d" "$disk"
}

# fatmap_fragment NAME PART FILE RUN...: cut FILE, contiguous on PART, into
# runs (tests/tools/fat-fragment.py)
fatmap_fragment() {
	local name=$1 part=$2 file=$3 range first last
	shift 3
	range=$(mshowfat -i "$part" "::$file" | sed -n 's/^.*<\([0-9]*\)-\([0-9]*\)>$/\1 \2/p')
	read -r first last <<<"$range"
	[ -n "$last" ] || { result "$name-setup" "$file is not one run on the host: $(mshowfat -i "$part" "::$file")"; return; }
	python3 "$top/tests/tools/fat-fragment.py" "$part" "$first" $((last - first + 1)) "$@"
}
