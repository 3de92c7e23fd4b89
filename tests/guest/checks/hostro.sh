# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# Every image is ro, so the host is mounted read-only (of type lbhosttype).
check "root is loop0" [ "$(stat -c %D /)" = 700 ]
check "host read-only at /host" mounted /dev/vda1 /host "$lbhosttype" ro
check "root read-only" sh -c '! touch /written'
