// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: the per-device header cache (see sfp_cache.h for the design).
 *
 * Locking: lookups are RCU; an entry is unlinked exactly once, by whoever
 * sets its dead flag under the lock of the CPU whose FIFO holds it (a hit on
 * egress, eviction, expiry or a flush), and freed at once: its slab is
 * SLAB_TYPESAFE_BY_RCU, so a reader still holding a pointer to it finds an
 * entry, possibly another packet's, and sfp_entry_linked() tells which. The
 * ID slot array is replaced only under RTNL; everyone else reads it under
 * RCU, or with bottom halves off inside a FIFO lock. The datapath is a
 * read section by running with bottom halves off, and takes the FIFO locks
 * without the _bh toggles; the ageing work and netlink take them with.
 * Besides entries, a FIFO may hold the cursors of dumps in progress
 * (struct sfp_dump_cursor), which every walk from its head steps over.
 */
#include <linux/jiffies.h>
#include <linux/memcontrol.h>
#include <linux/slab.h>

#include "sfp.h"
#include "sfp_cache.h"
#include "sfp_cache_dp.h"

/* one slab per size class */
struct kmem_cache *sfp_entry_slabs[SFP_N_ENTRY_CLASS] __read_mostly;

DEFINE_PER_CPU(struct sfp_entry_spare, sfp_entry_spares);

static const struct rhashtable_params sfp_cache_params = {
	.head_offset		= offsetof(struct sfp_entry, node),
	.key_offset		= offsetof(struct sfp_entry, key),
	.key_len		= sizeof(struct sfp_key),
	.automatic_shrinking	= true,
};

/*
 * A slab object becomes an entry once, when its page is allocated; from then
 * on it is dead whenever it is on no FIFO, which is what a reader with a
 * stale pointer must find.
 */
static void sfp_entry_ctor(void *obj)
{
	struct sfp_entry *e = obj;

	e->cache = NULL;
	e->cpu = 0;
	e->dead = 1;
	e->indexed = 0;
}

/*
 * SLAB_ACCOUNT: entries are charged to a memory cgroup. Which one is the
 * caller's to say, and 6.1 decides it in memcg_kmem_bypass() and
 * get_obj_cgroup_from_current(): a remote memcg set with
 * set_active_memcg() wins in any context; without one, an allocation in
 * softirq (where the datapath mostly runs) or by a kernel thread is
 * charged to nobody, and one in a task with bottom halves off (a local
 * sender's transmit) to that task. Neither is who made the cache, so
 * sfp_cache_alloc() sets the device creator's memcg as the active one (see
 * struct sfp_cache's @memcg). An entry's charge goes with it to the slab
 * and stays with the object while it waits as a CPU's spare, whichever
 * device takes it next.
 */
static struct kmem_cache *sfp_entry_cache_create(const char *name,
						 unsigned int hdr_room)
{
	return kmem_cache_create(name, sizeof(struct sfp_entry) + hdr_room, 0,
				 SLAB_TYPESAFE_BY_RCU | SLAB_ACCOUNT,
				 sfp_entry_ctor);
}

int __init sfp_cache_module_init(void)
{
	sfp_entry_slabs[SFP_ENTRY_SMALL] =
		sfp_entry_cache_create("sfp_entry", SFP_HDR_SMALL);
	sfp_entry_slabs[SFP_ENTRY_MEDIUM] =
		sfp_entry_cache_create("sfp_entry_medium", SFP_HDR_MEDIUM);
	sfp_entry_slabs[SFP_ENTRY_LARGE] =
		sfp_entry_cache_create("sfp_entry_large", SFP_HDR_MAX);
	if (!sfp_entry_slabs[SFP_ENTRY_SMALL] ||
	    !sfp_entry_slabs[SFP_ENTRY_MEDIUM] ||
	    !sfp_entry_slabs[SFP_ENTRY_LARGE]) {
		sfp_cache_module_exit();
		return -ENOMEM;
	}
	return 0;
}

/* Called once no proxy device is left, so no CPU uses its spares. */
void sfp_cache_module_exit(void)
{
	int cpu, k;

	for_each_possible_cpu(cpu) {
		struct sfp_entry_spare *sp = per_cpu_ptr(&sfp_entry_spares, cpu);

		for (k = 0; k < SFP_N_ENTRY_CLASS; k++) {
			if (sp->e[k])
				kmem_cache_free(sfp_entry_slabs[k], sp->e[k]);
			sp->e[k] = NULL;
		}
	}
	for (k = 0; k < SFP_N_ENTRY_CLASS; k++) {
		kmem_cache_destroy(sfp_entry_slabs[k]);
		sfp_entry_slabs[k] = NULL;
	}
}

