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

// `monitor`: a device created or changed (new) or deleted (del): "[NEW]"
// or "[DEL]" and the words of `dev show`; in JSON "event": "new" or "del"
// and the fields of `dev show`.
enum class DevEvent { updated, deleted }; // SFCPROXY_CMD_DEV_NEW, _DEL
void print_dev_event(Printer &p, DevEvent event, const DevInfo &dev, bool with_stats);

// `monitor`: the kernel dropped events ("# events lost"; in JSON
// "event": "lost").
void print_events_lost(Printer &p);

// `stats show`: the name and the counters only, flat in JSON.
void print_dev_stats(Printer &p, const DevInfo &dev);

// `cache show`: one cached header.
void print_cache_entry(Printer &p, const CacheEntry &entry);

// `fwd show`: one forwarding entry; `with_stats` adds packets and bytes.
void print_fwd_entry(Printer &p, const FwdEntry &e, bool with_stats);

// `fwd show` under -s: the namespace's NSH forwarder counters after the
// entries: "nsh:" and an indented line in text; in JSON the document
// becomes {"entries": [...], "stats": {...}}.
void print_nsh_stats(Printer &p, const NshStats &stats);

// `classifier show`: one rule; `with_stats` adds packets and bytes.
void print_cls_rule(Printer &p, const ClsRule &r, bool with_stats);

// `sid show`: one SID, always with its length; `with_stats` adds
// packets, bytes and errors, and for End.VNF flows, flows_full,
// flows_active, flows_half_open, flows_too_big and flows_unanswered.
void print_sid_entry(Printer &p, const SidEntry &e, bool with_stats);

// `pipe flows`: one End.VNF flow record: client, server, SID, device, age
// and packets on a line, then the SYN's SRH and its return path (when it
// had one) on indented lines. JSON: "client", "sport", "server",
// "dport", "sid", "sid_prefix_len", "function", "args", "dev", "age_ms",
// "packets", "srh" (an object, or the bytes in hex when they are no SRH)
// and "retpath" (addresses, or hex when not 16 bytes each).
void print_flow_record(Printer &p, const FlowRecord &f);

// `monitor`: End.VNF recorded a new flow: "[FLOW]" and the first line of
// `pipe flows`; in JSON "event": "flow" and every field of `pipe flows`.
void print_flow_event(Printer &p, const FlowRecord &f);

} // namespace sfcproxy
