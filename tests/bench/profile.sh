#!/bin/bash
# make bench-profile: where the guest's kernel spends its time during the
# benchmark's file I/O (tests/bench/init.c, lbbench=profile), on each kind
# of host and on the partition root.  The kernel samples its own program
# counter at each of 1000 ticks a second (CONFIG_PROFILING, profile=2);
# each phase runs again and again for 3 s of the instruction counter; the
# host's readprofile (util-linux) names the functions.  Writes
# Documentation/bench/profile.md: for each phase, the milliseconds of one
# run spent in each function that takes the most time on any way.
#   floor   root=/dev/vda2, the same root on an ext4 partition
#   fat     loopboot, the image on FAT32     ntfs   ... on NTFS (ntfs3)
#   exfat   ... on exFAT                     ext4   ... on an ext4 host
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=images.sh
. "$top/tests/bench/images.sh"
need_pkgs qemu-system-x86 dosfstools mtools e2fsprogs fdisk gcc libc6-dev \
	ntfs-3g exfatprogs util-linux

work=$top/build/bench/$kver/profile
obj=$top/build/$kver/obj-bench-loopboot-profile
kernel=$obj/arch/x86/boot/bzImage
top_functions=${PROFILE_TOP:-8}
doc=$top/Documentation/bench/profile.md
guest_mib=512
BOOT_TIMEOUT=600
mkdir -p "$work"

"$top/scripts/kernel.sh" "$kver" bench-loopboot-profile

# The disks: those of make bench, and the image on exFAT (copied there by
# a helper boot of the same guest) and on an ext4 host
bench_images "$work"
truncate -s 420M "$work/host.part"
mkfs.exfat -L LOOPHOST "$work/host.part" >/dev/null
MBR_TYPE=7 mk_disk "$work/exfat.img" 0x10ad0004 "$work/host.part"
rm -f "$work/host.part"
boot fill-exfat "root=/dev/vdb rootfstype=ext4 ro lbbench=fill lbhostfs=exfat" \
	"$work/exfat.img" "$work/root.img,readonly=on"
grep -qx 'BENCH done' "$work/fill-exfat.marker" ||
	{ echo "profile: the exFAT host was not filled: $work/fill-exfat.console" >&2; exit 1; }
mkdir -p "$work/ext4host"
mv "$work/root.img" "$work/ext4host/root.img"
mk_ext4 "$work/host.part" 440 "$work/ext4host"
rm -rf "$work/ext4host"
MBR_TYPE=83 mk_disk "$work/ext4.img" 0x10ad0005 "$work/host.part"
rm -f "$work/host.part"

ways="floor fat exfat ntfs ext4"
way_disk() {
	case "$1" in
	floor | fat) echo disk.img ;;
	*) echo "$1.img" ;;
	esac
}

# One boot a way, on a copy of its disk; each phase's profile is read back
# from the profile disk at the offset the guest gives
for way in $ways; do
	cp --sparse=always "$work/$(way_disk "$way")" "$work/run.img"
	rm -f "$work/profile.img"
	truncate -s 256M "$work/profile.img"
	args="loopboot=/dev/vda1:/root.img rw"
	[ "$way" != floor ] || args="root=/dev/vda2 rootfstype=ext4 rw"
	qemu_args=(-icount "shift=0,sleep=on")
	boot "profile-$way" "$args profile=2 lbbench=profile" "$work/run.img" "$work/profile.img"
	if ! grep -qx 'BENCH done' "$work/profile-$way.marker" ||
		grep -q 'Kernel panic\|WARNING:\|BUG:' "$work/profile-$way.console"; then
		echo "profile: boot profile-$way failed; its console is $work/profile-$way.console" >&2
		tail -n 20 "$work/profile-$way.console" >&2
		exit 1
	fi
	while read -r _ _ phase slot bytes runs seconds; do
		dd if="$work/profile.img" of="$work/$way-$phase.prof" bs=1M skip=$((slot * 64)) \
			count="$bytes" iflag=count_bytes status=none
		# ticks function per-byte-load; the total line is "ticks total"
		readprofile -m "$obj/System.map" -p "$work/$way-$phase.prof" | sort -k1,1nr |
			awk -v runs="$runs" -v s="$seconds" \
				'{ printf "%s\t%.3f\n", $2, $1 / runs } END { printf "runs\t%d\nseconds\t%s\n", runs, s }' \
				>"$work/$way-$phase.tsv"
		echo "profile: $way, $phase: $runs runs in $seconds s"
	done < <(grep '^BENCH profile ' "$work/profile-$way.marker")
	rm -f "$work/run.img" "$work/profile.img"
done
rm -f "$work"/{disk,ntfs,exfat,ext4}.img