/**
 * sfp_entry_linked() - whether an entry found under RCU is still cached
 * @c: the cache whose index it was found in
 * @e: the entry
 * @cpu: what @e->cpu was when read before taking @c's FIFO lock of that
 *	CPU, which the caller holds
 *
 * @e may have been unlinked, freed and cached again for another packet,
 * on another CPU or by another proxy device, since it was found. The FIFO
 * lock it is linked under is what keeps it: once that is held and @e is
 * seen linked there, it stays, and its fields are stable. The caller then
 * checks that it still carries the key it was found by.
 *
 * Return: true when @e is linked on @c's FIFO of @cpu.
 */
static bool sfp_entry_linked(const struct sfp_cache *c,
			     const struct sfp_entry *e, unsigned int cpu)
{
	/* the acquire pairs with the release in sfp_cache_insert(): a @dead
	 * cleared by a later life of @e comes with that life's @cpu and @cache
	 */
	return !smp_load_acquire(&e->dead) && READ_ONCE(e->cpu) == cpu &&
	       READ_ONCE(e->cache) == c;
}

/**
 * sfp_entry_lock() - lock the FIFO an entry found under RCU is linked on
 * @c: the cache whose index it was found in
 * @e: the entry
 * @linked: set to whether @e is linked there (see sfp_entry_linked())
 *
 * Context: the datapath (see sfp_dp_dereference()).
 * Return: the FIFO, locked whether or not @e is linked on it.
 */
static struct sfp_cache_cpu *sfp_entry_lock(struct sfp_cache *c,
					    const struct sfp_entry *e,
					    bool *linked)
	__acquires(&cc->lock)
{
	unsigned int cpu = READ_ONCE(e->cpu);
	struct sfp_cache_cpu *cc = per_cpu_ptr(c->cpus, cpu);

	sfp_dp_assert();
	spin_lock(&cc->lock);
	*linked = sfp_entry_linked(c, e, cpu);
	return cc;
}

/*
 * Unlink a linked entry; its CPU's FIFO lock is held. The caller owns it
 * then, and frees it (with bottom halves still off, see sfp_entry_spares).
 */
static void sfp_entry_unlink_locked(struct sfp_cache *c, struct sfp_entry *e)
{
	struct sfp_id_slots *ids;

	WRITE_ONCE(e->dead, 1);
	list_del(&e->fifo);
	if (e->indexed & BIT(SFP_BY_HDR))
		rhltable_remove(&c->tbl, &e->node, sfp_cache_params);
	if (e->indexed & BIT(SFP_BY_ID)) {
		ids = rcu_dereference_bh(c->ids);
		/* an insert may have put a newer entry in the slot already */
		cmpxchg(sfp_ids_slot(ids, e->id),
			RCU_INITIALIZER(e), NULL);
	}
	atomic_dec(&c->entries);
	atomic_sub(e->hdr_len, &c->bytes);
}

/* Unlink and free; no grace period: readers recheck under the lock. */
static void sfp_entry_drop_locked(struct sfp_cache *c, struct sfp_entry *e)
{
	sfp_entry_unlink_locked(c, e);
	sfp_entry_free(e);
}

/*
 * Walks of whole FIFOs (expiry, flush) unlink this many entries per hold
 * of a FIFO lock, with bottom halves off, and reschedule in between: a
 * FIFO may hold millions.
 */
#define SFP_FIFO_BATCH	128

/* Whether a node of a FIFO is a dump cursor rather than an entry. */
static bool sfp_fifo_is_cursor(const struct sfp_cache *c,
			       const struct list_head *p)
{
	return (const void *)p >= (const void *)c->dump_cursors &&
	       (const void *)p < (const void *)(c->dump_cursors +
						SFP_DUMP_CURSORS);
}

/*
 * The oldest entry of a FIFO, whose lock is held, stepping over the
 * cursors of dumps in progress (SFP_DUMP_CURSORS at most).
 */
static struct sfp_entry *sfp_fifo_first(const struct sfp_cache *c,
					struct sfp_cache_cpu *cc)
{
	struct list_head *p;

