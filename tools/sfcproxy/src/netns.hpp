// SPDX-License-Identifier: GPL-2.0
#pragma once

#include <string>

namespace sfcproxy {

// Moves the process into the named network namespace (/run/netns/NAME, as
// created by `ip netns add`). Must run before any socket is opened and
// before any interface name is resolved. Throws UsageError.
void enter_netns(const std::string &name);

} // namespace sfcproxy