# profile_table PHASE layer|function: the milliseconds of a run of PHASE
# on each way, by layer of the kernel (from the functions' names) or by
# function (each way's top_functions costliest)
profile_table() {
	awk -F'\t' -v ways="$ways" -v dir="$work" -v phase="$1" -v by="$2" \
		-v n="$top_functions" '
		function layer(f) {
			if (f ~ /idle|safe_halt/) return "waiting (idle)"
			if (f ~ /^(__)?v?fat_|^fat__/) return "FAT (fs/fat)"
			if (f ~ /^exfat_|^__exfat/) return "exFAT (fs/exfat)"
			if (f ~ /^(ntfs_|ni_|attr_|run_|mi_|wnd_|indx_|al_|log_)/) return "NTFS (fs/ntfs3)"
			if (f ~ /ext4|^jbd2|^__jbd2|^es_|^__es_|^mb_|crc32/) return "ext4 and jbd2 (root; host too for ext4)"
			if (f ~ /blockdev_direct_IO|^dio_|^submit_page_section|^iomap|^__iomap|iov_iter_(extract|alignment|get_pages)/) return "direct I/O (fs/direct-io.c, iomap)"
			if (f ~ /^loop_|^lo_|^__loop/) return "loop"
			if (f ~ /^(__)?(blk|bio|bvec|submit_bio|virtblk|virtqueue|virtio|vring|vp_|elv|dd_|sbitmap|bdev|flush_end_io|iowrite|ioread)/) return "block layer and virtio"
			if (f ~ /profile/) return "the profiler (reset of /proc/profile)"
			if (f ~ /filemap|folio|^xa|^__xa|^xas|alloc_pages|freelist|lru|^page_|^__page|rep_movs|copy_|_copy|memcpy|memset|clear_page|readahead|mpage|buffer|^bh_|^__bh|^ra_|slab|kmem|watermark|dirty|writeback|zone/) return "page cache and memory"
			return "other"
		}
		BEGIN {
			nw = split(ways, w, " ")
			for (i = 1; i <= nw; i++) {
				f = dir "/" w[i] "-" phase ".tsv"
				k = 0
				while ((getline line < f) > 0) {
					split(line, c, "\t")
					if (c[1] == "total" || c[1] == "runs" || c[1] == "seconds") {
						ms[w[i], c[1]] = c[2]
						continue
					}
					row = by == "layer" ? layer(c[1]) : "`" c[1] "`"
					ms[w[i], row] += c[2]
					if (!(row in seen) && (by == "layer" || k < n)) { seen[row] = 1; order[++rows] = row }
					k++
				}
			}
			printf "| %s |", by; for (i = 1; i <= nw; i++) printf " %s |", w[i]; print ""
			printf "|---|"; for (i = 1; i <= nw; i++) printf "---|"; print ""
			printf "| **total** |"; for (i = 1; i <= nw; i++) printf " **%.1f** |", ms[w[i], "total"]; print ""
			for (r = 1; r <= rows; r++) {
				printf "| %s |", order[r]
				for (i = 1; i <= nw; i++) printf " %.1f |", ms[w[i], order[r]]
				print ""
			}
			printf "| runs |"; for (i = 1; i <= nw; i++) printf " %d |", ms[w[i], "runs"]; print ""
		}'
}

# The report: for each phase, the layers, and the union of each way's top
# functions
{
	cat <<-EOF
		# Where the kernel spends the benchmark's file I/O

		Made by \`make bench-profile\` (tests/bench/profile.sh) on $(date -u +%Y-%m-%d):
		Linux $(make -s -C "$top/build/$kver/linux" kernelversion) (the \`bench-loopboot\` kernel with
		\`tests/configs/profile.config\`: CONFIG_PROFILING, HZ=1000), QEMU TCG on its
		instruction counter, one vCPU, 512 MiB.  The guest runs each phase of
		\`make bench\`'s file I/O again and again for 3 s; at each tick the kernel
		counts where it was (\`profile=2\`; user space is not counted).  Each cell
		is the milliseconds of one run of the phase spent in that function (one
		tick is 1 ms); "total" is every function's.  Waiting for the disk shows
		as the idle loop (\`mwait_idle\`); \`write_profile\` is the profiler
		clearing its counts before each run.  The rows of the second table
		are each way's $top_functions costliest functions.

		- floor: \`root=/dev/vda2\`, the root on an ext4 partition;
		- fat, exfat, ntfs, ext4: loopboot, the same root image on a host of
		  that kind (FAT32 with 4 KiB clusters, exFAT, ntfs3, ext4).
	EOF
	for phase in seq_write seq_read rand_read rand_write_fsync; do
		printf '\n## %s\n\nBy layer, from the function names (tests/bench/profile.sh says which):\n\n' "$phase"
		profile_table "$phase" layer
		printf '\nBy function:\n\n'
		profile_table "$phase" function
	done
} >"$doc"
echo "profile: $doc"
