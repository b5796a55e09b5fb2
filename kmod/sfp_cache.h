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
 * (retransmissions) are kept, in arrival order: the rhltable chains them
 * and a hit takes the oldest. At most SFP_DUP_MAX of them: a hit, and the
 * unlink of an entry (hit, eviction, expiry), walk the chain, which a
 * burst of one packet would otherwise make as long as the cache.
 *
 * ID keys need no hashing: IDs are handed out in sequence, one per slot of
 * an array of entry pointers (struct sfp_id_slots) in turn, so a packet's
 * ID names its slot. Two IDs share a slot only when a whole cache size of
 * packets lies between them, and a full cache would have evicted the older
 * one by then, so the newer one replacing it changes nothing.
 *
 * In key mode id (without a byte cap) the slot array is the cache: it owns
 * its entries, and the FIFOs, their locks and the shared counters are not
 * used at all (sfp_cache_ids.c). The slots are a ring in insertion order:
 * an insert exchanges its entry into the next slot, evicting the oldest
 * entry if the packet a cache size ago never came back, and a hit takes
 * the entry out with one compare-and-exchange. In the other key modes the
 * array only indexes the entries their FIFOs own.
 */
#ifndef _SFP_CACHE_H
#define _SFP_CACHE_H

#include <linux/reciprocal_div.h>
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
 * struct sfp_id_slots - ID-key index: entry by the slot its ID names
 * @n: slots: the cache size, or fewer when the ID mask has fewer IDs, or
 *	one in key mode header
 * @n_div: reciprocal of @n: the slot of an ID without a division
 * @ids: IDs are 1..@ids, the largest multiple of @n the ID mask has room
 *	for, so that consecutive IDs take consecutive slots and the last ID
 *	the last slot
 * @ids_div: reciprocal of @ids
 * @owns: the slots own their entries (key mode id, no byte cap); else the
 *	FIFOs own them and the slots only index them
 * @rcu: frees a replaced array after the readers that may still use it
 * @slot: the entry holding each ID, or NULL
 *
 * When the slots index FIFO entries, a slot is set by an exchange under the
 * inserting CPU's FIFO lock and cleared by a compare-and-exchange under the
 * lock of the CPU whose FIFO holds the entry; readers load it under RCU and
 * take the entry only after finding it, under that lock, still linked and
 * still holding their ID. When the slots own their entries, whoever empties
 * a slot with an exchange or a compare-and-exchange owns what it held.
 */
struct sfp_id_slots {
	u32 n;
	struct reciprocal_value n_div;
	u32 ids;
	struct reciprocal_value ids_div;
	bool owns;
	struct rcu_head rcu;
	struct sfp_entry __rcu *slot[];
};

/**
 * struct sfp_cache_cpu - a CPU's share of a cache
 * @lock: protects @fifo and its entries' dead flags
 * @fifo: entries this CPU inserted, oldest first (FIFO-owned entries)
 * @entries: change in the count of slot-owned entries made on this CPU;
 *	the sum over CPUs is the count
 * @bytes: the same for their header bytes
 */
struct sfp_cache_cpu {
	spinlock_t lock;	/* guards fifo and its entries */
	struct list_head fifo;
	int entries;
	int bytes;
};

/*
 * Headers cached under one header key at a time. A packet whose key has
 * this many already evicts the oldest of them (counted as rx_dup_limit):
 * the newer packet is the one more likely to come back, as for the FIFOs'
 * eviction. Every operation on a key walks its rhltable chain (a hit to
 * find the oldest at the tail, an unlink to find the entry), so the cap is
 * what keeps them O(1): 16 pointer hops at worst, while a function that
 * holds a few retransmissions of one packet still gets each its own header.
 */
#define SFP_DUP_MAX		16

/*
 * Cache dumps (netlink) of one cache at a time; another one fails with
 * -EBUSY until one of them ends. Each dump in progress keeps a cursor in
 * the FIFO it is walking, which FIFO walks step over.
 */
#define SFP_DUMP_CURSORS	8

