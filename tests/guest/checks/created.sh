# shellcheck shell=sh disable=SC2154
# (SC2154: check() comes from init)
# Booted from the images loopboot create made, one of them grown by
# loopboot grow, in the boot before (tests/guest/checks/tool.sh): root is
# loop0, of 96 MiB; loop1 has the grown 80 MiB, and so has its ext4.
sectors() {
	cat "/sys/class/block/$1/size"
}

ext4_bytes() {
	dumpe2fs -h "$1" 2>/dev/null | awk -F: '
		/^Block count/ { c = $2 } /^Block size/ { s = $2 }
		END { printf "%d", c * s }'
}

check "root is loop0" [ "$(stat -c %D /)" = 700 ]
check "loop0 has the created 96 MiB" [ "$(sectors loop0)" = $((96 * 2048)) ]
check "loop1 has the grown 80 MiB" [ "$(sectors loop1)" = $((80 * 2048)) ]
check "the ext4 in loop1 has 80 MiB" [ "$(ext4_bytes /dev/loop1)" = $((80 * 1048576)) ]
check "the ext4 in loop1 is clean" e2fsck -fn /dev/loop1
