#!/bin/bash
# Build a patched kernel: scripts/kernel.sh KVER FLAVOUR
#   FLAVOUR test:   tinyconfig + tests/configs/{base,test}.config, LOOPBOOT=y,
#                   kernel at build/KVER/bzImage
#   FLAVOUR module: the same with LOOPBOOT=m, prepared for out-of-tree builds
#   FLAVOUR test-debug, module-debug: either, plus tests/configs/debug.config
#                   (sanitizers, lockdep, kmemleak)
#   FLAVOUR bench[-loopboot|-pristine]: the benchmark kernel (make bench),
#                   with LOOPBOOT=n, =y, or built from the unpatched source
# Every part of FLAVOUR names a fragment in tests/configs/.
# Each kernel is at build/KVER/obj-FLAVOUR/arch/x86/boot/bzImage.
# KERNEL_TARGETS="fs/super.o ..." builds only those instead.
# Work is redone only where its inputs changed: the source tree when the
# series changes (unchanged files keep their mtimes), the .config when a
# fragment changes, objects as make and ccache decide.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

kver=${1:?usage: kernel.sh KVER test|module[-debug]}
flavour=${2:?usage: kernel.sh KVER test|module[-debug]}
build=$top/build/$kver
src=$build/linux
obj=$build/obj-$flavour
need_pkgs "linux-source-$kver" build-essential flex bison bc libelf-dev \
	libssl-dev ccache cpio xz-utils rsync

# 1. The patched source tree (or the unpatched one, for a pristine flavour)
mkdir -p "$build"
if [[ "-$flavour-" == *-pristine-* ]]; then
	src=$build/linux-pristine
	if [ ! -f "$src/.complete" ]; then
		echo "preparing unpatched linux-source-$kver"
		rm -rf "$src"
		mkdir -p "$src"
		tar -xJf "$(kernel_tarball "$kver")" -C "$src" --strip-components=1
		touch "$src/.complete"
	fi
	# __FILE__ as in the patched tree, so that objects compare byte for byte
	export KCFLAGS="-fmacro-prefix-map=../linux-pristine/=../linux/"
fi
mapfile -t patches < <(series "$kver")
sum=$(cd "$top/patches/$kver" && cat series "${patches[@]}" | sha256sum)
if [ "$src" = "$build/linux" ] && [ "$(cat "$build/linux.sum" 2>/dev/null)" != "$sum" ]; then
	echo "preparing patched linux-source-$kver"
	rm -rf "$build/fresh"
	mkdir -p "$build/fresh"
	tar -xJf "$(kernel_tarball "$kver")" -C "$build/fresh" --strip-components=1
	for p in "${patches[@]}"; do
		patch -d "$build/fresh" -p1 -s -N --no-backup-if-mismatch <"$top/patches/$kver/$p"
	done
	mkdir -p "$src"
	rsync -a --checksum --delete "$build/fresh/" "$src/"
	rm -rf "$build/fresh"
	echo "$sum" >"$build/linux.sum"
fi

# 2. The configuration
frags=("$top/tests/configs/base.config")
for part in ${flavour//-/ }; do
	frags+=("$top/tests/configs/$part.config")
done
csum=$(cat "${frags[@]}" "$build/linux.sum" | sha256sum)
[ "$src" = "$build/linux" ] || csum=$(cat "${frags[@]}" | sha256sum)
mkdir -p "$obj"
if [ "$(cat "$obj/config.sum" 2>/dev/null)" != "$csum" ]; then
	make -s -C "$src" O="$obj" tinyconfig >/dev/null
	(cd "$obj" && "$src/scripts/kconfig/merge_config.sh" -m -O . .config "${frags[@]}" >/dev/null)
	make -s -C "$src" O="$obj" olddefconfig >/dev/null
	# merge_config.sh only warns: a fragment line that did not stick is an error
	bad=0
	while read -r line; do
		case "$line" in
		CONFIG_*=n) ! grep -q "^${line%=n}=" "$obj/.config" ;;
		CONFIG_*=*) grep -qx "$line" "$obj/.config" ;;
		*) true ;;
		esac || { echo "config: $line did not stick" >&2; bad=1; }
	done < <(cat "${frags[@]}")
	[ "$bad" = 0 ]
	echo "$csum" >"$obj/config.sum"
fi

# 3. The build (ccache keeps its cache where it always does, so that clean
# clones on the same machine share it)
export KBUILD_BUILD_TIMESTAMP="2026-11-25" KBUILD_BUILD_USER=loopboot KBUILD_BUILD_HOST=build
# shellcheck disable=SC2086 # KERNEL_TARGETS is a list
make --no-print-directory -C "$src" O="$obj" CC="ccache gcc" -j"$(nproc)" \
	${KERNEL_TARGETS:-bzImage modules_prepare} | progress "building linux-$kver $flavour"
if [ "$flavour" = test ]; then
	cp "$obj/arch/x86/boot/bzImage" "$build/bzImage"
fi