/**
 * struct sfp_dump_cursor - where a cache dump stands in the FIFOs
 * @fifo: linked into the FIFO of @cpu right after the last entry dumped
 *	(or at its head), under that FIFO's lock; unlinked otherwise
 * @cookie: the dump that owns the cursor, 0 when free; claimed with a
 *	compare-and-exchange, so that concurrent dumps get distinct cursors
 * @cpu: the FIFO @fifo is in, nr_cpu_ids when in none; only the owner
 *	reads or writes it
 *
 * A dump cannot remember an entry across its netlink calls (the entry may
 * be freed and its slab page with it), nor a count of entries to skip
 * (quadratic over a dump, and wrong when entries before the position go):
 * a node in the list itself stays where the dump stopped whatever comes
 * and goes around it. The cursors live in the cache, so that they go with
 * it; a dump finds its cursor again only through the device, under RCU.
 */
struct sfp_dump_cursor {
	struct list_head fifo;
	unsigned long cookie;
	unsigned int cpu;
};

/**
 * struct sfp_cache_dump_pos - a cache dump's state between calls
 * @cookie: identifies the dump's cursor, 0 before it has one
 * @slot: ID slots walked
 * @cursor: index of the dump's cursor in sfp_cache.dump_cursors
 * @stage: enum sfp_dump_stage
 *
 * Zeroed for the first call. A dump that stops before the end must hand
 * it to sfp_cache_dump_end().
 */
struct sfp_cache_dump_pos {
	unsigned long cookie;
	long slot;
	u16 cursor;
	u8 stage;
};

enum sfp_dump_stage {
	SFP_DUMP_START,
	SFP_DUMP_FIFOS,
	SFP_DUMP_IDS,
};

#define SFP_IDS_SWEEP_MARKS	8

/**
 * struct sfp_ids_sweep - where the expiry of slot-owned entries stands
 * @mark_time: jiffies of the last SFP_IDS_SWEEP_MARKS notes, a ring
 * @mark_seq: the sequence number of the last ID handed out at each
 * @marks: notes taken so far; the newest is at (@marks - 1) modulo
 *	SFP_IDS_SWEEP_MARKS
 * @next: the first sequence number whose slot is not walked yet
 * @replaced: the array was replaced at @replaced_at, and its moved
 *	entries are not expired yet
 * @replaced_at: jiffies
 *
 * Only the gc work uses it, and sfp_cache_ids_replace() with the work
 * cancelled (see sfp_ids_expire()).
 */
struct sfp_ids_sweep {
	unsigned long mark_time[SFP_IDS_SWEEP_MARKS];
	u32 mark_seq[SFP_IDS_SWEEP_MARKS];
	unsigned int marks;
	u32 next;
	bool replaced;
	unsigned long replaced_at;
};

/**
 * struct sfp_cache - a proxy device's header cache
 * @tbl: header key -> entries
 * @ids: ID -> entry; replaced under RTNL when the cache size changes
 * @cpus: per-CPU FIFO lists and counts
 * @entries: FIFO-owned entries cached now (slot-owned ones are counted per
 *	CPU: nothing needs their total per packet)
 * @bytes: header bytes of FIFO-owned entries cached now
 * @next_seq: the sequence number of the last ID handed out
 * @sweep: expiry of slot-owned entries
 * @gc: expiry of idle entries
 * @owner: the proxy device, for counters
 * @dump_cursors: one per cache dump in progress
 * @memcg: the memory cgroup of the task that created the device (a
 *	reference; NULL without memcg), charged for the entries packets
 *	allocate
 */
struct sfp_cache {
	struct rhltable tbl;
	struct sfp_id_slots __rcu *ids;
	struct sfp_cache_cpu __percpu *cpus;
	atomic_t entries;
	atomic_t bytes;
	atomic_t next_seq;
	struct sfp_ids_sweep sweep;
	struct delayed_work gc;
	struct sfp_dev *owner;
	struct sfp_dump_cursor dump_cursors[SFP_DUMP_CURSORS];
	struct mem_cgroup *memcg;
};

