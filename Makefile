# SPDX-License-Identifier: GPL-2.0
# sfcproxy top level. `make` builds; `make check` is the whole test suite
# (installs what is missing, boots the VM once); `make demo` is the main job;
# `make bench` measures.
PREFIX ?= /usr/local
DESTDIR ?=
# KVER is resolved where it is used, never when make parses this file: on a
# fresh machine `make check` installs the kernel (scripts/deps.sh) after
# parsing, and an empty KVER exported from here would stick to every
# sub-make. An empty KVER (the environment's or the command line's) means
# "the newest installed 6.1" everywhere (scripts/kver, kmod/Makefile).
kver = $(or $(KVER),$(shell scripts/kver))

all: kmod tool selftests

deps:
	bash scripts/deps.sh

kmod:
	$(MAKE) -C kmod

tool:
	$(MAKE) -C tools/sfcproxy

selftests: kmod
	$(MAKE) -C selftests

# everything: deps, build, host tests, one VM boot; last line N passed, N failed, N skipped
check:
	bash scripts/check.sh

# only the VM selftests, on an existing build
vmtest: all
	scripts/vm-run -- selftests/run.sh

demo:
	bash scripts/demo.sh

# benchmarks (one VM boot, ~40 min): table in build/bench/report.md, see
# Documentation/benchmarks.md
bench:
	bash scripts/bench/run.sh

install: all
	install -D -m 0644 kmod/sfcproxy.ko $(DESTDIR)/lib/modules/$(kver)/updates/sfcproxy.ko
	[ -n "$(DESTDIR)" ] || depmod -a $(kver)
	install -D -m 0644 include/uapi/linux/sfcproxy.h $(DESTDIR)$(PREFIX)/include/linux/sfcproxy.h
	$(MAKE) -C tools/sfcproxy install DESTDIR=$(abspath $(DESTDIR)) PREFIX=$(PREFIX)

# proves the DKMS source tree builds for the installed 6.1 kernel
dkms:
	scripts/dkms-check

clean:
	$(MAKE) -C kmod clean
	$(MAKE) -C tools/sfcproxy clean
	$(MAKE) -C selftests clean
	rm -rf build

.PHONY: all deps kmod tool selftests check vmtest demo bench install dkms clean