	for (p = cc->fifo.next; p != &cc->fifo; p = p->next)
		if (!sfp_fifo_is_cursor(c, p))
			return list_entry(p, struct sfp_entry, fifo);
	return NULL;
}

/*
 * Unlink and free up to @max entries from the head of one CPU's FIFO, as
 * long as they satisfy @pred (any entry when NULL), each counted on @why
 * unless that is SFP_STAT_COUNT. Returns how many went: fewer than @max
 * when the FIFO ran out or its head failed @pred. Bottom halves are off
 * for the one call, so walks of a whole FIFO reschedule between calls.
 */
static unsigned int sfp_cache_pop_heads(struct sfp_cache *c, int cpu,
					bool (*pred)(const struct sfp_entry *,
						     unsigned long),
					unsigned long arg, unsigned int max,
					enum sfp_stat why)
{
	struct sfp_cache_cpu *cc = per_cpu_ptr(c->cpus, cpu);
	struct sfp_entry *e;
	unsigned int n;

	spin_lock_bh(&cc->lock);
	for (n = 0; n < max; n++) {
		e = sfp_fifo_first(c, cc);
		if (!e || (pred && !pred(e, arg)))
			break;
		sfp_entry_drop_locked(c, e);
		if (why != SFP_STAT_COUNT)
			sfp_stat_inc(c->owner, why);
	}
	spin_unlock_bh(&cc->lock);
	return n;
}

/*
 * Evict the oldest entry, counted as evicted. The local CPU's list is
 * tried first: its head is the oldest entry that CPU inserted, and
 * usually the oldest overall.
 */
static bool sfp_cache_evict_one(struct sfp_cache *c)
{
	int cpu, self = raw_smp_processor_id();

	if (sfp_cache_pop_heads(c, self, NULL, 0, 1, SFP_STAT_EVICTED))
		return true;
	for_each_possible_cpu(cpu)
		if (cpu != self &&
		    sfp_cache_pop_heads(c, cpu, NULL, 0, 1, SFP_STAT_EVICTED))
			return true;
	return false;
}

/* Whether the linked entry @e holds an ID in @id's slot of @ids. */
static bool sfp_entry_in_slot(const struct sfp_entry *e,
			      const struct sfp_id_slots *ids, u32 id)
{
	return (e->indexed & BIT(SFP_BY_ID)) &&
	       sfp_ids_slot_of(ids, e->id) == sfp_ids_slot_of(ids, id);
}

/*
 * Evict @e, found in @id's slot of @ids under RCU, if it is still cached
 * there (not taken, or reused for a packet whose ID lives elsewhere).
 */
static void sfp_cache_evict_slot(struct sfp_cache *c, struct sfp_entry *e,
				 const struct sfp_id_slots *ids, u32 id)
{
	struct sfp_cache_cpu *cc;
	bool linked;

	cc = sfp_entry_lock(c, e, &linked);
	if (linked && sfp_entry_in_slot(e, ids, id)) {
		sfp_entry_drop_locked(c, e);
		sfp_stat_inc(c->owner, SFP_STAT_EVICTED);
	}
	spin_unlock(&cc->lock);
}

static bool sfp_over_cap(struct sfp_cache *c, const struct sfp_config *cfg,
			 unsigned int extra_bytes)
{
	u32 byte_cap = cfg->cache_bytes ?:
		       cfg->cache_size * sfp_encap_max_hdr(cfg->encap);

	return atomic_read(&c->entries) >= cfg->cache_size ||
	       atomic_read(&c->bytes) + extra_bytes > byte_cap;
}

/* Dumps' cursors are told apart by a number no two dumps share. */
static atomic_long_t sfp_dump_cookies = ATOMIC_LONG_INIT(0);

/* Claim a free cursor of @c for the dump at @pos, or NULL if none is. */
static struct sfp_dump_cursor *sfp_dump_cursor_get(struct sfp_cache *c,
						   struct sfp_cache_dump_pos *pos)
{
	unsigned long cookie;
	unsigned int i;

	do
		cookie = atomic_long_inc_return(&sfp_dump_cookies);
	while (!cookie);
	for (i = 0; i < SFP_DUMP_CURSORS; i++) {
		if (cmpxchg(&c->dump_cursors[i].cookie, 0, cookie))
			continue;
		pos->cursor = i;
		pos->cookie = cookie;
		return &c->dump_cursors[i];
	}
	return NULL;
}

