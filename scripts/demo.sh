#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`: the main job. Installs what is missing, builds, boots the
# Debian 6.1 kernel in a VM and runs scripts/demo-guest.sh there: the paper's
# line of three hosts (sender -> VNF host -> receiver) in network namespaces,
# with a proxy device on the VNF host and its counters.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
bash scripts/deps.sh
make -s all >/dev/null
exec scripts/vm-run --timeout 600 -- bash scripts/demo-guest.sh
