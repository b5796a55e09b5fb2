// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: the per-device header cache (see sfp_cache.h for the design).
 *
 * Locking: lookups are RCU; an entry is unlinked exactly once, by whoever
 * sets its dead flag under the lock of the CPU whose FIFO holds it (a hit on
 * egress, eviction, expiry or a flush), and freed after a grace period.
 */
#include <linux/jiffies.h>
#include <linux/slab.h>

#include "sfp.h"
#include "sfp_cache.h"

/* one slab per size class, see SFP_HDR_SMALL */
static struct kmem_cache *sfp_entry_small __read_mostly;
static struct kmem_cache *sfp_entry_medium __read_mostly;
static struct kmem_cache *sfp_entry_large __read_mostly;

static struct kmem_cache *sfp_entry_slab(unsigned int hdr_len)
{
	if (hdr_len <= SFP_HDR_SMALL)
		return sfp_entry_small;
	return hdr_len <= SFP_HDR_MEDIUM ? sfp_entry_medium : sfp_entry_large;
}

static const struct rhashtable_params sfp_cache_params[SFP_N_INDEX] = {
	[SFP_BY_ID] = {
		.head_offset		= offsetof(struct sfp_entry, node[SFP_BY_ID]),
		.key_offset		= offsetof(struct sfp_entry, key[SFP_BY_ID]),
		/* tag and ID: the other words of an ID key are always zero,
		 * so hashing and comparing them would be work for nothing
		 */
		.key_len		= 2 * sizeof(u32),
		.automatic_shrinking	= true,
	},
	[SFP_BY_HDR] = {
		.head_offset		= offsetof(struct sfp_entry, node[SFP_BY_HDR]),
		.key_offset		= offsetof(struct sfp_entry, key[SFP_BY_HDR]),
		.key_len		= sizeof(struct sfp_key),
		.automatic_shrinking	= true,
	},
};

int __init sfp_cache_module_init(void)
{
	sfp_entry_small = kmem_cache_create("sfp_entry",
					    sizeof(struct sfp_entry) +
					    SFP_HDR_SMALL, 0, 0, NULL);
	sfp_entry_medium = kmem_cache_create("sfp_entry_medium",
					     sizeof(struct sfp_entry) +
					     SFP_HDR_MEDIUM, 0, 0, NULL);
	sfp_entry_large = kmem_cache_create("sfp_entry_large",
					    sizeof(struct sfp_entry) +
					    SFP_HDR_MAX, 0, 0, NULL);
	if (!sfp_entry_small || !sfp_entry_medium || !sfp_entry_large) {
		sfp_cache_module_exit();
		return -ENOMEM;
	}
	return 0;
}

void sfp_cache_module_exit(void)
{
	kmem_cache_destroy(sfp_entry_small);
	kmem_cache_destroy(sfp_entry_medium);
	kmem_cache_destroy(sfp_entry_large);
}

static void sfp_entry_free(struct sfp_entry *e)
{
	kmem_cache_free(sfp_entry_slab(e->hdr_len), e);
}

static void sfp_entry_free_rcu(struct rcu_head *head)
{
	sfp_entry_free(container_of(head, struct sfp_entry, rcu));
}

/* Called with the entry's CPU lock held; false if someone else won. */
static bool sfp_entry_unlink_locked(struct sfp_cache *c, struct sfp_entry *e)
{
	int i;

	if (e->dead)
		return false;
	e->dead = 1;
	list_del(&e->fifo);
	for (i = 0; i < SFP_N_INDEX; i++)
		if (e->indexed & BIT(i))
			rhltable_remove(&c->tbl[i], &e->node[i],
					sfp_cache_params[i]);
	atomic_dec(&c->entries);
	atomic_sub(e->hdr_len, &c->bytes);
	call_rcu(&e->rcu, sfp_entry_free_rcu);
	return true;
}

static bool sfp_entry_unlink(struct sfp_cache *c, struct sfp_entry *e)
{
	struct sfp_cache_cpu *cc = per_cpu_ptr(c->cpus, e->cpu);
	bool won;

	spin_lock_bh(&cc->lock);
	won = sfp_entry_unlink_locked(c, e);
	spin_unlock_bh(&cc->lock);
	return won;
}