/* Put an unlinked cursor at the head of @cpu's FIFO, or nowhere past it. */
static void sfp_dump_cursor_place(struct sfp_cache *c,
				  struct sfp_dump_cursor *cur, unsigned int cpu)
{
	struct sfp_cache_cpu *cc;

	cur->cpu = cpu;
	if (cpu >= nr_cpu_ids)
		return;
	cc = per_cpu_ptr(c->cpus, cpu);
	spin_lock_bh(&cc->lock);
	list_add(&cur->fifo, &cc->fifo);
	spin_unlock_bh(&cc->lock);
}

/*
 * Report the FIFOs' entries from @cur on, moving it past each entry
 * reported; 1 when @fill stopped, with @cur in front of the entry that
 * did not fit. Entries cached meanwhile go to the tails, behind @cur, and
 * entries taken meanwhile leave the list around it: an entry that stays
 * cached is reported once, however many calls the dump takes.
 */
static int sfp_dump_fifos(struct sfp_cache *c, struct sfp_dump_cursor *cur,
			  int (*fill)(const struct sfp_entry *, void *),
			  void *arg)
{
	struct sfp_cache_cpu *cc;
	struct list_head *p;
	unsigned int n;

	while (cur->cpu < nr_cpu_ids) {
		cc = per_cpu_ptr(c->cpus, cur->cpu);
		spin_lock_bh(&cc->lock);
		for (n = 0; (p = cur->fifo.next) != &cc->fifo; ) {
			/* another dump's cursor, or an entry to report */
			if (!sfp_fifo_is_cursor(c, p)) {
				if (fill(list_entry(p, struct sfp_entry, fifo),
					 arg)) {
					spin_unlock_bh(&cc->lock);
					return 1;
				}
				n++;
			}
			list_move(&cur->fifo, p);
			/* let softirqs in: the cursor holds the place */
			if (n == SFP_FIFO_BATCH) {
				spin_unlock_bh(&cc->lock);
				n = 0;
				spin_lock_bh(&cc->lock);
			}
		}
		list_del(&cur->fifo);
		spin_unlock_bh(&cc->lock);
		sfp_dump_cursor_place(c, cur,
				      cpumask_next(cur->cpu, cpu_possible_mask));
	}
	return 0;
}

/**
 * sfp_cache_dump() - report cached entries: the FIFOs' CPU by CPU, oldest
 *	first, then the ID slots' in slot order
 * @c: the cache
 * @pos: where an earlier call stopped, zeroed for the first call; updated
 * @fill: called for each further entry (under its CPU's lock, or with a
 *	copy of a slot-owned one); stops the walk by returning non-zero
 * @arg: passed to @fill
 *
 * The FIFOs are walked with a cursor, a node of the list that stays where
 * the dump stopped (see struct sfp_dump_cursor), so that a call resumes in
 * constant time, and an entry cached during the whole dump is reported
 * exactly once. The ID slots are walked by index, which is as stable.
 *
 * Context: under rcu_read_lock(), which keeps @c: its device was found on
 * the namespace's list in the same read section.
 * Return: 0 when the walk reached the end, 1 when @fill stopped it (call
 * again with @pos to resume, or end with sfp_cache_dump_end()), -EBUSY
 * when SFP_DUMP_CURSORS dumps of @c are in progress, or -ENOMEM.
 */
int sfp_cache_dump(struct sfp_cache *c, struct sfp_cache_dump_pos *pos,
		   int (*fill)(const struct sfp_entry *, void *), void *arg)
{
	struct sfp_dump_cursor *cur;

	if (pos->stage == SFP_DUMP_START) {
		cur = sfp_dump_cursor_get(c, pos);
		if (!cur)
			return -EBUSY;
		pos->stage = SFP_DUMP_FIFOS;
		sfp_dump_cursor_place(c, cur, cpumask_first(cpu_possible_mask));
	}
	if (pos->stage == SFP_DUMP_FIFOS) {
		cur = &c->dump_cursors[pos->cursor];
		/* not ours: the caller found another cache of the same name */
		if (READ_ONCE(cur->cookie) == pos->cookie) {
			if (sfp_dump_fifos(c, cur, fill, arg))
				return 1;
			/* free only once unlinked: the next owner links it */
			smp_store_release(&cur->cookie, 0);
		}
		pos->cookie = 0;
		pos->stage = SFP_DUMP_IDS;
	}
	return sfp_ids_dump(c, &pos->slot, fill, arg);
}

