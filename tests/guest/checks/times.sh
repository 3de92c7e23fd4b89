# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check(), fail() and
# report() from init)
# The root image's modification time, as the host's filesystem keeps it:
#   lbstep=write     a boot that writes (root is read-only until then):
#                    the first write moves the time; fsync'd data writes
#                    in the next 3 s leave it (loop sets it at most every
#                    5 s, FAT keeps it in 2-second steps); writing on, a
#                    write 5 s after it moves it again; then, less than
#                    5 s later (before a write could move it), shut down
#   lbstep=moved     root read-only, nothing written: the time is later
#                    than lbmtime, the last one the boot before saw, so
#                    that boot's shutdown moved it again
#   lbstep=kept      the same, after a boot that wrote nothing: the time
#                    is still lbmtime, what the boot before saw
#   lbstep=frozen    write, remount / read-only, freeze the host and shut
#                    down: the shutdown cannot set the time, says so, and
#                    does not wait for a thaw that never comes
# Each step reports "mtime N" for the next.
img=/host$lbimg
mtime() {
	stat -c %Y "$img"
}

# write_one: one fsync'd 4 KiB write to /times, counted in $writes
write_one() {
	check "write $writes" dd if=/dev/urandom of=/times bs=4k count=1 \
		seek=$((writes % 64)) conv=notrunc,fsync status=none
	writes=$((writes + 1))
}

# write_until T: fsync'd writes until the clock reads T
write_until() {
	while [ "$(date +%s)" -lt "$1" ]; do
		write_one
	done
}

case "$lbstep" in
write)
	before=$(mtime)
	sleep 2
	start=$(date +%s)
	check "root remounts read-write" mount -o remount,rw /
	check "first write" dd if=/dev/urandom of=/times bs=4k count=1 conv=fsync
	first=$(mtime)
	check "the first write moved the image's time (was $before, now $first)" \
		[ "$first" -gt "$before" ]
	writes=0
	write_until $((start + 3))
	check "$writes fsync'd data writes in the first 3 s left the image's time at $first (now $(mtime))" \
		[ "$(mtime)" = "$first" ]
	# until the time moves, for at most 20 s
	while [ "$(mtime)" = "$first" ] && [ "$(date +%s)" -lt $((start + 20)) ]; do
		write_one
	done
	later=$(mtime)
	check "a write 5 s after the first moved the image's time (first write $first, now $later)" \
		[ "$later" -gt "$first" ]
	check "not before 5 s (started $start, now $(date +%s))" \
		[ "$(date +%s)" -ge $((start + 5)) ]
	# 3 s on, so that the next boot tells the shutdown's time from this
	# one (FAT's 2-second step), and before the 5 s after which the
	# shutdown's own writes would have moved it
	sleep 3
	report "mtime $later"
	;;
moved)
	now=$(mtime)
	check "the boot that wrote moved the image's time at shutdown (last seen $lbmtime, now $now)" \
		[ "$now" -gt "$lbmtime" ]
	report "mtime $now"
	;;
kept)
	check "a boot that wrote nothing left the image's time at $lbmtime (now $(mtime))" \
		[ "$(mtime)" = "$lbmtime" ]
	report "mtime $(mtime)"
	;;
frozen)
	check "root remounts read-write" mount -o remount,rw /
	check "write" dd if=/dev/urandom of=/times bs=4k count=1 conv=fsync
	check "root remounts read-only" mount -o remount,ro /
	check "freeze the host" fsfreeze --freeze /host
	report "mtime $(mtime)"
	;;
*)
	fail "lbstep '$lbstep' is none of write, moved, kept, frozen"
	;;
esac
