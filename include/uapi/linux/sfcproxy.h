/* SPDX-License-Identifier: (GPL-2.0 WITH Linux-syscall-note) OR MIT */
/*
 * sfcproxy - per-packet caching SFC proxy for SFC-unaware network functions.
 *
 * This header is the contract between the kernel module (sfcproxy.ko) and any
 * user-space program that drives it, the `sfcproxy` tool first among them.
 *
 * Objects
 * =======
 *
 * Proxy device: a netdev of rtnl_link kind "sfcproxy". It is bound to a lower
 * device (where encapsulated traffic arrives) and to an encapsulation. Its
 * lifecycle goes through rtnetlink like any other link:
 *
 *	ip link add sfp0 link eth0 type sfcproxy
 *	ip link del sfp0
 *
 * A device created without configuration gets the defaults below (MPLS, no
 * labels, pop 1, key auto, id-mask 0xffff0000, 4096 entries, 1000 ms, miss
 * drop). The same SFCPROXY_DEV_A_* attributes are accepted in
 * IFLA_INFO_DATA on RTM_NEWLINK/RTM_CHANGELINK (so a device can be created
 * fully configured in one atomic request) and on SFCPROXY_CMD_DEV_SET over
 * the generic netlink family; both paths validate with one policy.
 *
 * Generic netlink family
 * ======================
 *
 * Name SFCPROXY_GENL_NAME, version SFCPROXY_GENL_VERSION. The family is
 * netns-aware: every request acts on the caller's network namespace. Every
 * command that changes state requires CAP_NET_ADMIN in the user namespace
 * owning that network namespace. Policies are strict: unknown attributes,
 * wrong lengths and out-of-range values are rejected with an extended ACK
 * message that names the attribute.
 *
 * SFCPROXY_CMD_DEV_GET
 *	doit: identify one device by SFCPROXY_DEV_A_IFINDEX or
 *	SFCPROXY_DEV_A_IFNAME; the reply carries every SFCPROXY_DEV_A_*
 *	configuration attribute plus SFCPROXY_DEV_A_STATS.
 *	dumpit: one such message per proxy device in the namespace. The dump
 *	resumes across several recvmsg() calls.
 *
 * SFCPROXY_CMD_DEV_SET (admin)
 *	Change the configuration of one device, identified as for DEV_GET.
 *	Only the attributes present are changed; the change is applied
 *	atomically (all or nothing). SFCPROXY_DEV_A_LINK cannot be changed.
 *
 * SFCPROXY_CMD_STATS_RESET (admin)
 *	Zero the SFCPROXY_STATS_A_* counters of one device, or of every proxy
 *	device in the namespace when no device is named.
 *
 * SFCPROXY_CMD_CACHE_GET (admin: cached headers are packet contents)
 *	dumpit only: one message per cached header, each carrying
 *	SFCPROXY_DEV_A_IFINDEX, SFCPROXY_DEV_A_IFNAME and a nested
 *	SFCPROXY_DEV_A_CACHE_ENTRY. The
 *	request may name a device to restrict the dump.
 *
 * SFCPROXY_CMD_CACHE_FLUSH (admin)
 *	Drop every cached header of one device, or of every proxy device in
 *	the namespace when no device is named.
 *
 * Multicast group SFCPROXY_MCGRP_EVENTS carries SFCPROXY_CMD_DEV_GET shaped
 * messages whenever a proxy device is created, changed or deleted, with the
 * command field set to SFCPROXY_CMD_DEV_NEW or SFCPROXY_CMD_DEV_DEL.
 */
#ifndef _UAPI_LINUX_SFCPROXY_H
#define _UAPI_LINUX_SFCPROXY_H

#include <linux/types.h>

#define SFCPROXY_GENL_NAME	"sfcproxy"
#define SFCPROXY_GENL_VERSION	1
#define SFCPROXY_MCGRP_EVENTS	"events"