int sfp_cache_module_init(void);
void sfp_cache_module_exit(void);
int sfp_cache_init(struct sfp_cache *c, struct sfp_dev *owner);
void sfp_cache_destroy(struct sfp_cache *c);
int sfp_cache_dump(struct sfp_cache *c, struct sfp_cache_dump_pos *pos,
		   int (*fill)(const struct sfp_entry *, void *), void *arg);
void sfp_cache_dump_end(struct sfp_cache *c, struct sfp_cache_dump_pos *pos);
struct sfp_entry *sfp_cache_take(struct sfp_cache *c,
				 const struct sfp_key *key);
void sfp_cache_flush(struct sfp_cache *c);
void sfp_cache_usage(struct sfp_cache *c, u32 *entries, u32 *bytes);
struct sfp_id_slots *sfp_cache_ids_prepare(struct sfp_cache *c,
					   const struct sfp_config *cfg);
void sfp_cache_trim(struct sfp_cache *c, const struct sfp_config *cfg,
		    struct sfp_id_slots *ids);

/*
 * Between sfp_cache.c and sfp_cache_ids.c. The datapath (insert and take)
 * runs in softirq or with bottom halves off, which is a read-side critical
 * section of its own: it needs no nested rcu_read_lock(), which Debian's
 * preemptible-RCU kernels make a function call each way, and it takes the
 * FIFO locks without the _bh toggles.
 */
#define sfp_dp_dereference(p)	rcu_dereference_check(p, rcu_read_lock_bh_held())

static inline void sfp_dp_assert(void)
{
	DEBUG_NET_WARN_ON_ONCE(!in_softirq());
}

void sfp_cache_gc_schedule(struct sfp_cache *c);
int sfp_fifo_insert(struct sfp_cache *c, struct sfp_id_slots *ids,
		    struct sfp_entry *e, const struct sfp_config *cfg,
		    const struct sfp_key *key);
struct sfp_entry *sfp_fifo_take_id(struct sfp_cache *c,
				   struct sfp_id_slots *ids, u32 id);
void sfp_cache_flush_fifos(struct sfp_cache *c);
void sfp_cache_reindex(struct sfp_cache *c, struct sfp_id_slots *old,
		       struct sfp_id_slots *ids);

/*
 * The slot ID @id names: IDs 1..ids->ids take the slots in turn. An ID
 * from an earlier configuration, beyond ids->ids, still names one. The
 * IDs of the first lap need no division; when the cache is as large as the
 * ID space (ids->ids == ids->n), every ID is of the first lap, and a
 * packet's insert and take each save the reciprocal's ten instructions.
 */
static inline u32 sfp_ids_slot_of(const struct sfp_id_slots *ids, u32 id)
{
	u32 seq = id - 1;

	if (seq < ids->n)
		return seq;
	return seq - reciprocal_divide(seq, ids->n_div) * ids->n;
}

static inline struct sfp_entry __rcu **sfp_ids_slot(struct sfp_id_slots *ids,
						    u32 id)
{
	return &ids->slot[sfp_ids_slot_of(ids, id)];
}

/*
 * Walks over an ID slot array hold the RCU read lock for this many slots
 * at a time, and reschedule in between: arrays have up to 4 M slots.
 */
#define SFP_IDS_WALK_BATCH	1024

void sfp_cache_ids_replace(struct sfp_cache *c, struct sfp_id_slots *ids);
void sfp_ids_expire(struct sfp_cache *c, unsigned long timeout);
void sfp_ids_flush(struct sfp_cache *c);
int sfp_ids_dump(struct sfp_cache *c, long *slot,
		 int (*fill)(const struct sfp_entry *, void *), void *arg);

/* Make sure expiry runs while entries exist. */
static inline void sfp_cache_gc_kick(struct sfp_cache *c)
{
	if (!delayed_work_pending(&c->gc))
		sfp_cache_gc_schedule(c);
}

/* The ID handed out as number @seq of the sequence: 1..ids->ids. */
static inline u32 sfp_ids_of_seq(const struct sfp_id_slots *ids, u32 seq)
{
	return seq - reciprocal_divide(seq, ids->ids_div) * ids->ids + 1;
}

#endif /* _SFP_CACHE_H */
