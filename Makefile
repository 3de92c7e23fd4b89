# loopboot: kernel patches and a driver to boot from a root image file.
# Everything builds under build/; see README.md.
KVER ?= 6.12

.PHONY: all kernel module tool install patches demo test test-debug test-distro bench bench-profile fuzz clean

all: kernel module

kernel:
	scripts/kernel.sh $(KVER) test

module:
	scripts/module.sh $(KVER)

# The loopboot tool, build/tools/loopboot: loopboot check before a reboot
tool:
	scripts/tool.sh

# The tool and its man page, in PREFIX (default /usr/local)
install:
	scripts/tool.sh install

# Regenerate every tree's series from module/ and Documentation/
patches:
	scripts/gen-patches.sh 6.12
	scripts/gen-patches.sh 6.1

demo: kernel
	tests/demo.sh $(KVER)

test: kernel
	KVER=$(KVER) tests/run.sh

# Every boot test, and 50 module load/use/unload cycles, on the debug
# kernels (KASAN, UBSAN, lockdep, kmemleak; tests/configs/debug.config)
test-debug: kernel
	KVER=$(KVER) MODULE_CYCLES=50 tests/run.sh debug

# Debian 12 (debootstrap, systemd) booted from an image on FAT32 and shut
# down with systemctl reboot; the host must be clean, and dirty when the
# same system boots from an initramfs instead (downloads Debian once)
test-distro: kernel
	KVER=$(KVER) BOOT_GROUPS=distro tests/run.sh boot

# Time to init, memory, file I/O and size against a partition root, the
# HOWTO's initrd and an initramfs; writes Documentation/bench/ (not a test)
bench: kernel
	KVER=$(KVER) tests/bench/run.sh

# Where the kernel spends the benchmark's file I/O on each kind of host:
# its profile, by layer and by function; writes Documentation/bench/profile.md
bench-profile:
	KVER=$(KVER) tests/bench/profile.sh

# The parser under libFuzzer for FUZZ_SECONDS (default 10 minutes)
fuzz:
	tests/fuzz/run.sh $(or $(FUZZ_SECONDS),600)

clean:
	rm -rf build
