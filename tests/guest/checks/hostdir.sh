# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# loopboot.hostdir=: the host at lbhostdir, or nowhere for "none".
if [ "$lbhostdir" = none ]; then
	check "host not visible" sh -c '! grep -q "^/dev/vda1 " /proc/mounts'
else
	check "host at $lbhostdir" mounted /dev/vda1 "$lbhostdir" vfat nosuid,nodev
	check "not at /host" sh -c '! grep -q " /host " /proc/mounts'
fi
check "loop0 still bound" [ -f /sys/block/loop0/loop/backing_file ]
