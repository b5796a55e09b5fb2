/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sfcproxy: the cache's per-packet operations (see sfp_cache.h for the
 * design): entry allocation and free, and insert and take, which in key
 * mode id are the slot-owned ones of sfp_cache_ids.c.
 *
 * Inline, so that the encapsulations' receive and egress paths each
 * compile into one function: at one label, the calls, register saves and
 * returns between the layers of a packet's path cost about a quarter of
 * what the proxy adds to plain forwarding (measured with
 * scripts/bench/iprof.sh, see Documentation/benchmarks.md). What a packet
 * meets only in a race or a configuration change stays out of line in
 * sfp_cache.c and sfp_cache_ids.c.
 */
#ifndef _SFP_CACHE_DP_H
#define _SFP_CACHE_DP_H

#include <linux/jiffies.h>
#include <linux/percpu.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>

#include "sfp.h"
#include "sfp_cache.h"

/* entry size classes, see SFP_HDR_SMALL */
enum sfp_entry_class {
	SFP_ENTRY_SMALL,
	SFP_ENTRY_MEDIUM,
	SFP_ENTRY_LARGE,
	SFP_N_ENTRY_CLASS
};

extern struct kmem_cache *sfp_entry_slabs[SFP_N_ENTRY_CLASS];

/*
 * Per CPU and size class, the entry freed last, handed to the next
 * allocation. A packet's entry is usually allocated on ingress and freed
 * on egress in the same softirq, so this turns the slab allocator's alloc
 * and free per packet into two pointer moves, and the next packet gets
 * the entry that is still in the CPU's cache. Used with bottom halves off
 * only (the datapath, and the FIFO lock holders, which free), so nothing
 * interrupts a CPU's use of its own slot. An entry parked here is dead and
 * unlinked, exactly like one back in its slab.
 */
struct sfp_entry_spare {
	struct sfp_entry *e[SFP_N_ENTRY_CLASS];
};

DECLARE_PER_CPU(struct sfp_entry_spare, sfp_entry_spares);

static __always_inline enum sfp_entry_class sfp_entry_class(unsigned int hdr_len)
{
	if (hdr_len <= SFP_HDR_SMALL)
		return SFP_ENTRY_SMALL;
	return hdr_len <= SFP_HDR_MEDIUM ? SFP_ENTRY_MEDIUM : SFP_ENTRY_LARGE;
}

/*
 * An entry from the slab, charged to the memory cgroup of the device's
 * creator (see sfp_entry_cache_create()): set as the active memcg around
 * the allocation, in softirq a per-CPU variable, in a task its own field.
 * GFP_NOWAIT rather than GFP_ATOMIC: 6.1 forces a charge past memory.max
 * for __GFP_HIGH, so the cgroup's limit would not hold; at the limit the
 * header is not cached and counted as alloc_fail instead.
 */
static __always_inline struct sfp_entry *
sfp_entry_slab_alloc(struct sfp_cache *c, enum sfp_entry_class k)
{
	struct mem_cgroup *old = set_active_memcg(c->memcg);
	struct sfp_entry *e;

	e = kmem_cache_alloc(sfp_entry_slabs[k], GFP_NOWAIT | __GFP_NOWARN);
	set_active_memcg(old);
	return e;
}

/**
 * sfp_cache_alloc() - a new, unlinked entry
 * @c: the cache
 * @hdr_len: bytes of header it will hold, at most SFP_HDR_MAX; set in the
 *	entry, and not to be changed (it selects the slab to free to)
 *
 * Context: the datapath: softirq, or bottom halves off.
 * Return: the entry, or NULL (counted as alloc_fail).
 */
static __always_inline struct sfp_entry *
sfp_cache_alloc(struct sfp_cache *c, unsigned int hdr_len)
{
	enum sfp_entry_class k = sfp_entry_class(hdr_len);
	struct sfp_entry_spare *sp;
	struct sfp_entry *e;

	sfp_dp_assert();
	sp = this_cpu_ptr(&sfp_entry_spares);
	e = sp->e[k];
	if (e) {
		sp->e[k] = NULL;
	} else {
		e = sfp_entry_slab_alloc(c, k);
		if (!e) {
			sfp_stat_inc(c->owner, SFP_STAT_ALLOC_FAIL);
			return NULL;
		}
	}
	e->hdr_len = hdr_len;
	return e;
}

/* Free an unlinked entry; bottom halves are off (see sfp_entry_spares). */
static __always_inline void sfp_entry_free(struct sfp_entry *e)
{
	enum sfp_entry_class k = sfp_entry_class(e->hdr_len);
	struct sfp_entry_spare *sp = this_cpu_ptr(&sfp_entry_spares);

	if (!sp->e[k]) {
		sp->e[k] = e;
		return;
	}
	kmem_cache_free(sfp_entry_slabs[k], e);
}

/* Account for slot-owned entries coming or going on this CPU. */
static __always_inline void sfp_ids_count(struct sfp_cache *c, int entries,
					  int bytes)
{
	this_cpu_add(c->cpus->entries, entries);
	this_cpu_add(c->cpus->bytes, bytes);
}

