#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Turn the VM benchmark's records (scripts/bench/guest.sh) into the table
of the "Benchmarks" issue: for each configuration and label count, packets
per second and goodput as a ratio to plain forwarding measured in the same
round (median and spread over the rounds), sfcproxy / mpls_router, and the
targets. Ratios, and on the instruction clock instructions per packet:
under TCG rates in packets per second mean nothing by themselves.

usage: report.py RAW.jsonl OUT.md OUT.json

When the VM kept time in instructions (scripts/bench/vm: SFCPROXY_BENCH_ICOUNT,
default 2), the pps load also gives each configuration's datapath cost in
instructions per packet: 1/pps less the generator's 1/pps, over the
clock's 2^shift ns per instruction.
"""
import json
import os
import statistics
import sys

CONFIG_NAMES = {
    "gen": "generator alone (frames dropped on arrival)",
    "plain": "plain IP forwarding",
    "plain-nat": "plain IP forwarding through the NAT VNF",
    "mplsr": "mpls_router static proxy",
    "sfp-header": "sfcproxy header, route into proxy",
    "sfp-id": "sfcproxy id, route into proxy",
    "sfp-id-nat": "sfcproxy id, NAT VNF, route into proxy",
    "hook-header": "sfcproxy header, egress hook",
    "hook-id": "sfcproxy id, egress hook",
}
ORDER = list(CONFIG_NAMES)


def read_records(path):
    recs, facts = [], []
    with open(path) as f:
        for line in f:
            r = json.loads(line)
            (facts if "facts" in r else recs).append(r)
    return recs, facts


def overrun(r):
    """a pps measurement during which the generator outran the forwarding:
    the VNF host's backlog dropped packets, so the softirq work had moved to
    ksoftirqd and ran in batches, and the rate no longer is one packet's
    path through the configuration (see guest.sh)"""
    return r["load"] == "pps" and r.get("backlog_drops", 0) > 0


def by_round(recs, load):
    """{round: {(config, labels): value}} for one load, overruns left out"""
    out = {}
    for r in recs:
        if r["load"] == load and not r["round"].startswith("c") and not overrun(r):
            out.setdefault(r["round"], {})[(r["config"], r["labels"])] = r["value"]
    return out


def summary(values):
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values),
            "max": max(values), "n": len(values)}


def ratios(rounds, num, den):
    """per-round num/den where both were measured in that round"""
    vals = []
    for meas in rounds.values():
        if num in meas and den in meas and meas[den]:
            vals.append(meas[num] / meas[den])
    return summary(vals)


def cost_ratios(rounds, num, den):
    """per-round ratio of the datapath's own cost per packet, den / num:
    1/pps minus the generator's 1/pps (`gen`) measured in the same round"""
    vals = []
    for meas in rounds.values():
        g = meas.get(("gen", 0))
        if not g or not meas.get(num) or not meas.get(den):
            continue
        cn, cd = 1 / meas[num] - 1 / g, 1 / meas[den] - 1 / g
        if cn > 0 and cd > 0:
            vals.append(cd / cn)
    return summary(vals)


def datapath_instructions(rounds, key, shift):
    """per-round instructions per packet of the datapath alone (see the
    module doc); only meaningful on an instruction clock"""
    vals = []
    for meas in rounds.values():
        g, v = meas.get(("gen", 0)), meas.get(key)
        if g and v and 1 / v > 1 / g:
            vals.append((1 / v - 1 / g) * 1e9 / 2 ** shift)
    return summary(vals)


def fmt(s):
    if not s:
        return "-"
    return f"{s['median']:.2f} ({s['min']:.2f}-{s['max']:.2f})"