/**
 * sfp_cache_dump_end() - end a dump that stopped before the end
 * @c: the cache the dump walked
 * @pos: the dump's position; reset to that of a finished dump
 *
 * Unlinks and frees the dump's cursor, if it still has one in @c.
 *
 * Context: as sfp_cache_dump().
 */
void sfp_cache_dump_end(struct sfp_cache *c, struct sfp_cache_dump_pos *pos)
{
	struct sfp_dump_cursor *cur = &c->dump_cursors[pos->cursor];
	struct sfp_cache_cpu *cc;

	if (pos->stage == SFP_DUMP_FIFOS &&
	    READ_ONCE(cur->cookie) == pos->cookie) {
		if (cur->cpu < nr_cpu_ids) {
			cc = per_cpu_ptr(c->cpus, cur->cpu);
			spin_lock_bh(&cc->lock);
			list_del(&cur->fifo);
			spin_unlock_bh(&cc->lock);
			cur->cpu = nr_cpu_ids;
		}
		/* as in sfp_cache_dump(): unlinked before it is free */
		smp_store_release(&cur->cookie, 0);
	}
	pos->cookie = 0;
	pos->stage = SFP_DUMP_IDS;
}

/* The slow half of sfp_cache_gc_kick(). */
void sfp_cache_gc_schedule(struct sfp_cache *c)
{
	schedule_delayed_work(&c->gc, msecs_to_jiffies(10));
}

static void sfp_cache_dup_limit(struct sfp_cache *c,
				const struct sfp_key *key);

/**
 * sfp_fifo_insert() - sfp_cache_insert() of an entry the FIFOs will own
 * @c: the cache
 * @ids: @c's ID slot array, which indexes entries
 * @e: as for sfp_cache_insert(), its ID set if it has one
 * @cfg: the device's configuration (caps)
 * @key: as for sfp_cache_insert()
 *
 * Context: the datapath.
 * Return: 0, or a negative errno when the entry could not be linked.
 */
int sfp_fifo_insert(struct sfp_cache *c, struct sfp_id_slots *ids,
		    struct sfp_entry *e, const struct sfp_config *cfg,
		    const struct sfp_key *key)
{
	bool by_id = e->indexed & BIT(SFP_BY_ID);
	u32 id = by_id ? e->id : 0;
	struct sfp_entry *old = NULL;
	struct sfp_cache_cpu *cc;
	unsigned int cpu;
	bool dup = false;
	int err = 0;

	/* the caller's read section (see sfp_dp_dereference()) keeps the
	 * index, and the slab page of any entry found in it (@old), from
	 * being freed under us for the whole insert
	 */
	sfp_dp_assert();
	/* IDs are handed out round the mask's range: an entry still holding
	 * this one's slot is from a packet a whole range of IDs (or the
	 * slot count) ago, which the function dropped or still holds. Either
	 * way its ID now names the new packet, and keeping it would give the
	 * new packet its header. Unlinked before the cap is checked, so that
	 * it makes the room.
	 */
	if (by_id) {
		old = sfp_dp_dereference(*sfp_ids_slot(ids, id));
		if (old)
			sfp_cache_evict_slot(c, old, ids, id);
		old = NULL;
	}
	while (sfp_over_cap(c, cfg, e->hdr_len))
		if (!sfp_cache_evict_one(c))
			break;

	e->tstamp = jiffies;
	/* before the entry can be found: readers lock the FIFO these name */
	cpu = raw_smp_processor_id();
	WRITE_ONCE(e->cpu, cpu);
	WRITE_ONCE(e->cache, c);
	cc = per_cpu_ptr(c->cpus, cpu);

	spin_lock(&cc->lock);
	if (e->indexed & BIT(SFP_BY_HDR)) {
		err = rhltable_insert(&c->tbl, &e->node, sfp_cache_params);
		/* a key already cached put the entry in front of the old ones */
		dup = !err && rcu_access_pointer(e->node.next);
	}
	if (!err) {
		list_add_tail(&e->fifo, &cc->fifo);
		atomic_inc(&c->entries);
		atomic_add(e->hdr_len, &c->bytes);
		/* linked: readers that wait for this lock may take it now */
		smp_store_release(&e->dead, 0);
		if (by_id)
			old = unrcu_pointer(xchg(sfp_ids_slot(ids, id),
						 RCU_INITIALIZER(e)));
	}
	spin_unlock(&cc->lock);

	/* another CPU filled the slot since it was emptied above */
	if (old)
		sfp_cache_evict_slot(c, old, ids, id);

	if (err) {
		sfp_stat_inc(c->owner, SFP_STAT_ALLOC_FAIL);
		sfp_entry_free(e);
		return err;
	}
	if (dup) {
		sfp_stat_inc(c->owner, SFP_STAT_RX_DUPLICATE);
		sfp_cache_dup_limit(c, key);
	}
	sfp_cache_gc_kick(c);
	return 0;
}