/* rtnl_link kind of proxy devices. */
#define SFCPROXY_LINK_KIND	"sfcproxy"

/* Limits enforced by the policies. */
#define SFCPROXY_MAX_LABELS	16	/* labels identifying one SF */
#define SFCPROXY_MAX_DEPTH	16	/* MPLS label stack entries parsed */
#define SFCPROXY_MPLS_LABEL_MAX	0xfffff	/* 20-bit label */
#define SFCPROXY_CACHE_SIZE_MAX	4194304U	/* entries per device */
#define SFCPROXY_CACHE_TIMEOUT_MAX	(3600U * 1000U)	/* ms */

/**
 * enum sfcproxy_cmd - generic netlink commands
 * @SFCPROXY_CMD_UNSPEC: never used
 * @SFCPROXY_CMD_DEV_GET: get one proxy device or dump all of them
 * @SFCPROXY_CMD_DEV_SET: change a proxy device's configuration (admin)
 * @SFCPROXY_CMD_DEV_NEW: notification only: a proxy device appeared or
 *	changed
 * @SFCPROXY_CMD_DEV_DEL: notification only: a proxy device is gone
 * @SFCPROXY_CMD_STATS_RESET: zero counters (admin)
 * @SFCPROXY_CMD_CACHE_GET: dump cached headers (admin)
 * @SFCPROXY_CMD_CACHE_FLUSH: drop cached headers (admin)
 */
enum sfcproxy_cmd {
	SFCPROXY_CMD_UNSPEC,
	SFCPROXY_CMD_DEV_GET,
	SFCPROXY_CMD_DEV_SET,
	SFCPROXY_CMD_DEV_NEW,
	SFCPROXY_CMD_DEV_DEL,
	SFCPROXY_CMD_STATS_RESET,
	SFCPROXY_CMD_CACHE_GET,
	SFCPROXY_CMD_CACHE_FLUSH,

	__SFCPROXY_CMD_MAX,
	SFCPROXY_CMD_MAX = __SFCPROXY_CMD_MAX - 1
};

/**
 * enum sfcproxy_encap - SFC encapsulation handled by a proxy device
 * @SFCPROXY_ENCAP_UNSPEC: never used
 * @SFCPROXY_ENCAP_MPLS: SR-MPLS label stack, EtherType 0x8847
 * @SFCPROXY_ENCAP_NSH: Network Service Header (RFC 8300), EtherType 0x894F
 * @SFCPROXY_ENCAP_SRV6: outer IPv6 header with Segment Routing Header
 */
enum sfcproxy_encap {
	SFCPROXY_ENCAP_UNSPEC,
	SFCPROXY_ENCAP_MPLS,
	SFCPROXY_ENCAP_NSH,
	SFCPROXY_ENCAP_SRV6,

	__SFCPROXY_ENCAP_MAX,
	SFCPROXY_ENCAP_MAX = __SFCPROXY_ENCAP_MAX - 1
};

/**
 * enum sfcproxy_key_mode - how a returning packet finds its cached header
 * @SFCPROXY_KEY_UNSPEC: never used
 * @SFCPROXY_KEY_ID: a per-packet ID is written into skb->mark under the
 *	device's id-mask on ingress and read back on egress. Survives NAT and
 *	any header rewrite by in-kernel functions; lost across a network
 *	namespace crossing and in user space.
 * @SFCPROXY_KEY_HEADER: a key built from header fields the function does not
 *	change (addresses, IP ID, ports, TCP sequence/ack, RTP SSRC/sequence/
 *	timestamp, ...). Works with user-space functions; not with NAT.
 * @SFCPROXY_KEY_AUTO: ID when the ID bits are present on egress, otherwise
 *	header.
 */
enum sfcproxy_key_mode {
	SFCPROXY_KEY_UNSPEC,
	SFCPROXY_KEY_ID,
	SFCPROXY_KEY_HEADER,
	SFCPROXY_KEY_AUTO,

