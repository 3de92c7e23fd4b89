# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The pieces group: files in pieces on the host, read and written through
# the loop device's direct I/O.  FAT and ntfs3 map a run of clusters that
# follow each other on the disk in one go and read it through iomap (the
# fs/fat and fs/ntfs3 patches of the series); every byte must be right
# where the runs break.  A data file (and on FAT the root image) is cut
# into runs of several lengths; the guest reads it with direct I/O in
# several sizes, from its start again and again (FAT's cached run) and
# from the middle of a cluster, and through the page cache, reads a copy
# while it is truncated and extended, writes into it across runs with
# direct I/O and appends to it (allocating clusters).  The host's own
# tools (mtools, ntfs-3g), which read the filesystem by themselves, must
# find what the guest wrote, and its fsck the host clean.  Once for each
# FAT type, for FAT32 with 4096-byte sectors, whose blocks are bigger than
# the disk's, and for NTFS with a valid data length below the file's size.
# Sourced by tests/boot.sh, which runs test_pieces.

# The data file: numbered 16-byte records, ending inside a cluster and
# inside a sector
pieces_bytes=$((3 * MiB + 1234))
pieces_tail=$((3 * 4096 + 512))		# a direct read from here on
pieces_write_at=$((5 * 4096 + 1024))	# a direct write of 200 KiB
pieces_write_bytes=$((200 * 1024))
pieces_append_bytes=$((100 * 1024 + 300))
pieces_runs="1 2 3 5 8 13 32"		# in clusters
pieces_unwritten=$((64 * 1024 + 4000))	# NTFS: past the valid data length

test_pieces() {
	# NAME FAT_BITS CLUSTER_SECTORS SECTOR_SIZE MiB
	pieces_fat pieces-fat32 32 8 512 288		# 4 KiB clusters
	pieces_fat pieces-fat16 16 4 512 100		# 2 KiB clusters
	pieces_fat pieces-fat12 12 32 512 60		# 16 KiB clusters, 12-bit entries
	pieces_fat pieces-fat32-4k-sectors 32 1 4096 288
	pieces_ntfs pieces-ntfs
}

# pieces_fat NAME FAT_BITS CLUSTER_SECTORS SECTOR_SIZE MiB: a FAT host, the
# root image and the data file cut into runs (tests/tools/fat-fragment.py)
pieces_fat() {
	local name=$1 d=$work/pieces part=$work/pieces/host.fat
	pieces_data "$d"
	FAT_BITS=$2 FAT_CLUSTER_SECTORS=$3 SECTOR_SIZE=$4 mk_fat "$part" "$5" \
		"$work/linuxdsk.img:/linux/linuxdsk.img" "$d/frag.dat:/frag.dat"
	fat_fragment "$name" "$part" /linux/linuxdsk.img 1 7 64 300
	# shellcheck disable=SC2086 # the runs are words
	fat_fragment "$name" "$part" /frag.dat $pieces_runs
	mcopy -n -i "$part" ::/frag.dat "$d/expected"
	pieces_boot "$name" "$part" vfat /dev/vda1:/linux/linuxdsk.img \
		/linux/linuxdsk.img
}

# fat_fragment NAME PART FILE RUN...: cut FILE, contiguous on PART, into
# runs
fat_fragment() {
	local name=$1 part=$2 file=$3 range first last
	shift 3
	range=$(mshowfat -i "$part" "::$file" | sed -n 's/^.*<\([0-9]*\)-\([0-9]*\)>$/\1 \2/p')
	read -r first last <<<"$range"
	[ -n "$last" ] || { result "$name-setup" "$file is not one run on the host: $(mshowfat -i "$part" "::$file")"; return; }
	python3 "$top/tests/tools/fat-fragment.py" "$part" "$first" $((last - first + 1)) "$@"
}

