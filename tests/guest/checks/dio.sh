# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# dio asked for on a FAT host that allows it: loop0 does direct I/O.
check "root is loop0" [ "$(stat -c %D /)" = 700 ]
check "loop0 does direct I/O" [ "$(cat /sys/block/loop0/loop/dio)" = 1 ]
