// SPDX-License-Identifier: GPL-2.0
#pragma once

// One function per printed object; each feeds a Printer, so the text and
// JSON forms of an object are always the same field list.

#include "model.hpp"
#include "printer.hpp"

namespace sfcproxy {

// `dev show`: configuration, plus the counters as a "stats" group when
// `with_stats` (the -s option) is set and the kernel reported them.
void print_dev(Printer &p, const DevInfo &dev, bool with_stats);

// `stats show`: the name and the counters only, flat in JSON.
void print_dev_stats(Printer &p, const DevInfo &dev);

// `cache show`: one cached header.
void print_cache_entry(Printer &p, const CacheEntry &entry);

} // namespace sfcproxy
