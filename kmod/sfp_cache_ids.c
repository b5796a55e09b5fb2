// SPDX-License-Identifier: GPL-2.0
/*
 * sfcproxy: the ID slot array (see sfp_cache.h for the design): how IDs
 * are numbered and name their slots, how the array is replaced when the
 * configuration changes, and, in key mode id, the array as the owner of
 * the cache's entries: their expiry, flush and dump here, their per-packet
 * insert and take inline in sfp_cache_dp.h.
 *
 * Owned entries need no lock. A slot is filled by an exchange, which
 * publishes a fully written entry and hands the inserting CPU whatever the
 * slot held before (to evict), and emptied by an exchange or a
 * compare-and-exchange, after which the CPU that emptied it owns the entry.
 * Readers load a slot on the datapath or under RCU; the entry they find
 * may be taken, freed and reused meanwhile (its slab is
 * SLAB_TYPESAFE_BY_RCU, see sfp_cache.h), so what they read of it before
 * owning it is only a hint, checked again once it is theirs.
 */
#include <linux/jiffies.h>
#include <linux/slab.h>

#include "sfp.h"
#include "sfp_cache.h"
#include "sfp_cache_dp.h"

/**
 * sfp_ids_unclaim() - put back an entry claimed from the wrong life
 * @c: the cache
 * @slot: the slot it was claimed from
 * @e: the entry, found to carry a later packet's ID than the one looked
 *	for (it was taken and reused for a newer ID of this slot meanwhile)
 *
 * If a newer entry has filled the slot since, it would have evicted @e had
 * @e been there: evict it now. Out of line: the datapath meets this only
 * in a race.
 */
void sfp_ids_unclaim(struct sfp_cache *c, struct sfp_entry __rcu **slot,
		     struct sfp_entry *e)
{
	if (cmpxchg(slot, NULL, RCU_INITIALIZER(e)))
		sfp_ids_release(c, e, SFP_STAT_EVICTED);
}

static bool sfp_ids_expired(const struct sfp_entry *e, unsigned long timeout)
{
	return time_after(jiffies, READ_ONCE(e->tstamp) + timeout);
}

/* Free @e, found in @slot, if it is still there and idle past @timeout. */
static void sfp_ids_expire_one(struct sfp_cache *c,
			       struct sfp_entry __rcu **slot,
			       struct sfp_entry *e, unsigned long timeout)
{
	local_bh_disable();
	if (sfp_ids_claim(slot, e)) {
		if (sfp_ids_expired(e, timeout))
			sfp_ids_release(c, e, SFP_STAT_EXPIRED);
		else
			sfp_ids_unclaim(c, slot, e);
	}
	local_bh_enable();
}

/*
 * How many of the @run slots from @slot are empty. Most are, in a cache
 * whose packets come back: the sweep passes over them in this tight loop,
 * which is what its share of the per-packet cost mostly is.
 */
static u32 sfp_ids_empty_run(struct sfp_entry __rcu **slot, u32 run)
{
	u32 k;

	for (k = 0; k < run && !rcu_access_pointer(slot[k]); k++)
		;
	return k;
}

/*
 * Expire what the sequence numbers from sweep->next to @last put in the
 * slots, all handed out more than a timeout ago. Stops early at an entry
 * of its own sequence number that is not idle long enough yet (inserted
 * just after its number was handed out, or under the same ID one ID space
 * later), to come back to it; an entry that a later number put in the
 * slot is walked with that number. Only the last slot count of numbers
 * can still have entries: the ring has put newer ones over the rest.
 */
