# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# What the booted system sees, against what the test expects:
#   lbroot=loop0p2       the block device of /
#   lbroottype=erofs     the type / is mounted as
#   lbhost=/dev/vda1     the host, at lbhostdir (default /host) ...
#   lbhosttype=exfat     ... as this type ...
#   lbhostopt=ro,uid=7   ... with these mount options (default rw)
#   lbdio=0:1,1:0        loopN's /sys/block/loopN/loop/dio
#   lbsector=0:512       loopN's logical sector size, in bytes
#   lbstatus=1           the status file's host line says the same
#   lbswapfile=/host/s   the system swaps on this file
#   lbnoswap=1           the system swaps on nothing
dev_of() {
	cat "/sys/class/block/$1/dev"
}

if [ -n "${lbroot:-}" ]; then
	# stat's %D is st_dev in hex: (major << 8) | minor for small numbers
	check "root is $lbroot" [ "$(stat -c %D /)" = \
		"$(dev_of "$lbroot" | awk -F: '{ printf "%x", $1 * 256 + $2 }')" ]
fi
if [ -n "${lbroottype:-}" ]; then
	check "root is $lbroottype" mounted /dev/root / "$lbroottype" ""
fi
if [ -n "${lbhost:-}" ]; then
	hostdir=${lbhostdir:-/host}
	check "host $lbhost at $hostdir as $lbhosttype, ${lbhostopt:-rw}" \
		mounted "$lbhost" "$hostdir" "$lbhosttype" "${lbhostopt:-rw}"
	check "host nosuid,nodev" mounted "$lbhost" "$hostdir" "$lbhosttype" nosuid,nodev
	mode=${lbhostopt:-rw}
	check "status says host $lbhost $lbhosttype ${mode%%,*} $hostdir" \
		[ "$(head -n1 /sys/kernel/loopboot/status)" = \
		"host $lbhost $lbhosttype ${mode%%,*} $hostdir" ]
fi
for pair in $(echo "${lbdio:-}" | tr , ' '); do
	check "loop${pair%%:*} dio is ${pair#*:}" \
		[ "$(cat "/sys/block/loop${pair%%:*}/loop/dio")" = "${pair#*:}" ]
done
for pair in $(echo "${lbsector:-}" | tr , ' '); do
	check "loop${pair%%:*} has ${pair#*:}-byte sectors" \
		[ "$(cat "/sys/block/loop${pair%%:*}/queue/logical_block_size")" = "${pair#*:}" ]
done
if [ -n "${lbswapfile:-}" ]; then
	check "swap is the file $lbswapfile" swapping_on "$lbswapfile"
fi
if [ -n "${lbnoswap:-}" ]; then
	check "no swap" [ "$(wc -l </proc/swaps)" = 1 ]
fi