/*
 * Unlink the head of one CPU's FIFO if it satisfies @pred. Returns true if
 * an entry went. The local CPU's list is tried first: its head is the
 * oldest entry that CPU inserted, and usually the oldest overall.
 */
static bool sfp_cache_pop_head(struct sfp_cache *c, int cpu,
			       bool (*pred)(const struct sfp_entry *, unsigned long),
			       unsigned long arg)
{
	struct sfp_cache_cpu *cc = per_cpu_ptr(c->cpus, cpu);
	struct sfp_entry *e;
	bool done = false;

	spin_lock_bh(&cc->lock);
	e = list_first_entry_or_null(&cc->fifo, struct sfp_entry, fifo);
	if (e && (!pred || pred(e, arg)))
		done = sfp_entry_unlink_locked(c, e);
	spin_unlock_bh(&cc->lock);
	return done;
}

static bool sfp_cache_evict_one(struct sfp_cache *c)
{
	int cpu, self = raw_smp_processor_id();

	if (sfp_cache_pop_head(c, self, NULL, 0))
		return true;
	for_each_possible_cpu(cpu)
		if (cpu != self && sfp_cache_pop_head(c, cpu, NULL, 0))
			return true;
	return false;
}

/* Unlink every entry cached under the ID key @key (counted as evicted). */
static void sfp_cache_evict_id(struct sfp_cache *c, const struct sfp_key *key)
{
	struct rhlist_head *list, *pos;
	struct sfp_entry *e;

	rcu_read_lock();
	list = rhltable_lookup(&c->tbl[SFP_BY_ID], key,
			       sfp_cache_params[SFP_BY_ID]);
	rhl_for_each_entry_rcu(e, pos, list, node[SFP_BY_ID])
		if (sfp_entry_unlink(c, e))
			sfp_stat_inc(c->owner, SFP_STAT_EVICTED);
	rcu_read_unlock();
}

static bool sfp_over_cap(struct sfp_cache *c, const struct sfp_config *cfg,
			 unsigned int extra_bytes)
{
	u32 byte_cap = cfg->cache_bytes ?:
		       cfg->cache_size * sfp_encap_max_hdr(cfg->encap);

	return atomic_read(&c->entries) >= cfg->cache_size ||
	       atomic_read(&c->bytes) + extra_bytes > byte_cap;
}

/**
 * sfp_cache_alloc() - a new, unlinked entry
 * @c: the cache
 * @hdr_len: bytes of header it will hold, at most SFP_HDR_MAX; set in the
 *	entry, and not to be changed (it selects the slab to free to)
 *
 * Return: the entry, or NULL (counted as alloc_fail).
 */
struct sfp_entry *sfp_cache_alloc(struct sfp_cache *c, unsigned int hdr_len)
{
	struct sfp_entry *e;

	e = kmem_cache_alloc(sfp_entry_slab(hdr_len), GFP_ATOMIC);
	if (!e) {
		sfp_stat_inc(c->owner, SFP_STAT_ALLOC_FAIL);
		return NULL;
	}
	e->hdr_len = hdr_len;
	return e;
}

/**
 * sfp_cache_free() - give back an entry that was never inserted
 * @e: entry from sfp_cache_alloc()
 */
void sfp_cache_free(struct sfp_entry *e)
{
	sfp_entry_free(e);
}

/**
 * sfp_cache_dump() - report cached entries, in FIFO order per CPU
 * @c: the cache
 * @skip: entries already reported by an earlier call
 * @fill: called for each further entry under its CPU's lock; stops the
 *	walk by returning non-zero
 * @arg: passed to @fill
 *
 * Return: the number of entries walked past, @skip included, so that the
 * next call can resume after them.
 */