static void sfp_ids_expire_range(struct sfp_cache *c, unsigned long timeout,
				 u32 last)
{
	struct sfp_ids_sweep *sw = &c->sweep;
	struct sfp_id_slots *ids, *walked;
	u32 seq = sw->next, pos, i, run, skip;
	struct sfp_entry *e;
	bool stop = false;

	rcu_read_lock();
	walked = rcu_dereference(c->ids);
	if (!walked->owns) {
		seq = last + 1;
		goto out;
	}
	if ((s32)(last - seq) >= (s32)walked->n)
		seq = last - walked->n + 1;
	while (!stop && (s32)(last - seq) >= 0) {
		ids = rcu_dereference(c->ids);
		if (ids != walked)
			break;		/* replaced: see sfp_cache_ids_replace() */
		/* per batch, not per number: wrong across the wrap of the
		 * 32-bit sequence at most, for one batch, once in 4 G packets
		 */
		pos = sfp_ids_slot_of(ids, sfp_ids_of_seq(ids, seq));
		for (i = 0; i < SFP_IDS_WALK_BATCH && (s32)(last - seq) >= 0;) {
			run = min3(SFP_IDS_WALK_BATCH - i, last - seq + 1,
				   ids->n - pos);
			skip = sfp_ids_empty_run(&ids->slot[pos], run);
			seq += skip;
			i += skip;
			pos += skip;
			if (pos == ids->n)
				pos = 0;
			if (skip == run)
				continue;
			e = rcu_dereference(ids->slot[pos]);
			if (e && sfp_ids_expired(e, timeout)) {
				sfp_ids_expire_one(c, &ids->slot[pos], e,
						   timeout);
			} else if (e && READ_ONCE(e->id) ==
					sfp_ids_of_seq(ids, seq)) {
				stop = true;
				break;
			}
			seq++;
			i++;
			if (++pos == ids->n)
				pos = 0;
		}
		rcu_read_unlock();
		cond_resched();
		rcu_read_lock();
	}
out:
	rcu_read_unlock();
	sw->next = seq;
}

/* Expire the idle entries of every slot (after the array was replaced). */
static void sfp_ids_expire_all(struct sfp_cache *c, unsigned long timeout)
{
	struct sfp_id_slots *ids;
	struct sfp_entry *e;
	bool more = true;
	u32 i = 0, k;

	while (more) {
		rcu_read_lock();
		ids = rcu_dereference(c->ids);
		more = ids->owns;
		for (k = 0; more && k < SFP_IDS_WALK_BATCH; k++, i++) {
			more = i < ids->n;
			e = more ? rcu_dereference(ids->slot[i]) : NULL;
			if (e && sfp_ids_expired(e, timeout))
				sfp_ids_expire_one(c, &ids->slot[i], e,
						   timeout);
		}
		rcu_read_unlock();
		cond_resched();
	}
}

/**
 * sfp_ids_expire() - free the owned entries idle for longer than @timeout
 * @c: the cache
 * @timeout: in jiffies
 *
 * Expiry must not walk every slot each sweep: the array has a slot per
 * cache entry however few are cached, and the sweeps run every 10 ms to
 * 1 s while anything is. So each sweep notes the sequence number it saw,
 * no more often than four times per timeout, and walks only the slots of
 * the numbers handed out since the last walk and before the newest note
 * older than the timeout: about one slot per packet in all, once each.
 * An array replacement puts entries in slots their numbers do not name;
 * they are all idle past the timeout once a timeout has passed, and one
 * walk of every slot then finds them.
 *
 * Context: the cache's gc work; takes the RCU read lock itself.
 */
void sfp_ids_expire(struct sfp_cache *c, unsigned long timeout)
{
	struct sfp_ids_sweep *sw = &c->sweep;
	unsigned long now = jiffies;
	unsigned int k, m;

	m = (sw->marks - 1) % SFP_IDS_SWEEP_MARKS;
	if (!sw->marks || time_after_eq(now, sw->mark_time[m] + timeout / 4)) {
		m = sw->marks++ % SFP_IDS_SWEEP_MARKS;
		sw->mark_time[m] = now;
		sw->mark_seq[m] = (u32)atomic_read(&c->next_seq);
	}
	if (sw->replaced && time_after(now, sw->replaced_at + timeout)) {
		sw->replaced = false;
		sfp_ids_expire_all(c, timeout);
	}
	/* the newest note older than the timeout */
	for (k = 0; k < min(sw->marks, SFP_IDS_SWEEP_MARKS); k++) {
		m = (sw->marks - 1 - k) % SFP_IDS_SWEEP_MARKS;
		if (time_after(now, sw->mark_time[m] + timeout)) {
			sfp_ids_expire_range(c, timeout, sw->mark_seq[m]);
			break;
		}
	}
}

