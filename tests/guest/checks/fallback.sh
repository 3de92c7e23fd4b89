# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# loopboot= failed and root= named a partition: the system booted from it.
check "root is vda2 (254:2)" [ "$(stat -c %D /)" = fe02 ]
check "no host mounted" sh -c '! grep -q " /host " /proc/mounts'
check "no loop device bound" sh -c '! grep -q . /sys/block/loop*/loop/backing_file 2>/dev/null'
