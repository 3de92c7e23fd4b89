#!/bin/bash
# make bench: boot the same kernel and the same root in four ways and
# measure, from the guest's own clock, the time to init and the memory in
# use there; then file I/O on the root with and without loopboot; then what
# the series costs in kernel size.  Raw results go to build/bench/KVER/
# results.tsv (way, clock, run, metric, value); tests/bench/report.sh makes
# the table and the chart of them.
#   floor      root=/dev/vda2: the same root on an ext4 partition
#   loopboot   loopboot=/dev/vda1:/root.img, the image on a FAT32 partition
#   howto      the 1998 HOWTO: initrd, /linuxrc mounts FAT and losetups
#   initramfs  /init mounts FAT, losetups, mounts and switch_roots
#   ntfs       (file I/O only) loopboot with the same image on an NTFS host
# The loop ways also run the random I/O in turns with the floor's partition
# in the same boot (tests/bench/init.c, measure_paired()).
# Every way boots BENCH_RUNS times on QEMU's instruction counter (one
# instruction a nanosecond, idle time as it passes: the same work takes the
# same time) and as many times on the host's clock (which also counts what
# TCG spends translating code).  BENCH_PARTS="io" (of init, first-write,
# io, size) measures only those, and leaves the raw results without the
# report, which needs them all.
set -euo pipefail
# shellcheck source=../lib.sh
. "$(dirname "$0")/../lib.sh"
# shellcheck source=images.sh
. "$top/tests/bench/images.sh"
need_pkgs qemu-system-x86 busybox-static dosfstools mtools e2fsprogs fdisk \
	cpio gcc libc6-dev binutils gnuplot-nox ntfs-3g

parts=${BENCH_PARTS:-init first-write io size}
part() {
	[[ " $parts " == *" $1 "* ]]
}

runs=${BENCH_RUNS:-5}
io_runs=${BENCH_IO_RUNS:-3}
work=$top/build/bench/$kver
out=$work/results.tsv
kernel=$top/build/$kver/obj-bench-loopboot/arch/x86/boot/bzImage
mkdir -p "$work"
guest_mib=512
BOOT_TIMEOUT=300

# 1. The kernel, and for the sizes the objects the series changes, built
# with loopboot off and without the series (its header changes are
# declarations only, so no other object changes)
objects="drivers/block/loop.o fs/super.o fs/namespace.o init/do_mounts.o init/main.o
	mm/swapfile.o mm/filemap.o fs/ntfs3/inode.o fs/fat/cache.o fs/fat/inode.o fs/fat/dir.o
	fs/fat/file.o fs/ntfs3/file.o"
"$top/scripts/kernel.sh" "$kver" bench-loopboot
if part size; then
	KERNEL_TARGETS=$objects "$top/scripts/kernel.sh" "$kver" bench
	KERNEL_TARGETS=$objects "$top/scripts/kernel.sh" "$kver" bench-pristine
fi

# 2. The disks (tests/bench/images.sh), and the root's tree they hold
bench_images "$work"
root=$work/root

# The HOWTO's /linuxrc, as there: the kernel then mounts root=/dev/loop0
busybox_tree "$work/initrd"
cat >"$work/initrd/linuxrc" <<-'EOF'
	#!/bin/sh
	mount -t devtmpfs devtmpfs /dev
	mount -t vfat /dev/vda1 /host
	losetup /dev/loop0 /host/root.img
EOF
chmod 755 "$work/initrd/linuxrc"
rm -f "$work/initrd.img"
mke2fs -q -t ext2 -d "$work/initrd" "$work/initrd.img" 4M
# An initramfs: mount, losetup, mount, switch_root (tests/lib/disks.sh)
mk_initramfs "$work/initramfs.cpio" /root.img

way_args() {
	case "$1" in
	floor) echo "root=/dev/vda2 rootfstype=ext4 rw" ;;
	loopboot | loopboot-* | ntfs) echo "loopboot=/dev/vda1:/root.img rw" ;;
	nodio) echo "loopboot=/dev/vda1:/root.img,nodio rw" ;;
	howto) echo "root=/dev/loop0 rootfstype=ext4 rw" ;;
	initramfs) echo "rw" ;;
	esac
}

way_initrd() {
	case "$1" in
	howto) echo "$work/initrd.img" ;;
	initramfs) echo "$work/initramfs.cpio" ;;
	esac
}