/* Whether the linked entry @e is cached under header key @key, or when
 * @key is NULL under ID @id.
 */
static bool sfp_entry_has_key(const struct sfp_entry *e,
			      const struct sfp_key *key, u32 id)
{
	if (!key)
		return (e->indexed & BIT(SFP_BY_ID)) && e->id == id;
	return (e->indexed & BIT(SFP_BY_HDR)) &&
	       !memcmp(&e->key, key, sizeof(*key));
}

/*
 * Take @e, found under RCU by header key @key (or ID @id, see
 * sfp_entry_has_key()), for a returning packet: unlink it and return it,
 * now the caller's, unless another CPU took, evicted or expired it first,
 * or it was reused for another packet since it was found (then NULL).
 */
static struct sfp_entry *sfp_entry_take(struct sfp_cache *c,
					struct sfp_entry *e,
					const struct sfp_key *key, u32 id)
{
	struct sfp_cache_cpu *cc;
	bool won;

	cc = sfp_entry_lock(c, e, &won);
	won = won && sfp_entry_has_key(e, key, id);
	if (won)
		sfp_entry_unlink_locked(c, e);
	spin_unlock(&cc->lock);
	return won ? e : NULL;
}

/*
 * Lookups of a header key that a busy chain keeps changing under them give
 * up after this many, as a miss, rather than hold the CPU in softirq.
 */
#define SFP_TAKE_TRIES	8

/**
 * sfp_cache_take() - find and remove the oldest entry for a header key
 * @c: the cache
 * @key: the returning packet's header-mode key
 *
 * Context: the datapath: softirq, or bottom halves off.
 * Return: the entry, now the caller's to read and then give back with
 * sfp_cache_put(), or NULL on a miss.
 */
struct sfp_entry *sfp_cache_take(struct sfp_cache *c,
				 const struct sfp_key *key)
{
	struct sfp_entry *e, *oldest, *hit = NULL;
	struct rhlist_head *list, *pos;
	unsigned int tries;

	rcu_read_lock();
	for (tries = 0; !hit && tries < SFP_TAKE_TRIES; tries++) {
		list = rhltable_lookup(&c->tbl, key, sfp_cache_params);
		if (!list)
			break;
		/* new duplicates go to the head of the chain: take the tail */
		oldest = NULL;
		rhl_for_each_entry_rcu(e, pos, list, node)
			oldest = e;
		/* when another CPU took it first, or the walk went astray
		 * through an entry reused meanwhile, look again
		 */
		hit = sfp_entry_take(c, oldest, key, 0);
	}
	rcu_read_unlock();
	return hit;
}

/*
 * Hold a header key to SFP_DUP_MAX cached headers, evicting the oldest:
 * after an insert that found the key cached already, and outside any FIFO
 * lock, since the oldest may be on any CPU's FIFO. Inserts of one key on
 * several CPUs at once may each find the chain over the cap, and each
 * evicts one; a chain is at most SFP_DUP_MAX long, plus the CPUs inserting
 * under its key at the moment. Out of line: only duplicates get here.
 */
static noinline void sfp_cache_dup_limit(struct sfp_cache *c,
					 const struct sfp_key *key)
{
	struct rhlist_head *list, *pos;
	struct sfp_entry *e, *oldest;
	unsigned int tries, n;

	rcu_read_lock();
	for (tries = 0; tries < SFP_TAKE_TRIES; tries++) {
		list = rhltable_lookup(&c->tbl, key, sfp_cache_params);
		oldest = NULL;
		n = 0;
		rhl_for_each_entry_rcu(e, pos, list, node) {
			oldest = e;
			n++;
		}
		if (n <= SFP_DUP_MAX)
			break;
		/* lost to a hit or another eviction: count again */
		e = sfp_entry_take(c, oldest, key, 0);
		if (e) {
			sfp_stat_inc(c->owner, SFP_STAT_RX_DUP_LIMIT);
			sfp_entry_free(e);
		}
	}
	rcu_read_unlock();
}

