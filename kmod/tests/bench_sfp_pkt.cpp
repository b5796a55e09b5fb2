// SPDX-License-Identifier: GPL-2.0
// Google Benchmark of the datapath's per-packet packet code (kmod/sfp_pkt.c
// and the copies around it in kmod/sfp_mpls.c), without the network: ns per
// packet for ingress (parse, key, copy the stack into an entry, strip) and
// egress (key, copy the entry out, rewrite, push the remaining labels).
//
// The per-packet work and the frames (IPv4+TCP with timestamps, IPv6+TCP,
// IPv4+UDP/RTP, 64 payload bytes, behind 1..16 labels) come from
// icount_sfp_pkt.c, built as a library, so that these timings and the
// callgrind instruction counts of scripts/bench/ubench.sh measure the same
// code. The cache's indexes (rhltable and ID slots: insert on ingress,
// lookup and unlink on egress) are not in here: they need the kernel's RCU
// and rhashtable and do not run in user space.
//
// Names: <direction>/<frame>/<mode>/<labels>, e.g. ingress/ipv4_tcp/header/10.
// "harness" cases time only the per-packet reset of the skb-like struct that
// every ingress/egress iteration also pays, for reference.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

extern "C" {
#include "sfp_bench.h"
}

namespace {

const char *const kFrames[] = {"ipv4_tcp", "ipv6_tcp", "ipv4_rtp"};
const char *const kModes[] = {"header", "id", "auto"};
const int kLabels[] = {1, 2, 5, 10};

// Every slot through ingress once: the entries egress needs, and the marks
// (IDs) the function hands back with the packets.
bool prime(struct sfp_bench *b)
{
	unsigned int ring = sfp_bench_ring();

	for (unsigned int i = 0; i < ring; i++)
		if (sfp_bench_ingress(b, sfp_bench_rx_skb(b, i),
				      sfp_bench_entry(b, i)))
			return false;
	return true;
}

// Every slot through egress once, then the end-to-end check.
bool verify(struct sfp_bench *b)
{
	unsigned int ring = sfp_bench_ring();

	for (unsigned int i = 0; i < ring; i++)
		if (sfp_bench_egress(b, sfp_bench_tx_skb(b, i),
				     sfp_bench_entry(b, i)))
			return false;
	return sfp_bench_check(b) == 0;
}

// One direction, every iteration a packet of the ring: ingress caches and
// strips, egress finds and re-attaches (egress also re-checks the result).
void BM_direction(benchmark::State &state, const char *frame, const char *mode,
		  bool egress)
{
	struct sfp_bench *b = sfp_bench_new(frame, mode, state.range(0));
	unsigned int mask = sfp_bench_ring() - 1, i = 0;
	int fails = 0;

	if (!b || !prime(b) || !verify(b)) {
		state.SkipWithError("setup or check failed");
		sfp_bench_free(b);
		return;
	}
	for (auto _ : state) {
		if (egress)
			fails |= sfp_bench_egress(b, sfp_bench_tx_skb(b, i),
						  sfp_bench_entry(b, i));
		else
			fails |= sfp_bench_ingress(b, sfp_bench_rx_skb(b, i),
						   sfp_bench_entry(b, i));
		i = (i + 1) & mask;
	}
	benchmark::DoNotOptimize(fails);
	if (fails || (egress && sfp_bench_check(b)))
		state.SkipWithError("a packet took the drop path");
	state.SetItemsProcessed(state.iterations());
	sfp_bench_free(b);
}

void BM_ingress(benchmark::State &state, const char *frame, const char *mode)
{
	BM_direction(state, frame, mode, false);
}

void BM_egress(benchmark::State &state, const char *frame, const char *mode)
{
	BM_direction(state, frame, mode, true);
}

// The loop and skb reset alone, to read the cases above against.
void BM_harness(benchmark::State &state)
{
	struct sfp_bench *b = sfp_bench_new("ipv4_tcp", "header", 10);
	unsigned int mask = sfp_bench_ring() - 1, i = 0;

	if (!b) {
		state.SkipWithError("setup failed");
		return;
	}
	for (auto _ : state) {
		benchmark::DoNotOptimize(sfp_bench_rx_skb(b, i));
		benchmark::DoNotOptimize(sfp_bench_tx_skb(b, i));
		i = (i + 1) & mask;
	}
	state.SetItemsProcessed(state.iterations());
	sfp_bench_free(b);
}

int register_all()
{
	for (const char *frame : kFrames) {
		for (const char *mode : kModes) {
			std::string tail = std::string(frame) + "/" + mode;
			auto *in = benchmark::RegisterBenchmark(
				("ingress/" + tail).c_str(), BM_ingress, frame,
				mode);
			auto *out = benchmark::RegisterBenchmark(
				("egress/" + tail).c_str(), BM_egress, frame,
				mode);
			for (int n : kLabels) {
				in->Arg(n);
				out->Arg(n);
			}
		}
	}
	benchmark::RegisterBenchmark("harness/rx+tx_reset", BM_harness);
	return 0;
}

} // namespace

int main(int argc, char **argv)
{
	register_all();
	benchmark::Initialize(&argc, argv);
	if (benchmark::ReportUnrecognizedArguments(argc, argv))
		return 2;
	benchmark::RunSpecifiedBenchmarks();
	benchmark::Shutdown();
	return 0;
}
