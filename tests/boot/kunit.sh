# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The kunit group: the parser's KUnit suite, run at boot.
# Sourced by tests/boot.sh, which runs test_kunit.

# The parser's KUnit suite runs at boot with kunit.enable=1, before root is
# mounted; the boot must then go on as usual
test_kunit() {
	local c=$work/kunit-boot.console why=""
	expect_pass kunit-boot \
		"kunit.enable=1 lbtest=rootloop lbroot=700 loopboot=/dev/vda1:/linux/linuxdsk.img" \
		"$work/howto.disk"
	if grep -q 'not ok' "$c"; then
		why=$(grep -m 30 -E 'not ok|Expected|input|got' "$c")
	elif ! grep -Eq '# loopboot_parse: pass:[1-9][0-9]* fail:0 skip:0 total:[1-9]' "$c"; then
		why="no passing result line for the loopboot_parse suite"
	fi
	result kunit-loopboot_parse "$why"
}