/**
 * sfp_fifo_take_id() - sfp_cache_take_id() of an entry the FIFOs own
 * @c: the cache
 * @ids: @c's ID slot array, which indexes entries
 * @id: the ID the returning packet carries, non-zero
 *
 * Context: the datapath.
 * Return: as sfp_cache_take().
 */
struct sfp_entry *sfp_fifo_take_id(struct sfp_cache *c,
				   struct sfp_id_slots *ids, u32 id)
{
	struct sfp_entry *e;

	sfp_dp_assert();
	e = sfp_dp_dereference(*sfp_ids_slot(ids, id));
	/* the slot may hold another ID with the same low bits */
	return e ? sfp_entry_take(c, e, NULL, id) : NULL;
}

static bool sfp_entry_expired(const struct sfp_entry *e, unsigned long timeout)
{
	return time_after(jiffies, e->tstamp + timeout);
}

static void sfp_cache_gc_work(struct work_struct *work)
{
	struct sfp_cache *c = container_of(to_delayed_work(work),
					   struct sfp_cache, gc);
	const struct sfp_config *cfg;
	unsigned long timeout, next;
	u32 entries;
	int cpu;

	rcu_read_lock();
	cfg = rcu_dereference(c->owner->cfg);
	timeout = msecs_to_jiffies(cfg->cache_timeout_ms);
	rcu_read_unlock();

	/* each FIFO is in insertion order: stop at its first young entry */
	for_each_possible_cpu(cpu) {
		while (sfp_cache_pop_heads(c, cpu, sfp_entry_expired, timeout,
					   SFP_FIFO_BATCH, SFP_STAT_EXPIRED) ==
		       SFP_FIFO_BATCH)
			cond_resched();
		cond_resched();
	}
	sfp_ids_expire(c, timeout);

	/* sweep a few times per timeout, every 10 ms to 1 s */
	next = clamp_t(unsigned long, timeout / 4, msecs_to_jiffies(10), HZ);
	sfp_cache_usage(c, &entries, NULL);
	if (entries)
		schedule_delayed_work(&c->gc, next);
}

/**
 * sfp_cache_reindex() - index the FIFOs' entries in a new ID slot array
 * @c: the cache
 * @old: the array that indexed them, replaced by @ids already
 * @ids: the new array, which indexes too
 *
 * Each entry moves under its FIFO lock, so that it cannot be unlinked
 * meanwhile, and packets that the function holds still find their
 * headers. Only a packet cached on another CPU while this runs may miss
 * its entry (it stays on its FIFO until evicted or expired).
 *
 * Context: under RTNL.
 */
void sfp_cache_reindex(struct sfp_cache *c, struct sfp_id_slots *old,
		       struct sfp_id_slots *ids)
{
	struct sfp_cache_cpu *cc;
	struct sfp_entry *e;
	unsigned int cpu;
	u32 i;

	for (i = 0; i < old->n; i++) {
		rcu_read_lock();
		e = rcu_dereference(old->slot[i]);
		if (e) {
			cpu = READ_ONCE(e->cpu);
			cc = per_cpu_ptr(c->cpus, cpu);
			spin_lock_bh(&cc->lock);
			/* a newer entry already in the new slot wins */
			if (sfp_entry_linked(c, e, cpu) &&
			    sfp_ids_slot_of(old, e->id) == i)
				cmpxchg(sfp_ids_slot(ids, e->id), NULL,
					RCU_INITIALIZER(e));
			spin_unlock_bh(&cc->lock);
		}
		rcu_read_unlock();
		if (i % SFP_IDS_WALK_BATCH == SFP_IDS_WALK_BATCH - 1)
			cond_resched();
	}
}

/**
 * sfp_cache_trim() - apply a new configuration to what is cached now
 * @c: the cache
 * @cfg: the configuration just published
 * @ids: from sfp_cache_ids_prepare() for @cfg: NULL or a new ID index,
 *	which is consumed
 *
 * Called under RTNL.
 */
void sfp_cache_trim(struct sfp_cache *c, const struct sfp_config *cfg,
		    struct sfp_id_slots *ids)
{
	unsigned int n;

	if (ids)
		sfp_cache_ids_replace(c, ids);
	/* a smaller cache may leave millions to evict */
	for (n = 1; sfp_over_cap(c, cfg, 0) && sfp_cache_evict_one(c); n++)
		if (n % SFP_FIFO_BATCH == 0)
			cond_resched();
	/* a shorter timeout applies to what is cached now, not after the
	 * sweep that the old timeout scheduled
	 */
	mod_delayed_work(system_wq, &c->gc, 0);
}