	__SFCPROXY_KEY_MAX,
	SFCPROXY_KEY_MAX = __SFCPROXY_KEY_MAX - 1
};

/**
 * enum sfcproxy_miss - what egress does with a packet whose header is not
 *	in the cache
 * @SFCPROXY_MISS_UNSPEC: never used
 * @SFCPROXY_MISS_DROP: drop it and count tx_not_cached (default)
 * @SFCPROXY_MISS_PASS: count tx_not_cached and route the bare packet on
 */
enum sfcproxy_miss {
	SFCPROXY_MISS_UNSPEC,
	SFCPROXY_MISS_DROP,
	SFCPROXY_MISS_PASS,

	__SFCPROXY_MISS_MAX,
	SFCPROXY_MISS_MAX = __SFCPROXY_MISS_MAX - 1
};

/**
 * enum sfcproxy_ttl - TTL of the re-attached MPLS label stack
 * @SFCPROXY_TTL_UNSPEC: never used
 * @SFCPROXY_TTL_DEC: the new top label's cached TTL minus one (default);
 *	a packet whose TTL would reach 0 is dropped and counted
 * @SFCPROXY_TTL_COPY: labels go back with the TTL they arrived with
 */
enum sfcproxy_ttl {
	SFCPROXY_TTL_UNSPEC,
	SFCPROXY_TTL_DEC,
	SFCPROXY_TTL_COPY,

	__SFCPROXY_TTL_MAX,
	SFCPROXY_TTL_MAX = __SFCPROXY_TTL_MAX - 1
};

/**
 * enum sfcproxy_dev_attr - proxy device attributes
 *	(genl top level and IFLA_INFO_DATA)
 * @SFCPROXY_DEV_A_UNSPEC: never used
 * @SFCPROXY_DEV_A_IFINDEX: u32, the proxy device's ifindex
 * @SFCPROXY_DEV_A_IFNAME: string, the proxy device's name (IFNAMSIZ)
 * @SFCPROXY_DEV_A_LINK: u32, ifindex of the lower device; reported only, set
 *	at creation through IFLA_LINK
 * @SFCPROXY_DEV_A_ENCAP: u8, enum sfcproxy_encap
 * @SFCPROXY_DEV_A_LABELS: nested, MPLS labels identifying this SF: one
 *	SFCPROXY_LABEL_A_LABEL (u32, 0..SFCPROXY_MPLS_LABEL_MAX) per label, at
 *	most SFCPROXY_MAX_LABELS, no duplicates. Given in a request, the list
 *	replaces the previous one; an empty nest clears it.
 * @SFCPROXY_DEV_A_POP: u8, labels consumed by this SF and not re-attached on
 *	egress, 0..SFCPROXY_MAX_DEPTH (default 1)
 * @SFCPROXY_DEV_A_KEY_MODE: u8, enum sfcproxy_key_mode (default auto)
 * @SFCPROXY_DEV_A_ID_MASK: u32, non-zero mask of skb->mark bits that carry
 *	the per-packet ID (default 0xffff0000)
 * @SFCPROXY_DEV_A_CACHE_SIZE: u32, maximum cached headers,
 *	1..SFCPROXY_CACHE_SIZE_MAX (default 4096)
 * @SFCPROXY_DEV_A_CACHE_TIMEOUT: u32, idle timeout of a cached header in
 *	milliseconds, 1..SFCPROXY_CACHE_TIMEOUT_MAX (default 1000)
 * @SFCPROXY_DEV_A_MISS: u8, enum sfcproxy_miss (default drop)
 * @SFCPROXY_DEV_A_DEPTH: u8, deepest MPLS label stack accepted,
 *	1..SFCPROXY_MAX_DEPTH (default SFCPROXY_MAX_DEPTH); deeper stacks are
 *	counted as rx_too_big
 * @SFCPROXY_DEV_A_TTL: u8, enum sfcproxy_ttl (default dec)
 * @SFCPROXY_DEV_A_CACHE_BYTES: u32, cap on the bytes of headers held in the
 *	cache; 0 means entries * largest header (default 0)
 * @SFCPROXY_DEV_A_STATS: nested enum sfcproxy_stats_attr, reported only
 * @SFCPROXY_DEV_A_CACHE_ENTRY: nested enum sfcproxy_cache_attr, reported
 *	only, in SFCPROXY_CMD_CACHE_GET dumps
 * @SFCPROXY_DEV_A_PAD: padding for 64-bit attributes
 * @SFCPROXY_DEV_A_EGRESS_IFINDEX: u32, how the function's output gets its
 *	header back. 0 (default): the function routes its output into the
 *	proxy device, which looks up the next hop itself. Otherwise the
 *	ifindex of an Ethernet device in the proxy's namespace: the proxy
 *	hooks that device's egress (netfilter NF_NETDEV_EGRESS) and puts the
 *	cached header back into every packet of the chain leaving there, so
 *	the function needs no policy routing. Packets without a cached header
 *	pass the hook untouched (counted as tx_ignored). Proxies hooking the
 *	same device must not share ID bits (SFCPROXY_DEV_A_ID_MASK) unless one
 *	of them uses key mode header. Cleared when that device goes away.
 */
