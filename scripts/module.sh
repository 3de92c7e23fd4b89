#!/bin/bash
# Build loopboot.ko out of tree (make -C KDIR M=...) against the patched
# tree configured with CONFIG_LOOPBOOT=m.  Kbuild of 6.12 writes objects
# next to the sources, so the sources are copied to build/ first.
#   scripts/module.sh KVER [make arguments, e.g. W=1 C=2]
# FLAVOUR=module-debug builds it for the debug kernel instead.
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

kver=${1:?usage: module.sh KVER [make args]}
shift
flavour=${FLAVOUR:-module}
if ! tree_has "$kver" module; then
	echo "loopboot is built in only on $kver (module mode needs 6.12)" >&2
	exit 1
fi
"$top/scripts/kernel.sh" "$kver" "$flavour"
obj=$top/build/$kver/obj-$flavour
ext=$top/build/$kver/extmod-$flavour
make -s -C "$obj" CC="ccache gcc" -j"$(nproc)" modules
mkdir -p "$ext"
rsync -a --delete --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
	--exclude='*.mod*' --exclude=modules.order --exclude=Module.symvers \
	"$top/Kbuild" "$top/module" "$ext/"
make -s -C "$obj" M="$ext" CC="ccache gcc" "$@" modules
cp "$ext/module/loopboot.ko" "$obj/loopboot.ko"
