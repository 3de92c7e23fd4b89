#!/bin/bash
# The table and the chart of a make bench run:
#   tests/bench/report.sh RESULTS.TSV [OUTDIR]
# writes OUTDIR/results.md and OUTDIR/boot-time.png (OUTDIR defaults to
# Documentation/bench).  Medians, min and max over the runs; every ratio is
# to the floor (root on a partition) measured in the same run.
set -euo pipefail
# shellcheck source=../../scripts/lib.sh
. "$(dirname "$0")/../../scripts/lib.sh"

tsv=${1:?usage: report.sh RESULTS.TSV [OUTDIR]}
dir=${2:-$top/Documentation/bench}
mkdir -p "$dir"
kver=$(basename "$(dirname "$tsv")")
dat=$(dirname "$tsv")/boot-time.dat
rm -f "$dat"

# stats WAY CLOCK METRIC: "median min max" of the runs
stats() {
	awk -F'\t' -v w="$1" -v c="$2" -v m="$3" '$1 == w && $2 == c && $4 == m { print $5 }' "$tsv" |
		sort -g | awk '{ v[NR] = $1 } END {
			if (!NR) exit 1
			med = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
			print med, v[1], v[NR] }'
}

ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'
}

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
qemu=$(qemu-system-x86_64 --version | head -n 1)
release=$(cat "$top/build/$kver/obj-bench-loopboot/include/config/kernel.release")

exec >"$dir/results.md"
cat <<EOF
# loopboot benchmarks

