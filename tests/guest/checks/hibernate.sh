# shellcheck shell=sh disable=SC2154
# (SC2154: lb* come from the kernel command line, check() from init)
# Try to hibernate in mode lbmode: it must fail with lberror, and the
# system go on as before.  Had it gone ahead, the guest would have powered
# off with the snapshot written, and never reported.
check "hibernation mode $lbmode" sh -c "echo $lbmode >/sys/power/disk"
if err=$({ echo disk >/sys/power/state; } 2>&1); then
	fail "hibernation went ahead and came back"
fi
echo "$err"
check "it failed with: $lberror" sh -c "echo '$err' | grep -q '$lberror'"
check "root still answers" [ -d /etc ]
