#!/bin/bash
# Build the loopboot tool (tools/) into build/tools/, installing the
# library it needs first; with "install", install it and its man page.
#   scripts/tool.sh [install]
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"

need_pkgs gcc make libblkid-dev
make -s -C "$top/tools" O="$top/build/tools" all
[ "${1:-}" != install ] || make -s -C "$top/tools" O="$top/build/tools" install
