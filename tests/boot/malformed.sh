# shellcheck shell=bash disable=SC2154,SC2034
# (SC2154: work, kver and the helpers come from tests/lib/; SC2034:
# qemu_args and boot_media are read by boot() in tests/lib/qemu.sh)
# The malformed group: malformed loopboot= strings, each refused at parse time by field.
# Sourced by tests/boot.sh, which runs test_malformed.

# Malformed loopboot= strings: each rejected at parse time by field
test_malformed() {
	local disk=$work/howto.disk i=0 spec message
	while IFS='|' read -r spec message; do
		i=$((i + 1))
		expect_panic "malformed-$i" "$message" "loopboot=$spec" "$disk"
	done <<-'CASES'
		/dev/vda1|loopboot=: no ":/" between HOST and the first IMAGE (-EINVAL)
		:/linux/linuxdsk.img|HOST: empty (-EINVAL)
		/dev/vda1:/linux/linuxdsk.img,bogus|image 1 "/linux/linuxdsk.img": unknown option "bogus" (-EINVAL)
		/dev/vda1:/linux/linuxdsk.img,offset=12q|image 1 "/linux/linuxdsk.img": "offset=12q": not a number (digits, then K, M or G) (-EINVAL)
		/dev/vda1:/linux/linuxdsk.img,ro,rw|image 1 "/linux/linuxdsk.img": options "ro" and "rw" exclude each other (-EINVAL)
		/dev/vda1:/linux/../linuxdsk.img|image 1 "/linux/../linuxdsk.img": "." and ".." are not allowed in a path (-EINVAL)
		/dev/vda1:/linux/linuxdsk.img,loop=1024|image 1 "/linux/linuxdsk.img": "loop=1024": above the highest loop device, 1023 (-ERANGE)
		/dev/vda1:/a,loop=2,/b,loop=2|image 2 "/b": loop=2 is given to an earlier image too (-EINVAL)
		/dev/vda1:/linux/linuxdsk.img,,ro|image 1 "/linux/linuxdsk.img": empty option (two commas, or one at the end) (-EINVAL)
		/dev/vda1:/a,root,/b,root|image 2 "/b": "root" already given to image 1 (-EINVAL)
		/dev/vda1:/1,/2,/3,/4,/5,/6,/7,/8,/9|image 9: more than 8 images (-E2BIG)
		/dev/vda1:/linux/linuxdsk.img,offset=99999999999999999999|image 1 "/linux/linuxdsk.img": "offset=99999999999999999999": number too large (-ERANGE)
	CASES
}
