# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# Memory pressure with swap on lbswap (a loop device or a file on /host):
# for lbseconds, fill a tmpfs far past RAM with copies of a random block
# and read every copy back.  No copy may differ, no task may hang, nothing
# may be killed for lack of memory, no I/O may fail.
#   lbswapon=fstab     the swap is named in fstab, swapon -a starts it
#   (otherwise)        loopboot started it (an image marked "swap")
check "root remounts read-write" mount -o remount,rw /
# lblosetup=FILE: the swap is FILE on a loop device that losetup attaches
if [ -n "${lblosetup:-}" ]; then
	check "losetup $lbswap $lblosetup" losetup "$lbswap" "$lblosetup"
fi
if [ "${lbswapon:-}" = fstab ]; then
	printf '%s\tnone\tswap\tsw\t0 0\n' "$lbswap" >/etc/fstab
	check "swapon -a" swapon -a
fi
check "swap $lbswap in use" grep -q "^$lbswap " /proc/swaps
mkdir -p /mnt/pressure
check "tmpfs" mount -t tmpfs -o size=240m tmpfs /mnt/pressure
dd if=/dev/urandom of=/seed bs=1M count=4 2>/dev/null
start=$(cut -d. -f1 /proc/uptime)
pass=0
most=0
while [ $(($(cut -d. -f1 /proc/uptime) - start)) -lt "$lbseconds" ] || [ "$pass" = 0 ]; do
	pass=$((pass + 1))
	i=0
	while [ "$i" -lt "${lbcopies:-50}" ]; do
		i=$((i + 1))
		cp /seed "/mnt/pressure/$i" || fail "pass $pass: copy $i"
	done
	used=$(awk '/^SwapTotal/ { t = $2 } /^SwapFree/ { f = $2 } END { print int((t - f) / 1024) }' /proc/meminfo)
	[ "$used" -gt "$most" ] && most=$used
	i=0
	while [ "$i" -lt "${lbcopies:-50}" ]; do
		i=$((i + 1))
		cmp -s /seed "/mnt/pressure/$i" || fail "pass $pass: copy $i differs"
	done
	rm -f /mnt/pressure/*
	echo "pass $pass: $(($(cut -d. -f1 /proc/uptime) - start)) s, $used MiB swapped"
done
echo "ok: $pass passes over 200 MiB in $(($(cut -d. -f1 /proc/uptime) - start)) s, at most $most MiB swapped"
check "swap was used (at least 64 MiB)" [ "$most" -ge 64 ]
check "no hung task" sh -c '! dmesg | grep -q "blocked for more than"'
check "no OOM kill" sh -c '! dmesg | grep -q -i "out of memory"'
check "no I/O error" sh -c '! dmesg | grep -q "I/O error"'
check "umount tmpfs" umount /mnt/pressure
check "swapoff -a" swapoff -a