/**
 * sfp_ids_flush() - free every owned entry
 * @c: the cache
 *
 * Context: process; takes the RCU read lock itself.
 */
void sfp_ids_flush(struct sfp_cache *c)
{
	struct sfp_id_slots *ids;
	struct sfp_entry *e;
	bool more = true;
	u32 i;

	for (i = 0; more; i++) {
		rcu_read_lock();
		ids = rcu_dereference(c->ids);
		more = ids->owns && i < ids->n;
		if (more) {
			e = unrcu_pointer(xchg(&ids->slot[i], NULL));
			if (e) {
				local_bh_disable();
				sfp_ids_release(c, e, SFP_STAT_COUNT);
				local_bh_enable();
			}
		}
		rcu_read_unlock();
		if (i % SFP_IDS_WALK_BATCH == SFP_IDS_WALK_BATCH - 1)
			cond_resched();
	}
}

/*
 * Copy what a dump reports of @e, found in @slot, into @snap. The entry
 * may be taken and reused while it is copied; the copy counts only if @e
 * is still in its slot under the same ID afterwards. An entry's hdr_len
 * always fits the size class it was allocated from, whichever packet's
 * it is read from.
 */
static bool sfp_ids_snapshot(struct sfp_entry __rcu **slot,
			     const struct sfp_entry *e, struct sfp_entry *snap)
{
	snap->id = READ_ONCE(e->id);
	snap->indexed = BIT(SFP_BY_ID);
	snap->tstamp = READ_ONCE(e->tstamp);
	snap->mark_bits = READ_ONCE(e->mark_bits);
	snap->hdr_len = READ_ONCE(e->hdr_len);
	memcpy(snap->hdr, e->hdr, snap->hdr_len);
	smp_rmb();	/* the copies above before the checks below */
	return rcu_access_pointer(*slot) == e && READ_ONCE(e->id) == snap->id;
}

/**
 * sfp_ids_dump() - report the owned entries in slot order
 * @c: the cache
 * @slot: slots an earlier call walked, zero for the first; updated
 * @fill: called with a copy of each further entry; stops the walk by
 *	returning non-zero
 * @arg: passed to @fill
 *
 * Context: under rcu_read_lock().
 * Return: 0 at the end of the slots, 1 when @fill stopped the walk, or
 * -ENOMEM.
 */
int sfp_ids_dump(struct sfp_cache *c, long *slot,
		 int (*fill)(const struct sfp_entry *, void *), void *arg)
{
	struct sfp_id_slots *ids = rcu_dereference(c->ids);
	struct sfp_entry *snap, *e;
	int stopped = 0;
	long i;

	if (!ids->owns)
		return 0;
	snap = kmalloc(struct_size(snap, hdr, SFP_HDR_MAX), GFP_ATOMIC);
	if (!snap)
		return -ENOMEM;
	for (i = *slot; i < ids->n; i++) {
		e = rcu_dereference(ids->slot[i]);
		/* an entry that went while it was copied is not reported */
		if (!e || !sfp_ids_snapshot(&ids->slot[i], e, snap))
			continue;
		if (fill(snap, arg)) {
			stopped = 1;
			break;
		}
	}
	*slot = i;
	kfree(snap);
	return stopped;
}

/**
 * sfp_cache_ids_prepare() - the ID slot array a configuration needs, if new
 * @c: the cache
 * @cfg: the configuration about to be published
 *
 * One slot per cache entry, no more than there are IDs, a single one in
 * key mode header, which has no IDs. Allocates before anything is changed,
 * so that a failure can still refuse the configuration. Hand the result to
 * sfp_cache_trim(), or free it with kvfree() when the configuration is not
 * published after all.
 *
 * Return: NULL when the current array fits, a new empty one, or
 * ERR_PTR(-ENOMEM).
 */
