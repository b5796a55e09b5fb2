#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Instructions per packet by function, from scripts/bench/iprof.sh's run.

Reads RUN/windows ("CONFIG LABELS PACKETS" per measured pair), RUN/kallsyms
and the plugin's snapshots RUN/snap.N (snapshot 2k-1 opens pair k's window,
2k closes it), and prints for every pair the instructions per packet of
each function, next to the first one's, largest differences first.

The packets of a window are the calls of the function that drops every
measured packet (cls_matchall's classifier, see guest.sh's `receiver
drop`) between the two snapshots: the guest's own count, read by commands
that run before and after the window, is larger, since user space gets the
CPU only now and then under the load.
"""
import bisect
import os
import re
import sys

USER_TOP = 0xFFFF800000000000
PACKET_FUNCTION = "mall_classify [cls_matchall]"
# one softirq round per packet when the datapath keeps up with pktgen
ROUND_FUNCTION = "net_rx_action"
ROWS = int(os.environ.get("IPROF_ROWS", "45"))
# functions (a regular expression) to break down by block: offset in the
# function and instructions per packet, to read beside `objdump -d`
DETAIL = os.environ.get("IPROF_DETAIL")


def load_symbols(path):
    syms = []
    with open(path) as f:
        for line in f:
            parts = line.split()
            if len(parts) < 3 or parts[1] not in "tTwW":
                continue
            name = parts[2]
            if len(parts) > 3:
                name += " " + parts[3]
            syms.append((int(parts[0], 16), name))
    syms.sort()
    return [a for a, _ in syms], [n for _, n in syms]


def load_snapshot(path):
    counts, runs = {}, {}
    with open(path) as f:
        for line in f:
            addr, insns, n = line.split()
            counts[int(addr, 16)] = int(insns)
            runs[int(addr, 16)] = int(n)
    return counts, runs


def by_function(before, after, addrs, names, blocks):
    funcs = {}
    for addr, insns in after.items():
        d = insns - before.get(addr, 0)
        if not d:
            continue
        if addr < USER_TOP:
            name = "[user space]"
        else:
            i = bisect.bisect_right(addrs, addr) - 1
            name = names[i] if i >= 0 else "[unknown]"
            if DETAIL and i >= 0 and re.search(DETAIL, name):
                blocks.append((name, addr - addrs[i], d))
        funcs[name] = funcs.get(name, 0) + d
    return funcs


def main(run):
    addrs, names = load_symbols(os.path.join(run, "kallsyms"))
    entry = addrs[names.index(PACKET_FUNCTION)]
    rounds_at = addrs[names.index(ROUND_FUNCTION)]
    with open(os.path.join(run, "windows")) as f:
        windows = [line.split() for line in f if line.strip()]
    per_pkt = []
    for k, (cfg, labels, pkts) in enumerate(windows):
        before, runs0 = load_snapshot(os.path.join(run, "snap.%d" % (2 * k + 1)))
        after, runs1 = load_snapshot(os.path.join(run, "snap.%d" % (2 * k + 2)))
        blocks = []
        funcs = by_function(before, after, addrs, names, blocks)
        n = max(runs1.get(entry, 0) - runs0.get(entry, 0), 1)
        rounds = (runs1.get(rounds_at, 0) - runs0.get(rounds_at, 0)) / n
        per_pkt.append(("%s/%s" % (cfg, labels), n,
                        {f: v / n for f, v in funcs.items()}, rounds))
        if blocks:
            print("blocks of %s/%s (function+offset: instructions per "
                  "packet):" % (cfg, labels))
            for name, off, d in sorted(blocks):
                if d / n >= 0.5:
                    print("  %s+0x%x: %.1f" % (name, off, d / n))
            print()

    print("instructions per packet forwarded, whole CPU (generator, "
          "datapath, timers, idle)\n")
    print("| configuration | packets in window | instructions per packet "
          "| softirq rounds per packet |")
    print("|---|---:|---:|---:|")
    batched = False
    for name, pkts, funcs, rounds in per_pkt:
        mark = ""
        if rounds < 0.9:
            mark, batched = " (batched)", True
        print("| %s | %d | %.0f | %.2f%s |" % (name, pkts,
                                              sum(funcs.values()), rounds,
                                              mark))
    if batched:
        print("\n(batched): the softirq fell behind pktgen and took packets "
              "from the backlog in batches, another path than one round "
              "per packet; left out of the comparisons below (the guest "
              "measures a window again when its backlog dropped packets).")

    # comparisons leave batched windows out
    steady = [w for w in per_pkt if w[3] >= 0.9]
    if not steady:
        return
    base_name, _, base, _ = steady[0]
    for name, _, funcs, _ in steady[1:]:
        total = sum(funcs.values()) - sum(base.values())
        print("\n### %s against %s: %+.0f instructions per packet\n"
              % (name, base_name, total))
        mod = sum(v for f, v in funcs.items() if f.endswith("[sfcproxy]"))
        print("sfcproxy's own functions: %.0f\n" % mod)
        print("| function | %s | %s | difference |" % (base_name, name))
        print("|---|---:|---:|---:|")
        keys = set(base) | set(funcs)
        rows = sorted(keys, key=lambda f: -abs(funcs.get(f, 0) - base.get(f, 0)))
        for f in rows[:ROWS]:
            a, b = base.get(f, 0), funcs.get(f, 0)
            print("| %s | %.1f | %.1f | %+.1f |" % (f, a, b, b - a))


if __name__ == "__main__":
    main(sys.argv[1])