Made by \`make bench\` on $(date -u +%Y-%m-%d): Linux $release (the
\`bench-loopboot\` kernel of \`tests/configs/\`), $qemu, TCG, one vCPU,
512 MiB, on $(nproc) host cores ($cpu).  Every ratio is to the floor, root on an
ext4 partition, measured in the same run (the random I/O also in the same
boot).  Raw numbers:
\`build/bench/$kver/results.tsv\`.

## Time to init

From kernel start to the first instruction of the real /sbin/init, by the
guest's clock (CLOCK_BOOTTIME), median of $(awk -F'\t' '$1 == "floor" && $2 == "icount" && $4 == "init_s"' "$tsv" | wc -l) runs [min, max].
*icount*: QEMU counts instructions (\`-icount shift=0,sleep=on\`): one
nanosecond each, a 1 GHz machine that does one instruction a cycle, while
idle time passes as it does on the host; the same work takes the same time
whatever else the host does.  *host clock*: plain TCG, whose time also
counts QEMU translating guest code.  *after the disk*: from the kernel
listing the disk's partitions to init (both by the kernel's clock: init
writes to /dev/kmsg), the part that differs between the ways; before it,
the kernel spends the same time on every way.  Memory is MemTotal -
MemFree at init.

| way | icount (s) | ratio | after the disk (ms) | ratio | host clock (s) | ratio | memory in use (MiB) | page cache (MiB) | first write (ms) |
|---|---|---|---|---|---|---|---|---|---|
EOF
read -r floor_i _ < <(stats floor icount init_s)
read -r floor_d _ < <(stats floor icount disk_to_init_s)
read -r floor_h _ < <(stats floor host init_s)
for way in floor loopboot howto initramfs; do
	read -r mi lo_i hi_i < <(stats "$way" icount init_s)
	read -r md _ < <(stats "$way" icount disk_to_init_s)
	read -r mh lo_h hi_h < <(stats "$way" host init_s)
	read -r mem _ < <(stats "$way" icount mem_used_kib)
	read -r cache _ < <(stats "$way" icount mem_cache_kib)
	read -r first _ < <(stats "$way" icount first_write_s)
	printf '| %s | %.3f [%.3f, %.3f] | %s | %.1f | %s | %.3f [%.3f, %.3f] | %s | %.1f | %.1f | %.1f |\n' \
		"$way" "$mi" "$lo_i" "$hi_i" "$(ratio "$mi" "$floor_i")" \
		"$(awk -v s="$md" 'BEGIN { print s * 1000 }')" "$(ratio "$md" "$floor_d")" \
		"$mh" "$lo_h" "$hi_h" "$(ratio "$mh" "$floor_h")" \
		"$(awk -v k="$mem" 'BEGIN { print k / 1024 }')" "$(awk -v k="$cache" 'BEGIN { print k / 1024 }')" \
		"$(awk -v s="$first" 'BEGIN { print s * 1000 }')"
	printf '%s %s %s %s %s %s %s\n' "$way" "$mi" "$lo_i" "$hi_i" "$mh" "$lo_h" "$hi_h" >>"$dat"
done

cat <<EOF

- floor: \`root=/dev/vda2\`, the same root on an ext4 partition;
- loopboot: \`loopboot=/dev/vda1:/root.img\`, the root image on FAT32, direct I/O through FAT;
- howto: the 1998 HOWTO on this kernel: a classic initrd (ext2, \`root=/dev/loop0\`), its \`/linuxrc\` mounts the FAT32 partition and \`losetup\`s the image (busybox);
- initramfs: a cpio whose \`/init\` mounts the FAT32 partition, \`losetup\`s, mounts the image and \`switch_root\`s (Ubuntu's \`loop=\`, with busybox).

*first write*: init's first write, one 4 KiB block written to a new file
and fsync'd, on the instruction counter.

## The first write at init by image size

The same root in images of three sizes on FAT32, \`loopboot=/dev/vda1:/root.img\`,
on the instruction counter, median of the runs [min, max]: a root that
made writes wait for work that grows with the image would show it here.

| root image | first write (ms) | ratio to 400 MiB | time to init (s) |
|---|---|---|---|
EOF
read -r first_400 _ < <(stats loopboot icount first_write_s)
for way in loopboot loopboot-512m loopboot-3584m; do
	read -r m lo hi < <(stats "$way" icount first_write_s)
	read -r init _ < <(stats "$way" icount init_s)
	case $way in
	loopboot) label="400 MiB" ;;
	*) label="${way#loopboot-}"; label="${label%m} MiB" ;;
	esac
	printf '| %s | %.1f [%.1f, %.1f] | %s | %.3f |\n' "$label" \
		"$(awk -v s="$m" 'BEGIN { print s * 1000 }')" "$(awk -v s="$lo" 'BEGIN { print s * 1000 }')" \
		"$(awk -v s="$hi" 'BEGIN { print s * 1000 }')" "$(ratio "$m" "$first_400")" "$init"
done

cat <<EOF

## File I/O on the root

Inside the booted guest, on the instruction counter, median of $(awk -F'\t' '$1 == "floor" && $2 == "io" && $4 == "seq_read_mib_s"' "$tsv" | wc -l) runs
[min, max]: 256 MiB written and fsync'd, read back after dropping the
caches, 4 KiB reads at 4096 random places, 4 KiB writes each followed by
fsync at 512, and the page cache that reading 128 MiB of a file adds.  The
root image is on FAT32 but for the last row, where it is on NTFS (written
in full by \`ntfscp\`, as Windows would).  Each way is a boot of its own.
The sequential runs are CPU work and repeat.  The random ones wait for
each request: a read for QEMU to copy it from the host's page cache, an
fsync'd write for one or two flushes of the host's disk (QEMU's fdatasync
of the disk image), whose time moves with whatever else the host does, so
the random rates of separate boots compare moments as much as ways: the
next table compares them in the same boot.

| root | seq write (MiB/s) | ratio | seq read (MiB/s) | ratio | rand read (IOPS) | ratio | rand write+fsync (IOPS) | ratio | cache after 128 MiB read (MiB) |
|---|---|---|---|---|---|---|---|---|---|
EOF
way_label() {
	case $1 in
	loopboot) echo "loopboot (dio)" ;;
	nodio) echo "loopboot, nodio" ;;
	ntfs) echo "loopboot on NTFS (dio)" ;;
	*) echo "$1" ;;
	esac
}
declare -A io_floor
for metric in seq_write_mib_s seq_read_mib_s rand_read_iops rand_write_fsync_iops; do
	read -r io_floor[$metric] _ < <(stats floor io "$metric")
done
for way in floor loopboot nodio ntfs; do
	row="| $(way_label "$way")"
	for metric in seq_write_mib_s seq_read_mib_s rand_read_iops rand_write_fsync_iops; do
		read -r m lo hi < <(stats "$way" io "$metric")
		row+=" | $m [$lo, $hi] | $(ratio "$m" "${io_floor[$metric]}")"
	done
	read -r m _ < <(stats "$way" io cache_mib_after_128)
	echo "$row | $m |"
done

# medians WAY METRIC...: " | median" for each (way, metric) pair,
# "-" where the runs did not measure it
medians() {
	local way metric m out=""
	while [ $# -gt 0 ]; do
		way=$1 metric=$2
		shift 2
		m=$(stats "$way" io "$metric" | cut -d' ' -f1 || true)
		out+=" | ${m:--}"
	done
	echo "$out"
}

read -r turns _ < <(stats loopboot io paired_turns) || turns="-"
cat <<EOF

### Random I/O in the same boot as the partition

With root on the loop device, the guest also mounts the floor's partition
(\`/dev/vda2\`, beside the host on the same disk), writes the same file
there, and runs each random phase in turns on the two: one turn of each
that is not counted, then $turns of each, root, partition, partition, root,
and so on, so that a change in the host's disk over the turns falls on
both alike.  *ratio*: the partition's time over the root's, over all the
counted turns of a boot: the root's rate as a part of the partition's
(above 1.00, faster); median of the runs [min, max].  The rates are the
medians of each side's, to compare with the separate boots above.  These
ratios are the ones loopboot's goal for random I/O (0.9 of the partition) is
judged by.

| root | rand read ratio | root, partition (IOPS) | rand write+fsync ratio | root, partition (IOPS) |
|---|---|---|---|---|
EOF
for way in loopboot nodio ntfs; do
	read -r r rlo rhi < <(stats "$way" io paired_rand_read_ratio) || continue
	read -r w wlo whi < <(stats "$way" io paired_rand_write_fsync_ratio) || continue
	printf '| %s | %.2f [%.2f, %.2f] | %s | %.2f [%.2f, %.2f] | %s |\n' "$(way_label "$way")" \
		"$r" "$rlo" "$rhi" \
		"$(medians "$way" paired_rand_read_root_iops "$way" paired_rand_read_partition_iops |
			sed 's/^ | //; s/ | /, /')" \
		"$w" "$wlo" "$whi" \
		"$(medians "$way" paired_rand_write_fsync_root_iops "$way" paired_rand_write_fsync_partition_iops |
			sed 's/^ | //; s/ | /, /')"
done

cat <<EOF

### What each fsync'd write costs the disk

During the random writes of the separate boots, for each fsync'd 4 KiB
write, median of the runs.  *disk* is the whole disk (the host and the
floor's partition), *root device* the root's own (the partition, or the
loop device): a difference between the two is made on the way down to the
disk.  Through the loop device the data written and the flushes are the
partition's; what differs is counting.  A write request without data (the
flush an fsync sends when it has no journal commit to write) counts as a
write, and the flushes before and after a journal commit, which on the
partition go with the commit block's own request, reach the disk from the
loop device as two requests of their own: 2 more write requests for each
commit.  The root commits its journal when the file's modification time
has moved, at most once a timer tick (4 ms), so a phase that takes longer
has more commits, and a little more of everything.  Every 5 s of writes
the loop device also sets the image file's times on the host (a directory
entry on FAT).  A partition counts no flushes of its own.

| root | disk write requests | disk KiB written | disk flushes | root device write requests | root device KiB written | root device flushes |
|---|---|---|---|---|---|---|
EOF
for way in floor loopboot nodio ntfs; do
	echo "| $(way_label "$way")$(medians "$way" disk_writes_per_fsync "$way" disk_kib_per_fsync \
		"$way" disk_flushes_per_fsync "$way" root_writes_per_fsync "$way" root_kib_per_fsync \
		"$way" root_flushes_per_fsync) |"
done

# size_of FLAVOUR OBJECT KIND: bytes, 0 when the object is not built
size_of() {
	awk -F'\t' -v f="$1" -v o="$2" -v k="$3" '
		$1 == "size" && $2 == f && $3 == o && $4 == k { v = $5 } END { print v + 0 }' "$tsv"
}

cat <<EOF

## Kernel size

The objects that the series changes or adds, built in the benchmark
configuration with the series and \`CONFIG_LOOPBOOT=n\` and \`=y\`, and
from the unpatched source (the series changes no other code: its header
changes are declarations; the filesystems' objects change whatever
CONFIG_LOOPBOOT says, since their patches stand alone), in bytes of loaded sections: *code* counts
executable sections, *init* what the kernel frees once the system has
booted.

| object | unpatched | LOOPBOOT=n | added | LOOPBOOT=y | added over =n | of it code | of it init |
|---|---|---|---|---|---|---|---|
EOF
total_n=0 total_y=0 total_text=0 total_init=0
while read -r o; do
	p=$(($(size_of bench-pristine "$o" resident) + $(size_of bench-pristine "$o" init)))
	n=$(($(size_of bench "$o" resident) + $(size_of bench "$o" init)))
	y=$(($(size_of bench-loopboot "$o" resident) + $(size_of bench-loopboot "$o" init)))
	text=$(($(size_of bench-loopboot "$o" text) - $(size_of bench "$o" text)))
	init=$(($(size_of bench-loopboot "$o" init) - $(size_of bench "$o" init)))
	total_n=$((total_n + n - p)) total_y=$((total_y + y - n))
	total_text=$((total_text + text)) total_init=$((total_init + init))
	echo "| $o | $p | $n | $((n - p)) | $y | $((y - n)) | $text | $init |"
done < <(awk -F'\t' '$1 == "size" && $2 == "bench-loopboot" && !seen[$3]++ { print $3 }' "$tsv")
echo "| **all** | | | **$total_n** | | **$total_y** | **$total_text** | **$total_init** |"
[ "$(size_of module loopboot.ko resident)" = 0 ] || cat <<EOF

The module (\`CONFIG_LOOPBOOT=m\`, test configuration): loopboot.ko loads
$(size_of module loopboot.ko resident) bytes that stay ($(size_of module loopboot.ko text) of code in all) and $(size_of module loopboot.ko init) that its init frees.
EOF

gnuplot <<EOF
set terminal pngcairo size 900,480 font "sans,11"
set output "$dir/boot-time.png"
set title "Time to init, median of the runs, with min and max (Linux $release, QEMU TCG)"
set ylabel "seconds from kernel start"
set yrange [0:*]
set style data histogram
set style histogram errorbars gap 2 lw 1
set style fill solid 0.7 border -1
set key top left
set grid ytics
plot "$dat" using 2:3:4:xtic(1) title "icount (virtual time)", \
	"" using 5:6:7 title "host clock"
EOF