/* Free an owned entry that left its slot; bottom halves are off. */
static inline void sfp_ids_release(struct sfp_cache *c, struct sfp_entry *e,
				   enum sfp_stat why)
{
	sfp_ids_count(c, -1, -(int)e->hdr_len);
	if (why != SFP_STAT_COUNT)
		sfp_stat_inc(c->owner, why);
	sfp_entry_free(e);
}

/* Own @e, found in @slot, if the slot still holds it. */
static __always_inline bool sfp_ids_claim(struct sfp_entry __rcu **slot,
					  struct sfp_entry *e)
{
	return cmpxchg(slot, RCU_INITIALIZER(e), NULL) == RCU_INITIALIZER(e);
}

void sfp_ids_unclaim(struct sfp_cache *c, struct sfp_entry __rcu **slot,
		     struct sfp_entry *e);

/**
 * sfp_ids_insert() - cache an entry in the slot its ID names
 * @c: the cache
 * @ids: @c's slot array, which owns its entries
 * @e: entry with its ID, header and mark bits filled in; consumed
 *
 * Whatever the slot held is a packet's a cache size of IDs ago that never
 * came back (or, after the ID space wrapped, one under the same ID): the
 * oldest entry, evicted.
 *
 * Context: the datapath.
 */
static __always_inline void sfp_ids_insert(struct sfp_cache *c,
					   struct sfp_id_slots *ids,
					   struct sfp_entry *e)
{
	struct sfp_entry *old;

	e->indexed = BIT(SFP_BY_ID);
	e->tstamp = jiffies;
	sfp_ids_count(c, 1, e->hdr_len);
	/* a full barrier: the entry is written before it can be found */
	old = unrcu_pointer(xchg(sfp_ids_slot(ids, e->id),
				 RCU_INITIALIZER(e)));
	if (old)
		sfp_ids_release(c, old, SFP_STAT_EVICTED);
	sfp_cache_gc_kick(c);
}

/**
 * sfp_ids_take() - find and remove the entry of an ID
 * @c: the cache
 * @ids: @c's slot array, which owns its entries
 * @id: the ID the returning packet carries
 *
 * Context: the datapath.
 * Return: as sfp_cache_take_id().
 */
static __always_inline struct sfp_entry *
sfp_ids_take(struct sfp_cache *c, struct sfp_id_slots *ids, u32 id)
{
	struct sfp_entry __rcu **slot = sfp_ids_slot(ids, id);
	struct sfp_entry *e = sfp_dp_dereference(*slot);

	/* a hint, saving the atomic on a miss; checked again once owned */
	if (!e || READ_ONCE(e->id) != id || !sfp_ids_claim(slot, e))
		return NULL;
	/* taken and reused for a newer ID of this slot since it was read */
	if (unlikely(e->id != id)) {
		sfp_ids_unclaim(c, slot, e);
		return NULL;
	}
	sfp_ids_count(c, -1, -(int)e->hdr_len);
	return e;
}

/**
 * sfp_cache_insert() - cache a header, evicting the oldest when full
 * @c: the cache
 * @e: entry from sfp_cache_alloc() with @indexed, its header key, header
 *	and mark bits filled in; consumed in every case
 * @cfg: the device's configuration (caps)
 * @id: set to the ID @e is cached under, if @indexed has SFP_BY_ID (the
 *	entry is not the caller's to read any more)
 * @key: @e's header key, if @indexed has SFP_BY_HDR, in the caller's
 *	memory: once linked, @e may be taken and reused by another CPU, and
 *	the duplicate cap still needs the key
 *
 * Context: the datapath: softirq, or bottom halves off.
 * Return: 0, or a negative errno when the entry could not be linked.
 */
static __always_inline int sfp_cache_insert(struct sfp_cache *c,
					    struct sfp_entry *e,
					    const struct sfp_config *cfg,
					    u32 *id, const struct sfp_key *key)
{
	struct sfp_id_slots *ids = sfp_dp_dereference(c->ids);

	if (e->indexed & BIT(SFP_BY_ID)) {
		e->id = sfp_ids_of_seq(ids, atomic_inc_return(&c->next_seq));
		*id = e->id;
		if (ids->owns) {
			sfp_ids_insert(c, ids, e);
			return 0;
		}
	}
	return sfp_fifo_insert(c, ids, e, cfg, key);
}

/**
 * sfp_cache_take_id() - find and remove the entry for an ID
 * @c: the cache
 * @id: the ID the returning packet carries, non-zero
 *
 * Context: the datapath: softirq, or bottom halves off.
 * Return: the entry, now the caller's: it reads the header and mark bits
 * in place (no copy) and then gives it back with sfp_cache_put(). NULL on
 * a miss.
 */
static __always_inline struct sfp_entry *sfp_cache_take_id(struct sfp_cache *c,
							   u32 id)
{
	struct sfp_id_slots *ids = sfp_dp_dereference(c->ids);

	if (ids->owns)
		return sfp_ids_take(c, ids, id);
	return sfp_fifo_take_id(c, ids, id);
}

/**
 * sfp_cache_put() - give back an entry a take returned
 * @e: the entry, out of the cache and counted out of it already
 *
 * Context: the datapath, still: bottom halves off.
 */
static __always_inline void sfp_cache_put(struct sfp_entry *e)
{
	sfp_entry_free(e);
}

#endif /* _SFP_CACHE_DP_H */
