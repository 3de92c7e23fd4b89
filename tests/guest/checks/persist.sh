# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# Write to the root image, then shut down as lbshutdown says: "ro" remounts
# / read-only first (a clean shutdown), anything else goes straight to
# sync and reboot -f.  The host checks what is on the disk afterwards.
check "root is loop0" [ "$(stat -c %D /)" = 700 ]
check "root remounts read-write" mount -o remount,rw /
echo "$lbvalue" >/persist
check "value written" [ "$(cat /persist)" = "$lbvalue" ]
if [ "${lbshutdown:-}" = ro ]; then
	check "root remounts read-only" mount -o remount,ro /
fi
