# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() and report()
# from init)
# The root image's modification time, as the host's filesystem keeps it:
#   lbstep=write     a boot that writes (root is read-only until then): the
#                    first write moves the time,
#                    and the data writes after it (fsync'd, for more than
#                    the host's 2-second time step) leave it alone
#   lbstep=moved     root read-only, nothing written: the time is later
#                    than lbmtime, the first write of the boot before,
#                    so that boot's shutdown moved it again
#   lbstep=kept      the same, after a boot that wrote nothing: the time
#                    is still lbmtime, what the boot before saw
# Each step reports "mtime N" for the next.
img=/host$lbimg
mtime() {
	stat -c %Y "$img"
}
case "$lbstep" in
write)
	before=$(mtime)
	sleep 2
	check "root remounts read-write" mount -o remount,rw /
	check "first write" dd if=/dev/urandom of=/times bs=4k count=1 conv=fsync
	first=$(mtime)
	check "the first write moved the image's time (was $before, now $first)" \
		[ "$first" -gt "$before" ]
	end=$(($(date +%s) + 3))
	writes=0
	while [ "$(date +%s)" -le "$end" ]; do
		check "write $writes" dd if=/dev/urandom of=/times bs=4k count=1 \
			seek=$((writes % 64)) conv=notrunc,fsync status=none
		writes=$((writes + 1))
	done
	check "$writes fsync'd data writes over 3 s left the image's time at $first (now $(mtime))" \
		[ "$(mtime)" = "$first" ]
	report "mtime $first"
	;;
moved)
	now=$(mtime)
	check "the boot that wrote moved the image's time at shutdown (first write $lbmtime, now $now)" \
		[ "$now" -gt "$lbmtime" ]
	report "mtime $now"
	;;
kept)
	check "a boot that wrote nothing left the image's time at $lbmtime (now $(mtime))" \
		[ "$(mtime)" = "$lbmtime" ]
	report "mtime $(mtime)"
	;;
*)
	fail "lbstep '$lbstep' is none of write, moved, kept"
	;;
esac