def main():
    raw, md_path, json_path = sys.argv[1:4]
    recs, facts = read_records(raw)
    result = {"facts": facts, "loads": {}, "cache": [], "targets": {}}
    md = []
    for load, unit in (("pps", "packets/s"), ("goodput", "bit/s")):
        rounds = by_round(recs, load)
        if not rounds:
            continue
        pairs = sorted({k for m in rounds.values() for k in m},
                       key=lambda k: (k[1], ORDER.index(k[0])))
        rows = []
        md.append(f"\n### {load}: ratio to plain forwarding in the same round\n")
        md.append(f"median (min-max) over {len(rounds)} rounds; plain forwarding "
                  f"itself: median {statistics.median([m[('plain', 0)] for m in rounds.values() if ('plain', 0) in m]):,.0f} {unit}\n")
        pps = load == "pps"
        left_out = [r for r in recs if r["load"] == load and overrun(r)]
        if left_out:
            md.append(f"{len(left_out)} measurements left out, during which the "
                      "VNF host's backlog dropped packets (the generator outran "
                      "the forwarding): " +
                      ", ".join(f"round {r['round']} {r['config']} {r['labels']}"
                                for r in left_out) + "\n")
            result.setdefault("left_out", {})[load] = [
                {k: r[k] for k in ("round", "config", "labels", "value", "backlog_drops")}
                for r in left_out]
        if pps:
            md.append("| configuration | labels | vs plain | vs mpls_router "
                      "| datapath only: vs plain | datapath only: vs mpls_router |")
            md.append("|---|---:|---:|---:|---:|---:|")
        else:
            md.append("| configuration | labels | vs plain | vs mpls_router |")
            md.append("|---|---:|---:|---:|")
        for cfg, n in pairs:
            if cfg in ("plain", "gen"):
                continue
            vs_plain = ratios(rounds, (cfg, n), ("plain", 0))
            vs_mplsr = None
            if cfg != "mplsr":
                vs_mplsr = ratios(rounds, (cfg, n), ("mplsr", n))
            row = {"config": cfg, "labels": n, "vs_plain": vs_plain,
                   "vs_mpls_router": vs_mplsr}
            line = (f"| {CONFIG_NAMES.get(cfg, cfg)} | {n} | {fmt(vs_plain)} | "
                    f"{fmt(vs_mplsr)} |")
            if pps:
                row["datapath_vs_plain"] = cost_ratios(rounds, (cfg, n), ("plain", 0))
                row["datapath_vs_mpls_router"] = (
                    cost_ratios(rounds, (cfg, n), ("mplsr", n)) if cfg != "mplsr" else None)
                line += (f" {fmt(row['datapath_vs_plain'])} |"
                         f" {fmt(row['datapath_vs_mpls_router'])} |")
            rows.append(row)
            md.append(line)
        result["loads"][load] = rows

        shift = os.environ.get("SFCPROXY_BENCH_ICOUNT", "2")
        if pps and shift:
            shift = int(shift)
            base = datapath_instructions(rounds, ("plain", 0), shift)
            md.append("\npps, the datapath's instructions per packet (1/pps less "
                      "the generator's, on the guest's instruction clock; "
                      "median (min-max)):\n")
            md.append("| configuration | labels | instructions | vs plain |")
            md.append("|---|---:|---:|---:|")
            ins = []
            for cfg, n in pairs:
                if cfg == "gen":
                    continue
                i = datapath_instructions(rounds, (cfg, n), shift)
                if not i:
                    continue
                ins.append({"config": cfg, "labels": n, "instructions": i})
                more = f"+{i['median'] - base['median']:.0f}" if base and cfg != "plain" else "-"
                md.append(f"| {CONFIG_NAMES.get(cfg, cfg)} | {n} | "
                          f"{i['median']:.0f} ({i['min']:.0f}-{i['max']:.0f}) | {more} |")
            result["datapath_instructions"] = ins

        # the egress mechanism alone: hook vs route into the proxy, same
        # key mode, same round
        mech = []
        for key in ("header", "id"):
            for n in sorted({k[1] for k in pairs if k[0] == f"hook-{key}"}):
                r = ratios(rounds, (f"hook-{key}", n), (f"sfp-{key}", n))
                if r:
                    mech.append({"key": key, "labels": n, "hook_vs_route": r})
        if mech:
            md.append(f"\n{load}, egress hook / route into the proxy (same key mode, same round):\n")
            md.append("| key | labels | hook / route |")
            md.append("|---|---:|---:|")
            for m in mech:
                md.append(f"| {m['key']} | {m['labels']} | {fmt(m['hook_vs_route'])} |")
        result.setdefault("egress_mechanism", {})[load] = mech

        # the NAT function's own cost taken out: sfcproxy id with the NAT
        # VNF against forwarding through the same NAT without a proxy,
        # beside header mode with a forwarding VNF against plain forwarding
        nat = []
        for n in sorted({k[1] for k in pairs if k[0] == "sfp-id-nat"}):
            r_nat = ratios(rounds, ("sfp-id-nat", n), ("plain-nat", 0))
            r_hdr = ratios(rounds, ("sfp-header", n), ("plain", 0))
            if r_nat and r_hdr:
                nat.append({"labels": n, "id_nat_vs_plain_nat": r_nat,
                            "header_vs_plain": r_hdr,
                            "nat_vs_plain": ratios(rounds, ("plain-nat", 0),
                                                   ("plain", 0))})
        if nat:
            md.append(f"\n{load}, each proxy against its own function without a proxy (same round):\n")
            md.append("| labels | id + NAT VNF / NAT VNF alone | header + forwarding VNF / plain | NAT VNF alone / plain |")
            md.append("|---:|---:|---:|---:|")
            for m in nat:
                md.append(f"| {m['labels']} | {fmt(m['id_nat_vs_plain_nat'])} | "
                          f"{fmt(m['header_vs_plain'])} | {fmt(m['nat_vs_plain'])} |")
        result.setdefault("nat_function", {})[load] = nat

    # cache behaviour at size: pps with N stale entries, vs plain beside it
    cache = [r for r in recs if r["round"].startswith("c")]
    if cache:
        md.append("\n### cache at size: pps with N entries held, ratio to plain forwarding measured just before\n")
        md.append("| entries held | vs plain | slab bytes per entry (incl. hash table) |")
        md.append("|---:|---:|---:|")
        plain = {r["round"]: r["value"] for r in cache if r["config"] == "plain"}
        sizes = {}
        for r in cache:
            if r["config"] != "sfp-header-cache":
                continue
            # the plain run right before has the same round tag
            s = sizes.setdefault(r["cache_entries"] // 1000 * 1000, {"r": [], "b": []})
            if plain.get(r["round"]):
                s["r"].append(r["value"] / plain[r["round"]])
            if r["cache_entries"]:
                s["b"].append(r["slab_bytes"] / r["cache_entries"])
        for n, s in sorted(sizes.items()):
            rs, bs = summary(s["r"]), summary(s["b"])
            result["cache"].append({"entries": n, "vs_plain": rs,
                                    "slab_bytes_per_entry": bs})
            md.append(f"| {n:,} | {fmt(rs)} | {bs['median']:.0f} |" if bs else
                      f"| {n:,} | {fmt(rs)} | - |")

    with open(md_path, "w") as f:
        f.write("\n".join(md) + "\n")
    with open(json_path, "w") as f:
        json.dump(result, f, indent=1)
    print("\n".join(md))


if __name__ == "__main__":
    main()
