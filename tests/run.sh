#!/bin/bash
# make test: the static checks, then the boot tests; one summary line.
#   tests/run.sh [static|boot]...   (default: both)
set -euo pipefail
# shellcheck source=lib.sh
. "$(dirname "$0")/lib.sh"
# shellcheck source=static-checks.sh
. "$top/tests/static-checks.sh"
# shellcheck source=boot-tests.sh
. "$top/tests/boot-tests.sh"

parts=("$@")
[ ${#parts[@]} -gt 0 ] || parts=(static boot)
for part in "${parts[@]}"; do
	case "$part" in
	static) run_static_checks ;;
	boot) run_boot_tests ;;
	*) echo "unknown part: $part" >&2; exit 2 ;;
	esac
done
summary
