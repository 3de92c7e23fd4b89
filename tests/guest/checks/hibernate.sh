# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# Try to hibernate in mode lbmode: it must fail, with lberror if given, or
# with anything but lbnoterror (without swap, a kernel that goes ahead
# fails for want of it, or of memory for the image); the system goes on as
# before.  Had it gone ahead, the guest would have powered off with the
# snapshot written, and never reported.
check "hibernation mode $lbmode" sh -c "echo $lbmode >/sys/power/disk"
if err=$({ echo disk >/sys/power/state; } 2>&1); then
	fail "hibernation went ahead and came back"
fi
echo "$err"
if [ -n "${lberror:-}" ]; then
	check "it failed with: $lberror" sh -c "echo '$err' | grep -q '$lberror'"
fi
if [ -n "${lbnoterror:-}" ]; then
	check "it did not fail with: $lbnoterror" sh -c "! echo '$err' | grep -q '$lbnoterror'"
fi
check "root still answers" [ -d /etc ]
