# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# Root is the loop device named by lbroot (hex MAJMIN, as stat %D prints)
# and the host is at /host.
check "root is $lbroot" [ "$(stat -c %D /)" = "$lbroot" ]
check "host at /host" mounted /dev/vda1 /host "${lbhosttype:-vfat}" rw