# bench_boot WAY CLOCK RUN [lbbench=io]: one boot; its BENCH lines become
# rows of the results
bench_boot() {
	local way=$1 clock=$2 run=$3 name=$1-$2-$3 initrd
	initrd=$(way_initrd "$way")
	qemu_args=()
	[ -z "$initrd" ] || qemu_args+=(-initrd "$initrd")
	[ "$clock" = host ] || qemu_args+=(-icount "shift=0,sleep=on")
	# Every boot starts from the same bytes: the I/O runs on a copy (their
	# writes are measured), the others write to a throw-away overlay
	local disk=$work/${bench_disk:-disk.img},snapshot=on
	if [ "$clock" = io ]; then
		cp --sparse=always "$work/${bench_disk:-disk.img}" "$work/run.img"
		disk=$work/run.img
	fi
	boot "$name" "$(way_args "$way") ${4:-}" "$disk"
	if ! grep -qx 'BENCH done' "$work/$name.marker" ||
		grep -q 'Kernel panic\|WARNING:\|BUG:' "$work/$name.console"; then
		echo "bench: boot $name failed; its console is $work/$name.console" >&2
		tail -n 20 "$work/$name.console" >&2
		cat "$work/$name.marker" >&2
		exit 1
	fi
	while read -r _ metric value; do
		[ "$metric" = "done" ] || printf '%s\t%s\t%s\t%s\t%s\n' \
			"$way" "$clock" "$run" "$metric" "$value" >>"$out"
	done <"$work/$name.marker"
	# From the disk's partitions found to init, by the kernel's clock
	awk -F'[][]' -v w="$way" -v c="$clock" -v r="$run" '
		/ vda: vda1 vda2$/ { disk = $2 }
		/bench: init started$/ { printf "%s\t%s\t%s\tdisk_to_init_s\t%.4f\n", w, c, r, $2 - disk }
		' "$work/$name.console" >>"$out"
}

: >"$out"
# 3. Time to init: the ways take turns, so that a slow minute of the host
# falls on all of them
init_runs=$runs
part init || init_runs=0
for clock in icount host; do
	for run in $(seq "$init_runs"); do
		for way in floor loopboot howto initramfs; do
			bench_boot "$way" "$clock" "$run"
			echo "bench: $way, $clock clock, run $run: init at $(awk -v w="$way" -v c="$clock" -v r="$run" \
				'$1 == w && $2 == c && $3 == r && $4 == "init_s" { print $5 }' "$out") s"
		done
	done
done

# 3b. The first write at init, with root images of two sizes on FAT32
# (the 400 MiB one above is the third): it must not grow with the image
for size in 512 3584; do
	part first-write || break
	mk_ext4 "$work/root-$size.img" "$size" "$root"
	mk_fat "$work/host-$size.part" $((size + 20)) "$work/root-$size.img:/root.img"
	rm -f "$work/root-$size.img"
	mk_disk "$work/disk-$size.img" 0x10ad0002 "$work/host-$size.part"
	rm -f "$work/host-$size.part"
	for run in $(seq "$runs"); do
		bench_disk=disk-$size.img bench_boot "loopboot-${size}m" icount "$run"
		echo "bench: loopboot with a $size MiB image, run $run: first write $(awk -v w="loopboot-${size}m" -v r="$run" \
			'$1 == w && $3 == r && $4 == "first_write_s" { print $5 }' "$out") s"
	done
	rm -f "$work/disk-$size.img"
done

# 4. File I/O on the root: partition, loop with direct I/O through the host
# filesystem (the default), through its page cache (on the instruction
# counter too: on the host clock the same run varies 2x)
part io || io_runs=0
for run in $(seq "$io_runs"); do
	for way in floor loopboot nodio ntfs; do
		bench_disk=$([ "$way" = ntfs ] && echo ntfs.img || echo disk.img) \
			bench_boot "$way" io "$run" lbbench=io
		echo "bench: I/O on $way, run $run done"
	done
done

# 5. Sizes: the objects the series changes or adds, section by section
# (in vmlinux, padding between sections hides small changes): "init" is
# what the kernel frees after boot (.init.*, .exit.*), "resident" the rest
# of what it loads, "text" the code of both; and the module, when make
# module or make test has built it
object_sizes() {
	readelf -W -S "$1" | awk '/^ *\[ *[0-9]+\]/ { sub(/^ *\[ *[0-9]+\] /, "")
		if (NF == 10 && $7 ~ /A/ && $1 !~ /^\.note/) print $1, $7 }' >"$work/sections"
	size -A -d "$1" | awk -v what="$2" -v obj="$3" '
		NR == FNR { flags[$1] = $2; next }
		$1 in flags {
			bytes[$1 ~ /^\.(init|exit)\./ ? "init" : "resident"] += $2
			if (flags[$1] ~ /X/) bytes["text"] += $2
		}
		END { for (k in bytes) printf "size\t%s\t%s\t%s\t%d\n", what, obj, k, bytes[k] }' "$work/sections" -
}
for flavour in bench-loopboot bench bench-pristine; do
	part size || break
	obj=$top/build/$kver/obj-$flavour
	for o in $objects; do
		[ ! -f "$obj/$o" ] || object_sizes "$obj/$o" "$flavour" "$o" >>"$out"
	done
	# The driver's objects, whatever its files, as one
	drv=("$obj"/drivers/block/loopboot/*.o)
	[ -f "${drv[0]}" ] || continue
	ld -r -o "$work/loopboot-driver.o" "${drv[@]}"
	object_sizes "$work/loopboot-driver.o" "$flavour" drivers/block/loopboot/ >>"$out"
done
ko=$top/build/$kver/obj-module/loopboot.ko
! part size || [ ! -f "$ko" ] || object_sizes "$ko" module loopboot.ko >>"$out"
if ! { part init && part first-write && part io && part size; }; then
	echo "bench: $parts measured, in $out (the report needs every part)"
	exit 0
fi

"$top/tests/bench/report.sh" "$out"