enum sfcproxy_dev_attr {
	SFCPROXY_DEV_A_UNSPEC,
	SFCPROXY_DEV_A_IFINDEX,
	SFCPROXY_DEV_A_IFNAME,
	SFCPROXY_DEV_A_LINK,
	SFCPROXY_DEV_A_ENCAP,
	SFCPROXY_DEV_A_LABELS,
	SFCPROXY_DEV_A_POP,
	SFCPROXY_DEV_A_KEY_MODE,
	SFCPROXY_DEV_A_ID_MASK,
	SFCPROXY_DEV_A_CACHE_SIZE,
	SFCPROXY_DEV_A_CACHE_TIMEOUT,
	SFCPROXY_DEV_A_MISS,
	SFCPROXY_DEV_A_DEPTH,
	SFCPROXY_DEV_A_TTL,
	SFCPROXY_DEV_A_CACHE_BYTES,
	SFCPROXY_DEV_A_STATS,
	SFCPROXY_DEV_A_CACHE_ENTRY,
	SFCPROXY_DEV_A_PAD,
	SFCPROXY_DEV_A_EGRESS_IFINDEX,

	__SFCPROXY_DEV_A_MAX,
	SFCPROXY_DEV_A_MAX = __SFCPROXY_DEV_A_MAX - 1
};

/**
 * enum sfcproxy_label_attr - one entry of SFCPROXY_DEV_A_LABELS
 * @SFCPROXY_LABEL_A_UNSPEC: never used
 * @SFCPROXY_LABEL_A_LABEL: u32, an MPLS label value
 */
enum sfcproxy_label_attr {
	SFCPROXY_LABEL_A_UNSPEC,
	SFCPROXY_LABEL_A_LABEL,

	__SFCPROXY_LABEL_A_MAX,
	SFCPROXY_LABEL_A_MAX = __SFCPROXY_LABEL_A_MAX - 1
};

