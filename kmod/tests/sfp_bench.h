/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The per-packet work of the datapath, driven from user space
 * (icount_sfp_pkt.c implements it; bench_sfp_pkt.cpp times it, callgrind
 * counts its instructions). The structures stay opaque to callers.
 */
#ifndef _SFP_BENCH_H
#define _SFP_BENCH_H

struct sfp_bench;
struct sfp_bench_skb;
struct sfp_bench_entry;

struct sfp_bench *sfp_bench_new(const char *frame, const char *mode,
				unsigned int labels);
void sfp_bench_free(struct sfp_bench *b);
unsigned int sfp_bench_ring(void);
struct sfp_bench_skb *sfp_bench_rx_skb(struct sfp_bench *b, unsigned int i);
struct sfp_bench_skb *sfp_bench_tx_skb(struct sfp_bench *b, unsigned int i);
struct sfp_bench_entry *sfp_bench_entry(struct sfp_bench *b, unsigned int i);
int sfp_bench_ingress(struct sfp_bench *b, struct sfp_bench_skb *skb,
		      struct sfp_bench_entry *e);
int sfp_bench_egress(struct sfp_bench *b, struct sfp_bench_skb *skb,
		     const struct sfp_bench_entry *cached);
int sfp_bench_check(struct sfp_bench *b);

#endif /* _SFP_BENCH_H */
