/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sfcproxy: the per-device header cache.
 *
 * Each cached header is read once and deleted on hit, so "least recently
 * used" is "inserted first": entries sit on per-CPU FIFO lists in insertion
 * order, which makes eviction of the oldest and idle expiry cheap walks from
 * the list heads, with only the inserting CPU's lock taken per packet.
 *
 * Every packet allocates an entry and frees one, so entries come from
 * SLAB_TYPESAFE_BY_RCU caches, as conntrack entries and sockets do: an entry
 * is freed as soon as it is unlinked, with no RCU callback per packet, and
 * the allocator does not zero it first (init_on_alloc skips such caches; an
 * entry's every field that is read is written first). The price is paid by
 * readers: an entry found in an index under RCU is still an entry, but may
 * have been unlinked and reused for another packet since, of this device or
 * another. So it is trusted only under the lock of the CPU whose FIFO holds
 * it, after checking that it is linked there, in this cache, and still
 * carries the key that was looked up.
 *
 * Most packets do not reach the slab allocator at all: each CPU keeps the
 * entry it freed last (per size class) for its next allocation.
 *
 * Header keys are found through an rhltable. Identical keys
 * (retransmissions) are all kept, in arrival order: the rhltable chains them
 * and a hit takes the oldest.
 *
 * ID keys need no hashing: IDs are handed out in sequence, so the ID's low
 * bits pick a slot of a power-of-two array of entry pointers (struct
 * sfp_id_slots) that has room for at least the cache size. Two IDs share a
 * slot only when at least that many packets lie between them, and the FIFO
 * would have evicted the older one by then when the cache is full, so the
 * newer one replacing it changes nothing; a reused ID replaces its stale
 * entry the same way. A packet's ID costs one exchange on insert and one
 * compare-and-exchange on hit, instead of hashing, a bucket lock and a
 * chain walk each way.
 */
#ifndef _SFP_CACHE_H
#define _SFP_CACHE_H

#include <linux/rhashtable.h>
#include <linux/workqueue.h>

#include "sfp_nsh_pkt.h"
#include "sfp_pkt.h"

/*
 * Entries come in three sizes, so that the common small header (an MPLS
 * stack) does not pay for the larger ones: an NSH header of up to 252 bytes
 * plus, for an Ethernet payload, the inner Ethernet header cached with it;
 * and an outer IPv6 header with its SRH (16 segments and some TLVs fit).
 */
#define SFP_HDR_SMALL		SFP_MPLS_MAX_HDR
#define SFP_HDR_MEDIUM		(SFP_NSH_MAX_HDR + 14)
#define SFP_HDR_MAX		512

struct sfp_dev;
struct sfp_config;

/*
 * An entry is indexed by its ID key, its header key, or both (key mode
 * auto: egress uses the ID when the function kept it, else the header).
 */
enum sfp_index {
	SFP_BY_ID,
	SFP_BY_HDR,
};

/**
 * struct sfp_entry - one cached header
 * @node: rhltable linkage of the header index (chains identical keys)
 * @key: the header-mode key, when indexed by header
 * @id: the packet's ID, when indexed by ID (a plain number rather than a
 *	key: nothing hashes or compares it byte by byte)
 * @fifo: position on its CPU's insertion-ordered list
 * @cache: the cache it is linked in; set before the entry is linked, and
 *	only compared: all proxy devices share the slabs, so a stale pointer
 *	from one device's index may meet an entry of another device
 * @tstamp: jiffies at insertion, for expiry and `cache show` (no finer
 *	clock: reading one per packet costs more than the rest of the cache
 *	work on hosts whose clocksource is not the TSC)
 * @mark_bits: the skb->mark bits under the ID mask before the ID replaced
 *	them, restored on egress
 * @cpu: whose FIFO holds the entry; set before the entry is linked
 * @dead: 0 while the entry is on a FIFO: cleared (release) under that FIFO's
 *	lock when the entry is linked, set under it by whoever unlinks the
 *	entry; 1 in a free or not yet linked entry
 * @indexed: bit per enum sfp_index the entry is linked in
 * @hdr_len: bytes in @hdr; also tells which size class the entry is from
 * @hdr: the header exactly as it arrived, SFP_HDR_SMALL, SFP_HDR_MEDIUM or
 *	SFP_HDR_MAX bytes of room by size class
 */
struct sfp_entry {
	struct rhlist_head node;
	struct sfp_key key;
	u32 id;
	struct list_head fifo;
	struct sfp_cache *cache;
	unsigned long tstamp;
	u32 mark_bits;
	u16 cpu;
	u8 dead;
	u8 indexed;
	u16 hdr_len;
	u8 hdr[];
};

/**
 * struct sfp_taken - what egress needs of an entry it took
 * @mark_bits: see struct sfp_entry
 * @hdr_len: bytes in @hdr
 * @hdr: the cached header; only @hdr_len bytes are copied
 *
 * Egress keeps one on its stack per packet. Declare it __uninitialized:
 * kernels built with INIT_STACK_ALL_ZERO (Debian's) would otherwise clear
 * all SFP_HDR_MAX bytes for every packet, though only @hdr_len are read.
 */
struct sfp_taken {
	u32 mark_bits;
	u16 hdr_len;
	u8 hdr[SFP_HDR_MAX];
};

/**
 * struct sfp_id_slots - ID-key index: entry by the low bits of its ID
 * @mask: slots - 1 (a power of two minus one)
 * @rcu: frees a replaced array after the readers that may still use it
 * @slot: the entry holding each ID, or NULL
 *
 * A slot is set by an exchange under the inserting CPU's FIFO lock and
 * cleared by a compare-and-exchange under the lock of the CPU whose FIFO
 * holds the entry; readers load it under RCU and take the entry only after
 * finding it, under that lock, still linked and still holding their ID.
 */
struct sfp_id_slots {
	u32 mask;
	struct rcu_head rcu;
	struct sfp_entry __rcu *slot[];
};

struct sfp_cache_cpu {
	spinlock_t lock;	/* protects fifo and entries' dead flags */
	struct list_head fifo;
};

/**
 * struct sfp_cache - a proxy device's header cache
 * @tbl: header key -> entries
 * @ids: ID -> entry; replaced under RTNL when the cache size changes
 * @cpus: per-CPU FIFO lists
 * @entries: entries cached now
 * @bytes: header bytes cached now
 * @gc: expiry of idle entries
 * @owner: the proxy device, for counters
 */
struct sfp_cache {
	struct rhltable tbl;
	struct sfp_id_slots __rcu *ids;
	struct sfp_cache_cpu __percpu *cpus;
	atomic_t entries;
	atomic_t bytes;
	struct delayed_work gc;
	struct sfp_dev *owner;
};

int sfp_cache_module_init(void);
void sfp_cache_module_exit(void);
int sfp_cache_init(struct sfp_cache *c, struct sfp_dev *owner);
void sfp_cache_destroy(struct sfp_cache *c);
struct sfp_entry *sfp_cache_alloc(struct sfp_cache *c, unsigned int hdr_len);
void sfp_cache_free(struct sfp_entry *e);
long sfp_cache_dump(struct sfp_cache *c, long skip,
		    int (*fill)(const struct sfp_entry *, void *), void *arg);
int sfp_cache_insert(struct sfp_cache *c, struct sfp_entry *e,
		     const struct sfp_config *cfg);
bool sfp_cache_take(struct sfp_cache *c, const struct sfp_key *key,
		    struct sfp_taken *out);
bool sfp_cache_take_id(struct sfp_cache *c, u32 id, struct sfp_taken *out);
void sfp_cache_flush(struct sfp_cache *c);
struct sfp_id_slots *sfp_cache_ids_prepare(struct sfp_cache *c,
					   const struct sfp_config *cfg);
void sfp_cache_trim(struct sfp_cache *c, const struct sfp_config *cfg,
		    struct sfp_id_slots *ids);

#endif /* _SFP_CACHE_H */