/* Drop every entry the FIFOs own; process context, it reschedules. */
void sfp_cache_flush_fifos(struct sfp_cache *c)
{
	int cpu;

	for_each_possible_cpu(cpu)
		while (sfp_cache_pop_heads(c, cpu, NULL, 0, SFP_FIFO_BATCH,
					   SFP_STAT_COUNT) == SFP_FIFO_BATCH)
			cond_resched();
}

/**
 * sfp_cache_flush() - drop every entry
 * @c: the cache
 */
void sfp_cache_flush(struct sfp_cache *c)
{
	sfp_cache_flush_fifos(c);
	sfp_ids_flush(c);
}

/**
 * sfp_cache_usage() - what a cache holds now
 * @c: the cache
 * @entries: set to the number of entries
 * @bytes: set to their header bytes, unless NULL
 */
void sfp_cache_usage(struct sfp_cache *c, u32 *entries, u32 *bytes)
{
	int n = atomic_read(&c->entries), b = atomic_read(&c->bytes);
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct sfp_cache_cpu *cc = per_cpu_ptr(c->cpus, cpu);

		n += READ_ONCE(cc->entries);
		b += READ_ONCE(cc->bytes);
	}
	/* the per-CPU parts are read one by one: a sum may dip below zero */
	*entries = max(n, 0);
	if (bytes)
		*bytes = max(b, 0);
}

/**
 * sfp_cache_init() - set up a proxy device's cache
 * @c: the cache, zeroed
 * @owner: the proxy device, whose configuration is set already
 *
 * Called under RTNL.
 *
 * Return: 0 or -ENOMEM.
 */
int sfp_cache_init(struct sfp_cache *c, struct sfp_dev *owner)
{
	struct sfp_id_slots *ids;
	int cpu, err, k;

	c->owner = owner;
	/* ndo_init runs in the creating request: its sender's memcg */
	c->memcg = get_mem_cgroup_from_mm(current->mm);
	atomic_set(&c->entries, 0);
	atomic_set(&c->bytes, 0);
	atomic_set(&c->next_seq, 0);
	c->sweep.next = 1;	/* the first ID handed out */
	INIT_DELAYED_WORK(&c->gc, sfp_cache_gc_work);
	ids = sfp_cache_ids_prepare(c, sfp_cfg_rtnl(owner));
	if (IS_ERR(ids)) {
		err = PTR_ERR(ids);
		goto err_memcg;
	}
	c->cpus = alloc_percpu_gfp(struct sfp_cache_cpu, GFP_KERNEL_ACCOUNT);
	if (!c->cpus) {
		err = -ENOMEM;
		goto err_ids;
	}
	for_each_possible_cpu(cpu) {
		struct sfp_cache_cpu *cc = per_cpu_ptr(c->cpus, cpu);

		spin_lock_init(&cc->lock);
		INIT_LIST_HEAD(&cc->fifo);
	}
	for (k = 0; k < SFP_DUMP_CURSORS; k++) {
		INIT_LIST_HEAD(&c->dump_cursors[k].fifo);
		c->dump_cursors[k].cookie = 0;
		c->dump_cursors[k].cpu = nr_cpu_ids;
	}
	err = rhltable_init(&c->tbl, &sfp_cache_params);
	if (err)
		goto err_free;
	RCU_INIT_POINTER(c->ids, ids);
	return 0;

err_free:
	free_percpu(c->cpus);
	c->cpus = NULL;
err_ids:
	kvfree(ids);
err_memcg:
	mem_cgroup_put(c->memcg);
	c->memcg = NULL;
	return err;
}

/* Called once no packet can reach the device any more. */
void sfp_cache_destroy(struct sfp_cache *c)
{
	if (!c->cpus)
		return;
	cancel_delayed_work_sync(&c->gc);
	sfp_cache_flush(c);
	rhltable_destroy(&c->tbl);
	/* nothing can look at the indexes any more: the entries went with
	 * the flush, and their slab pages outlast any late reader
	 */
	kvfree(rcu_dereference_protected(c->ids, true));
	RCU_INIT_POINTER(c->ids, NULL);
	free_percpu(c->cpus);
	c->cpus = NULL;
	/* entries still charged to it (spares) keep it alive on their own */
	mem_cgroup_put(c->memcg);
	c->memcg = NULL;
}
