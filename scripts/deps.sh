#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# Install everything sfcproxy needs to build, test, demo and benchmark on a
# fresh Debian 12 machine. Idempotent and non-interactive: packages that are
# already present are skipped, so a second run costs one dpkg query.
set -euo pipefail

PKGS=(
	# kernel to boot in the VM and headers to build the module against
	linux-image-amd64 linux-headers-amd64 linux-source-6.1
	# VM runner
	qemu-system-x86 busybox-static kmod
	# build
	build-essential make gcc g++ cmake pkg-config bc flex bison libelf-dev
	libmnl-dev libcli11-dev libgtest-dev googletest libbenchmark-dev
	nlohmann-json3-dev sparse xz-utils dkms clang libclang-rt-14-dev
	# scripts/check-uapi-spec
	python3-yaml
	# guest tools and real peers for the selftests
	iproute2 nftables iptables iperf3 tcpdump tshark python3 python3-scapy
	python3-jsonschema
	netsniff-ng jq ethtool procps util-linux psmisc iputils-ping strace
	# make bench: instruction counts, and profiles inside the VM
	valgrind linux-perf
)

missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed$' ||
		missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#PKGS[@]} packages present"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages: ${missing[*]}" >&2
	echo "deps: run as root (or via sudo) to install them" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; answer for it.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
echo "deps: installed ${missing[*]}"
