# shellcheck shell=bash
# The test helpers, for tests/run.sh, tests/demo.sh and tests/bench/: the
# tree and variant (lib/env.sh), test disks (lib/disks.sh), running a
# guest (lib/qemu.sh), what a boot must show (lib/expect.sh).

# shellcheck source=tests/lib/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib/env.sh"
# shellcheck source=tests/lib/disks.sh
. "$top/tests/lib/disks.sh"
# shellcheck source=tests/lib/qemu.sh
. "$top/tests/lib/qemu.sh"
# shellcheck source=tests/lib/expect.sh
. "$top/tests/lib/expect.sh"