# pieces_ntfs NAME: an NTFS host with 4 KiB clusters; the data file's
# clusters interleaved with another file's, and its valid data length
# below its size (ntfsfallocate allocates without initialising)
pieces_ntfs() {
	local name=$1 d=$work/pieces part=$work/pieces/host.ntfs at=0 i=0 run pieces
	local -a runs
	read -r -a runs <<<"$pieces_runs"
	pieces_data "$d"
	rm -f "$part"
	truncate -s 160M "$part"
	mkntfs -q -F -Q -c 4096 -L LOOPHOST "$part" >/dev/null 2>&1
	ntfscp -q "$part" "$work/linuxdsk.img" /linuxdsk.img
	: >"$d/empty"
	ntfscp -q "$part" "$d/empty" /frag.dat
	ntfscp -q "$part" "$d/empty" /gaps.dat
	while [ "$at" -lt "$pieces_bytes" ]; do
		run=$((${runs[i % ${#runs[@]}]} * 4096))
		ntfsfallocate -n -o "$at" -l "$run" "$part" /frag.dat >/dev/null
		ntfsfallocate -n -o "$at" -l "$run" "$part" /gaps.dat >/dev/null
		at=$((at + run)) i=$((i + 1))
	done
	ntfscp -q "$part" "$d/frag.dat" /frag.dat
	ntfsfallocate -o "$pieces_bytes" -l "$pieces_unwritten" "$part" /frag.dat >/dev/null
	pieces=$(ntfsinfo -v -F /frag.dat "$part" | sed -n 's/^Total runs: .*fragments: \([0-9]*\).*/\1/p')
	if [ "${pieces:-0}" -lt "$i" ]; then
		result "$name-setup" "/frag.dat is in ${pieces:-no} pieces, not $i or more"
		return
	fi
	ntfscat "$part" /frag.dat >"$d/expected"
	pieces_boot "$name" "$part" ntfs /dev/vda1:/linuxdsk.img /linuxdsk.img
}

# pieces_data DIR: DIR/frag.dat, the data file
pieces_data() {
	mkdir -p "$1"
	seq -f '%015.0f' 0 $((pieces_bytes / 16)) >"$1/frag.dat"
	truncate -s "$pieces_bytes" "$1/frag.dat"
}

# pieces_boot NAME PART TYPE LOOPBOOT IMAGE: boot from PART, whose
# /frag.dat holds DIR/expected, check it afterwards with the host's tools
pieces_boot() {
	local name=$1 part=$2 type=$3 spec=$4 image=$5 d=$work/pieces
	local disk=$work/pieces.disk sha head_sha tail_sha final_sha
	sha=$(sha256sum <"$d/expected" | cut -d' ' -f1)
	head_sha=$(head -c "$MiB" "$d/expected" | sha256sum | cut -d' ' -f1)
	tail_sha=$(tail -c +$((pieces_tail + 1)) "$d/expected" | sha256sum | cut -d' ' -f1)
	head -c "$pieces_write_bytes" < <(yes pieces-write) |
		dd of="$d/expected" bs=64K oflag=seek_bytes seek="$pieces_write_at" conv=notrunc status=none
	head -c "$pieces_append_bytes" < <(yes pieces-append) >>"$d/expected"
	final_sha=$(sha256sum <"$d/expected" | cut -d' ' -f1)
	mk_disk "$disk" 0x50494543 "$part"
	rm -f "$part"

	expect_pass "$name-read-write" \
		"lbtest=pieces lbsha=$sha lbhead=$head_sha lbtail=$pieces_tail:$tail_sha lbwrite=$pieces_write_at:$pieces_write_bytes lbappend=$pieces_append_bytes lbfinal=$final_sha loopboot=$spec" \
		"$disk"
	first_partition "$disk" "$d/after.part"
	rm -f "$d/after"
	case "$type" in
	vfat) mcopy -n -i "$d/after.part" ::/frag.dat "$d/after" 2>/dev/null || true ;;
	ntfs) ntfscat "$d/after.part" /frag.dat >"$d/after" 2>/dev/null || true ;;
	esac
	if cmp -s "$d/after" "$d/expected"; then
		result "$name-written-as-the-host-reads" ""
	else
		result "$name-written-as-the-host-reads" "/frag.dat on the host is not what the guest wrote: $(cmp "$d/after" "$d/expected" 2>&1)"
	fi
	expect_clean_host "$name-host-clean" "$disk" "$type" "$image"
	rm -rf "$d" "$disk"
}
