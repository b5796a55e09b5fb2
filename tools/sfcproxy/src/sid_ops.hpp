// SPDX-License-Identifier: GPL-2.0
#pragma once

// SRv6 SID table operations over one genl socket, for the `sid` commands.
// Each call is one request; kernel errors come back as KernelError (see
// errors.hpp).

#include <vector>

#include "model.hpp"
#include "nlsocket.hpp"

namespace sfcproxy {

// Dumps; names in SidEntry::dev are resolved from the reported ifindex.
std::vector<SidEntry> sid_list(GenlSocket &gs);
// One SID (ENOENT when the table has none); dev resolved as for sid_list.
SidEntry sid_get(GenlSocket &gs, const SidPrefix &sid);
// Adds (replace=false: EEXIST if the SID exists) or replaces.
// SidEntry::dev must name an existing device.
void sid_add(GenlSocket &gs, const SidEntry &e, bool replace);
void sid_del(GenlSocket &gs, const SidPrefix &sid);
// Removes every SID of the namespace.
void sid_flush(GenlSocket &gs);

} // namespace sfcproxy