long sfp_cache_dump(struct sfp_cache *c, long skip,
		    int (*fill)(const struct sfp_entry *, void *), void *arg)
{
	struct sfp_entry *e;
	long idx = 0;
	int cpu;

	for_each_possible_cpu(cpu) {
		struct sfp_cache_cpu *cc = per_cpu_ptr(c->cpus, cpu);

		spin_lock_bh(&cc->lock);
		list_for_each_entry(e, &cc->fifo, fifo) {
			if (idx++ < skip)
				continue;
			if (fill(e, arg)) {
				spin_unlock_bh(&cc->lock);
				return idx - 1;
			}
		}
		spin_unlock_bh(&cc->lock);
	}
	return idx;
}

/**
 * sfp_cache_insert() - cache a header, evicting the oldest when full
 * @c: the cache
 * @e: entry from sfp_cache_alloc() with @indexed, its keys, header and
 *	mark bits filled in
 * @cfg: the device's configuration (caps)
 *
 * Consumes @e in every case.
 *
 * Return: 0, or a negative errno when the entry could not be linked.
 */
int sfp_cache_insert(struct sfp_cache *c, struct sfp_entry *e,
		     const struct sfp_config *cfg)
{
	struct sfp_cache_cpu *cc;
	bool dup = false;
	int i, err = 0;

	/* IDs are handed out round the mask's range: an entry still holding
	 * this one is from a packet a whole range of IDs ago, which the
	 * function dropped or still holds. Either way its ID now names the
	 * new packet, and keeping it would give the new packet its header.
	 */
	if (e->indexed & BIT(SFP_BY_ID))
		sfp_cache_evict_id(c, &e->key[SFP_BY_ID]);
	while (sfp_over_cap(c, cfg, e->hdr_len)) {
		if (!sfp_cache_evict_one(c))
			break;
		sfp_stat_inc(c->owner, SFP_STAT_EVICTED);
	}

	e->dead = 0;
	e->tstamp = jiffies;
	e->cpu = raw_smp_processor_id();
	cc = per_cpu_ptr(c->cpus, e->cpu);

	spin_lock_bh(&cc->lock);
	for (i = 0; i < SFP_N_INDEX && !err; i++) {
		if (!(e->indexed & BIT(i)))
			continue;
		err = rhltable_insert(&c->tbl[i], &e->node[i],
				      sfp_cache_params[i]);
		if (err && i)
			/* the ID index took it: the entry goes whole or not */
			rhltable_remove(&c->tbl[SFP_BY_ID], &e->node[SFP_BY_ID],
					sfp_cache_params[SFP_BY_ID]);
	}
	if (!err) {
		/* a key already cached put the entry in front of the old ones */
		dup = (e->indexed & BIT(SFP_BY_HDR)) &&
		      rcu_access_pointer(e->node[SFP_BY_HDR].next);
		list_add_tail(&e->fifo, &cc->fifo);
		atomic_inc(&c->entries);
		atomic_add(e->hdr_len, &c->bytes);
	}
	spin_unlock_bh(&cc->lock);

	if (err) {
		sfp_stat_inc(c->owner, SFP_STAT_ALLOC_FAIL);
		sfp_entry_free(e);
		return err;
	}
	if (dup)
		sfp_stat_inc(c->owner, SFP_STAT_RX_DUPLICATE);
	sfp_cache_gc_kick(c);
	return 0;
}

/**
 * sfp_cache_take() - find, copy out and delete the oldest entry for a key
 * @c: the cache
 * @idx: which index @key belongs to
 * @key: the returning packet's key
 * @out: receives the entry's header and mark bits
 *
 * Return: true on a hit.
 */