struct sfp_id_slots *sfp_cache_ids_prepare(struct sfp_cache *c,
					   const struct sfp_config *cfg)
{
	struct sfp_id_slots *cur = rtnl_dereference(c->ids);
	u32 id_max = cfg->id_mask >> __ffs(cfg->id_mask);
	bool owns = cfg->key_mode == SFCPROXY_KEY_ID && !cfg->cache_bytes;
	struct sfp_id_slots *ids;
	u32 n = 1;

	if (cfg->key_mode != SFCPROXY_KEY_HEADER)
		n = min(cfg->cache_size, id_max);
	if (cur && cur->n == n && cur->ids == id_max - id_max % n &&
	    cur->owns == owns)
		return NULL;
	/*
	 * Up to 32 MiB at the largest cache size, asked for by whoever may
	 * configure the device, an unprivileged user's namespace included:
	 * charged to the requester's memory cgroup, and at its limit a clean
	 * -ENOMEM (no OOM kill in the cgroup, no allocation-failure splat)
	 * rather than a kill of whatever else the cgroup runs.
	 */
	ids = kvzalloc(struct_size(ids, slot, n),
		       GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL | __GFP_NOWARN);
	if (!ids)
		return ERR_PTR(-ENOMEM);
	ids->n = n;
	ids->n_div = reciprocal_value(n);
	ids->ids = id_max - id_max % n;
	ids->ids_div = reciprocal_value(ids->ids);
	ids->owns = owns;
	return ids;
}

/*
 * Move or free the entries @old owns, now that no insert uses it any more:
 * into @ids if it owns entries too (a newer entry already in a slot there
 * wins), else freed, as a flush would.
 */
static void sfp_ids_drain(struct sfp_cache *c, struct sfp_id_slots *old,
			  struct sfp_id_slots *ids)
{
	struct sfp_entry *e;
	u32 i;

	for (i = 0; i < old->n; i++) {
		e = unrcu_pointer(xchg(&old->slot[i], NULL));
		if (e && ids->owns) {
			if (!cmpxchg(sfp_ids_slot(ids, e->id), NULL,
				     RCU_INITIALIZER(e)))
				continue;
			local_bh_disable();
			sfp_ids_release(c, e, SFP_STAT_EVICTED);
			local_bh_enable();
		} else if (e) {
			local_bh_disable();
			sfp_ids_release(c, e, SFP_STAT_COUNT);
			local_bh_enable();
		}
		if (i % SFP_IDS_WALK_BATCH == SFP_IDS_WALK_BATCH - 1)
			cond_resched();
	}
}

/**
 * sfp_cache_ids_replace() - publish a new ID slot array
 * @c: the cache
 * @ids: from sfp_cache_ids_prepare(); consumed
 *
 * The entries of the old array go over to the new one, so that packets the
 * function holds still find their headers, as long as both arrays index
 * or both own. Between key mode id and the others, what is cached is
 * dropped instead, as by a flush: the headers of one mode are not found by
 * the other.
 *
 * Context: under RTNL.
 */
void sfp_cache_ids_replace(struct sfp_cache *c, struct sfp_id_slots *ids)
{
	struct sfp_id_slots *old = rtnl_dereference(c->ids);

	if (old && (old->owns || ids->owns)) {
		/* the sweep state is the gc work's; sfp_cache_trim() kicks it
		 * again
		 */
		cancel_delayed_work_sync(&c->gc);
		c->sweep.replaced = true;
		c->sweep.replaced_at = jiffies;
	}
	rcu_assign_pointer(c->ids, ids);
	if (!old)
		return;
	if (old->owns) {
		/* an insert that read the old array may still fill a slot
		 * of it: wait for those, then nothing else touches it
		 */
		synchronize_net();
		sfp_ids_drain(c, old, ids);
		kvfree(old);
		return;
	}
	if (ids->owns)
		sfp_cache_flush_fifos(c);
	else
		sfp_cache_reindex(c, old, ids);
	kvfree_rcu(old, rcu);
}
