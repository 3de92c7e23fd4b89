# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# Hibernate in mode lbmode.  With lbresumed set, it must go ahead: the
# guest writes the snapshot to the resume= swap disk (lbswapon, swapped on
# first) and restarts or powers off, the next boot resumes it, and this
# check goes on from there and reports.
# Otherwise it must fail, with lberror if given, or with anything but
# lbnoterror (without swap, a kernel that goes ahead fails for want of
# it, or of memory for the image); the system goes on as before.  Had it
# gone ahead, the guest would have powered off and never reported.
if [ -n "${lbswapon:-}" ]; then
	check "swap on $lbswapon" swapon "$lbswapon"
fi
check "hibernation mode $lbmode" sh -c "echo $lbmode >/sys/power/disk"
if err=$({ echo disk >/sys/power/state; } 2>&1); then
	[ -n "${lbresumed:-}" ] || fail "hibernation went ahead and came back"
	echo "ok: resumed from the snapshot"
else
	echo "$err"
	[ -z "${lbresumed:-}" ] || fail "hibernation failed: $err"
fi
if [ -n "${lberror:-}" ]; then
	check "it failed with: $lberror" sh -c "echo '$err' | grep -q '$lberror'"
fi
if [ -n "${lbnoterror:-}" ]; then
	check "it did not fail with: $lbnoterror" sh -c "! echo '$err' | grep -q '$lbnoterror'"
fi
check "root still answers" [ -d /etc ]