bool sfp_cache_take(struct sfp_cache *c, enum sfp_index idx,
		    const struct sfp_key *key, struct sfp_taken *out)
{
	struct rhlist_head *list, *pos;
	struct sfp_entry *e, *oldest;
	bool hit = false;

	rcu_read_lock();
	for (;;) {
		list = rhltable_lookup(&c->tbl[idx], key,
				       sfp_cache_params[idx]);
		if (!list)
			break;
		/* new duplicates go to the head of the chain: take the tail */
		oldest = NULL;
		rhl_for_each_entry_rcu(e, pos, list, node[idx])
			oldest = e;
		/* copied before the unlink: once it is won, the entry may
		 * be freed after this RCU section
		 */
		out->mark_bits = oldest->mark_bits;
		out->hdr_len = oldest->hdr_len;
		memcpy(out->hdr, oldest->hdr, out->hdr_len);
		if (sfp_entry_unlink(c, oldest)) {
			hit = true;
			break;
		}
		/* another CPU took it first: look again */
	}
	rcu_read_unlock();
	return hit;
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
	int cpu;

	rcu_read_lock();
	cfg = rcu_dereference(c->owner->cfg);
	timeout = msecs_to_jiffies(cfg->cache_timeout_ms);
	rcu_read_unlock();

	/* each FIFO is in insertion order: stop at its first young entry */
	for_each_possible_cpu(cpu) {
		while (sfp_cache_pop_head(c, cpu, sfp_entry_expired, timeout))
			sfp_stat_inc(c->owner, SFP_STAT_EXPIRED);
		cond_resched();
	}

	/* sweep a few times per timeout, every 10 ms to 1 s */
	next = clamp_t(unsigned long, timeout / 4, msecs_to_jiffies(10), HZ);
	if (atomic_read(&c->entries))
		schedule_delayed_work(&c->gc, next);
}

/**
 * sfp_cache_gc_kick() - make sure expiry runs while entries exist
 * @c: the cache
 */
void sfp_cache_gc_kick(struct sfp_cache *c)
{
	if (!delayed_work_pending(&c->gc))
		schedule_delayed_work(&c->gc, msecs_to_jiffies(10));
}

/**
 * sfp_cache_trim() - apply a new configuration to what is cached now
 * @c: the cache
 * @cfg: the configuration just published
 */
void sfp_cache_trim(struct sfp_cache *c, const struct sfp_config *cfg)
{
	while (sfp_over_cap(c, cfg, 0) && sfp_cache_evict_one(c))
		sfp_stat_inc(c->owner, SFP_STAT_EVICTED);
	/* a shorter timeout applies to what is cached now, not after the
	 * sweep that the old timeout scheduled
	 */
	mod_delayed_work(system_wq, &c->gc, 0);
}

/**
 * sfp_cache_flush() - drop every entry
 * @c: the cache
 */
void sfp_cache_flush(struct sfp_cache *c)
{
	int cpu;

	for_each_possible_cpu(cpu)
		while (sfp_cache_pop_head(c, cpu, NULL, 0))
			;
}

int sfp_cache_init(struct sfp_cache *c, struct sfp_dev *owner)
{
	int cpu, err;

	c->owner = owner;
	atomic_set(&c->entries, 0);
	atomic_set(&c->bytes, 0);
	INIT_DELAYED_WORK(&c->gc, sfp_cache_gc_work);
	c->cpus = alloc_percpu(struct sfp_cache_cpu);
	if (!c->cpus)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		struct sfp_cache_cpu *cc = per_cpu_ptr(c->cpus, cpu);

		spin_lock_init(&cc->lock);
		INIT_LIST_HEAD(&cc->fifo);
	}
	err = rhltable_init(&c->tbl[SFP_BY_ID], &sfp_cache_params[SFP_BY_ID]);
	if (err)
		goto err_free;
	err = rhltable_init(&c->tbl[SFP_BY_HDR], &sfp_cache_params[SFP_BY_HDR]);
	if (err) {
		rhltable_destroy(&c->tbl[SFP_BY_ID]);
		goto err_free;
	}
	return 0;

err_free:
	free_percpu(c->cpus);
	c->cpus = NULL;
	return err;
}

/* Called once no packet can reach the device any more. */
void sfp_cache_destroy(struct sfp_cache *c)
{
	if (!c->cpus)
		return;
	cancel_delayed_work_sync(&c->gc);
	sfp_cache_flush(c);
	rhltable_destroy(&c->tbl[SFP_BY_ID]);
	rhltable_destroy(&c->tbl[SFP_BY_HDR]);
	free_percpu(c->cpus);
	c->cpus = NULL;
}
