// SPDX-License-Identifier: GPL-2.0
#pragma once

// NSH forwarding table and classifier operations over one genl socket,
// shared by the `fwd` and `classifier` commands and by `apply`. Each call
// is one request; kernel errors come back as KernelError (see errors.hpp).

#include <cstdint>
#include <vector>

#include "model.hpp"
#include "nlsocket.hpp"

namespace sfcproxy {

// Dumps; names in FwdEntry::dev are resolved from the reported ifindex.
std::vector<FwdEntry> fwd_list(GenlSocket &gs);
// One entry (ENOENT when the path has none); dev resolved as for fwd_list.
FwdEntry fwd_get(GenlSocket &gs, uint32_t spi, uint8_t si);
// Adds (replace=false: EEXIST if the path has an entry) or replaces.
// FwdEntry::dev must name an existing device.
void fwd_add(GenlSocket &gs, const FwdEntry &e, bool replace);
void fwd_del(GenlSocket &gs, uint32_t spi, uint8_t si);
// Removes every entry of the namespace.
void fwd_flush(GenlSocket &gs);
// The namespace's NSH forwarder counters.
NshStats nsh_stats_get(GenlSocket &gs);

// In match order.
std::vector<ClsRule> cls_list(GenlSocket &gs);
// Appends (replace=false: EEXIST if a rule has the same match) or
// replaces the action of the rule with the same match.
void cls_add(GenlSocket &gs, const ClsRule &r, bool replace);
// Removes the rule with exactly this match. An empty match is refused
// (Error, EXIT_USAGE): on the wire it would remove every rule.
void cls_del(GenlSocket &gs, const ClsMatch &m);
// Removes every rule of the namespace.
void cls_flush(GenlSocket &gs);

} // namespace sfcproxy