/**
 * enum sfcproxy_stats_attr - per-device counters (all u64) and cache gauges
 * @SFCPROXY_STATS_A_UNSPEC: never used
 * @SFCPROXY_STATS_A_RX_IGNORED: frames on the lower device that belong to
 *	no proxy device, left untouched
 * @SFCPROXY_STATS_A_RX_SUCCESS: frames whose header was cached and stripped
 * @SFCPROXY_STATS_A_RX_MALFORMED: frames addressed to this device whose
 *	encapsulation could not be parsed, dropped
 * @SFCPROXY_STATS_A_RX_TOO_BIG: headers larger than the configured depth or
 *	byte cap, dropped
 * @SFCPROXY_STATS_A_RX_DUPLICATE: frames whose key was already cached; kept,
 *	in arrival order
 * @SFCPROXY_STATS_A_TX_IGNORED: egress packets not handled (non-IP)
 * @SFCPROXY_STATS_A_TX_NOT_CACHED: egress packets without a cached header
 * @SFCPROXY_STATS_A_TX_SUCCESS: egress packets that got their header back
 * @SFCPROXY_STATS_A_EVICTED: cached headers evicted because the cache was
 *	full
 * @SFCPROXY_STATS_A_EXPIRED: cached headers removed by the idle timeout
 * @SFCPROXY_STATS_A_ALLOC_FAIL: cache entries that could not be allocated
 * @SFCPROXY_STATS_A_TX_TTL_EXPIRED: egress packets whose re-attached top
 *	label's TTL ran out (ttl dec), dropped
 * @SFCPROXY_STATS_A_TX_NO_ROUTE: egress packets with no route for their
 *	inner destination, or one that leads back into the proxy, dropped
 * @SFCPROXY_STATS_A_CACHE_ENTRIES: gauge, headers cached now
 * @SFCPROXY_STATS_A_CACHE_BYTES: gauge, bytes of headers cached now
 * @SFCPROXY_STATS_A_PAD: padding for 64-bit attributes
 */
enum sfcproxy_stats_attr {
	SFCPROXY_STATS_A_UNSPEC,
	SFCPROXY_STATS_A_RX_IGNORED,
	SFCPROXY_STATS_A_RX_SUCCESS,
	SFCPROXY_STATS_A_RX_MALFORMED,
	SFCPROXY_STATS_A_RX_TOO_BIG,
	SFCPROXY_STATS_A_RX_DUPLICATE,
	SFCPROXY_STATS_A_TX_IGNORED,
	SFCPROXY_STATS_A_TX_NOT_CACHED,
	SFCPROXY_STATS_A_TX_SUCCESS,
	SFCPROXY_STATS_A_EVICTED,
	SFCPROXY_STATS_A_EXPIRED,
	SFCPROXY_STATS_A_ALLOC_FAIL,
	SFCPROXY_STATS_A_TX_TTL_EXPIRED,
	SFCPROXY_STATS_A_TX_NO_ROUTE,
	SFCPROXY_STATS_A_CACHE_ENTRIES,
	SFCPROXY_STATS_A_CACHE_BYTES,
	SFCPROXY_STATS_A_PAD,

	__SFCPROXY_STATS_A_MAX,
	SFCPROXY_STATS_A_MAX = __SFCPROXY_STATS_A_MAX - 1
};

/**
 * enum sfcproxy_cache_attr - one cached header (SFCPROXY_CMD_CACHE_GET)
 * @SFCPROXY_CACHE_A_UNSPEC: never used
 * @SFCPROXY_CACHE_A_KEY: binary, the key the header is stored under
 *	(an ID, or the header-mode key bytes)
 * @SFCPROXY_CACHE_A_KEY_MODE: u8, enum sfcproxy_key_mode of the key
 * @SFCPROXY_CACHE_A_HEADER: binary, the cached header exactly as it arrived
 * @SFCPROXY_CACHE_A_AGE_MS: u32, milliseconds since the header was cached
 *	(in steps of the kernel's tick, 1-10 ms)
 */
enum sfcproxy_cache_attr {
	SFCPROXY_CACHE_A_UNSPEC,
	SFCPROXY_CACHE_A_KEY,
	SFCPROXY_CACHE_A_KEY_MODE,
	SFCPROXY_CACHE_A_HEADER,
	SFCPROXY_CACHE_A_AGE_MS,

	__SFCPROXY_CACHE_A_MAX,
	SFCPROXY_CACHE_A_MAX = __SFCPROXY_CACHE_A_MAX - 1
};

#endif /* _UAPI_LINUX_SFCPROXY_H */
