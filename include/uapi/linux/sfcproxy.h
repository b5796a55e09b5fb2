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
 *	request may name a device to restrict the dump. Each device's
 *	entries come CPU by CPU, oldest first, then those of the ID slots. An
 *	entry cached during the whole dump is reported exactly once; one
 *	cached or taken meanwhile may or may not be. At most 8 dumps of one
 *	device's cache run at a time: another fails with EBUSY.
 *
 * SFCPROXY_CMD_CACHE_FLUSH (admin)
 *	Drop every cached header of one device, or of every proxy device in
 *	the namespace when no device is named.
 *
 * NSH forwarding and classification (per network namespace)
 * ==========================================================
 *
 * NSH frames (EtherType 0x894F) arriving on any device of the namespace,
 * NSH packets a proxy device re-encapsulated, and packets the classifier
 * just encapsulated all go through one forwarding table keyed by the
 * packet's service path (SPI, SI). An entry either sends the frame to a
 * next hop's MAC address on an Ethernet device, hands it to a local proxy
 * device of encap nsh (which is how a proxy device learns which paths are
 * its own), or ends the chain: the NSH is removed and the inner packet is
 * routed by the namespace's FIB. A packet whose path has no entry is
 * dropped and counted (SFCPROXY_NSH_STATS_A_NO_PATH).
 *
 * SFCPROXY_CMD_FWD_GET
 *	doit: the entry named by SFCPROXY_FWD_A_SPI and SFCPROXY_FWD_A_SI.
 *	dumpit: every entry of the namespace, in no particular order.
 *	Both carry SFCPROXY_FWD_A_* including the entry's counters.
 *
 * SFCPROXY_CMD_FWD_NEW (admin)
 *	Add an entry: SFCPROXY_FWD_A_SPI, SFCPROXY_FWD_A_SI and
 *	SFCPROXY_FWD_A_ACTION, plus SFCPROXY_FWD_A_IFINDEX (next hop and proxy)
 *	and SFCPROXY_FWD_A_MAC (next hop). An existing entry for the path is
 *	an error (EEXIST) unless the request has SFCPROXY_FWD_A_REPLACE.
 *	(A flag attribute, not NLM_F_REPLACE: that bit is NLM_F_ROOT, which
 *	generic netlink refuses on strictly validated commands.)
 *
 * SFCPROXY_CMD_FWD_DEL (admin)
 *	Remove the entry named by SFCPROXY_FWD_A_SPI and SFCPROXY_FWD_A_SI, or
 *	every entry when neither is given. Entries that name a device go away
 *	with that device.
 *
 * SFCPROXY_CMD_NSH_STATS_GET
 *	doit: the namespace's NSH forwarder counters, nested in
 *	SFCPROXY_FWD_A_STATS (enum sfcproxy_nsh_stats_attr).
 *
 * SFCPROXY_CMD_CLS_GET
 *	dumpit: the classifier rules of the namespace, in match order.
 *
 * SFCPROXY_CMD_CLS_NEW (admin)
 *	Add a rule at the end of the list. Its match (SFCPROXY_CLS_A_FAMILY,
 *	_SRC/_SRC_LEN, _DST/_DST_LEN, _PROTO, _SPORT, _DPORT; absent means
 *	"any") identifies it: a rule with the same match is an error (EEXIST)
 *	unless the request has SFCPROXY_CLS_A_REPLACE, which replaces the
 *	rule in place. The action is the NSH to push: SFCPROXY_CLS_A_SPI, _SI, and
 *	optionally _TTL and the metadata (_MD1_CTX, or _MD2_TLVS).
 *
 * SFCPROXY_CMD_CLS_DEL (admin)
 *	Remove the rule with the given match, or every rule when the request
 *	has no match attribute at all.
 *
 * The classifier looks at IPv4 and IPv6 packets arriving at the namespace
 * (netfilter PRE_ROUTING, after defragmentation, before connection
 * tracking): the first rule that matches pushes its NSH and hands the
 * packet to the forwarding table. Packets no rule matches continue
 * untouched. The hooks are registered while the namespace has rules.
 *
 * SRv6 SID table (per network namespace)
 * ======================================
 *
 * IPv6 packets arriving at the namespace whose destination address matches
 * a SID of the table (exact /128 entries first, then the longest prefix)
 * get the SID's behaviour; every other packet costs one lookup and goes on
 * untouched. The table is reached from a netfilter PRE_ROUTING hook
 * (registered while the table has entries), because a module cannot add a
 * seg6local action. The SRH must follow the IPv6 header directly.
 *
 * SFCPROXY_CMD_SID_GET
 *	doit: the SID named by SFCPROXY_SID_A_ADDR and SFCPROXY_SID_A_PREFIX_LEN;
 *	dumpit: every SID of the namespace. Both carry the SID's counters.
 *
 * SFCPROXY_CMD_SID_NEW (admin)
 *	Add a SID: SFCPROXY_SID_A_ADDR, optional SFCPROXY_SID_A_PREFIX_LEN
 *	(default 128), SFCPROXY_SID_A_BEHAVIOR and SFCPROXY_SID_A_IFINDEX (a
 *	proxy device of encap srv6, bound to at most one SID). End.AS also
 *	needs SFCPROXY_SID_A_SRC and SFCPROXY_SID_A_SEGS. An existing SID is
 *	EEXIST unless SFCPROXY_SID_A_REPLACE is given.
 *
 * SFCPROXY_CMD_SID_DEL (admin)
 *	Remove the named SID, or every SID when none is named. SIDs go with
 *	their device, and an End.VNF SID's flow records go with the SID.
 *
 * End.VNF (SRv6Pipes): a TCP packet whose SRH has SL > 0 gets DA = the
 * final segment (Segment List[0]) and SL = 0 and is received again on the
 * SID's device (SFCPROXY_SID_A_IFINDEX, any device, e.g. a dummy "nfv0"),
 * where a TPROXY rule can hand it to a local listener. Packets of other
 * protocols get End: SL - 1, DA = the next segment, and are routed. For a
 * SYN (without ACK) the module records the flow: its addresses and ports
 * after the rewrite, the SRH as it arrived, the SID's function and
 * parameter bits and the value of the return-path TLV, if the SRH has one.
 * A record lives until the flow has been quiet for the SID's flow timeout.
 *
 * SFCPROXY_CMD_FLOW_GET (admin)
 *	doit: the record of SFCPROXY_FLOW_A_SADDR, _DADDR, _SPORT and _DPORT
 *	(the client's address and port, the server's); dumpit: every record
 *	of the namespace.
 *
 * Return-path TLV: type SFCPROXY_RETPATH_TLV_DEFAULT (from the range RFC
 * 8754 leaves for experiments, and below 128, so it must not change en
 * route) unless the SID names another (SRv6Pipes used 6); its value is the
 * segment list for the way back, 16 bytes per segment, in SRH order
 * (the last segment visited first). The module reports the value as is.
 *
 * Multicast group SFCPROXY_MCGRP_EVENTS carries SFCPROXY_CMD_DEV_GET shaped
 * messages whenever a proxy device is created, changed or deleted, with the
 * command field set to SFCPROXY_CMD_DEV_NEW or SFCPROXY_CMD_DEV_DEL.
 * Multicast group SFCPROXY_MCGRP_FLOWS (joining it needs CAP_NET_ADMIN:
 * records carry clients' paths) carries SFCPROXY_CMD_FLOW_GET shaped
 * messages with the command field SFCPROXY_CMD_FLOW_NEW when End.VNF
 * records a new flow.
 */
#ifndef _UAPI_LINUX_SFCPROXY_H
#define _UAPI_LINUX_SFCPROXY_H

#include <linux/types.h>

#define SFCPROXY_GENL_NAME	"sfcproxy"
#define SFCPROXY_GENL_VERSION	1
#define SFCPROXY_MCGRP_EVENTS	"events"
#define SFCPROXY_MCGRP_FLOWS	"flows"

/* rtnl_link kind of proxy devices. */
#define SFCPROXY_LINK_KIND	"sfcproxy"

/* Limits enforced by the policies. */
#define SFCPROXY_MAX_LABELS	16	/* labels identifying one SF */
#define SFCPROXY_MAX_DEPTH	16	/* MPLS label stack entries parsed */
#define SFCPROXY_MPLS_LABEL_MAX	0xfffff	/* 20-bit label */
#define SFCPROXY_CACHE_SIZE_MAX	4194304U	/* entries per device */
#define SFCPROXY_CACHE_TIMEOUT_MAX	(3600U * 1000U)	/* ms */
#define SFCPROXY_NSH_SPI_MAX	0xffffff	/* 24-bit service path id */
#define SFCPROXY_NSH_TTL_MAX	63	/* 6-bit NSH TTL */
#define SFCPROXY_NSH_MD1_CTX_LEN	16	/* MD type 1 fixed context */
#define SFCPROXY_NSH_MD2_MAX	244	/* MD type 2 context headers */
#define SFCPROXY_SRV6_MAX_SEGS	16	/* End.AS configured segments */
#define SFCPROXY_RETPATH_TLV_DEFAULT	124	/* experimental SRH TLV type */
#define SFCPROXY_FLOW_TIMEOUT_DEFAULT	60000U	/* ms of quiet before a
						 * flow record goes
						 */
#define SFCPROXY_PIPE_MAX_FLOWS	65536U	/* End.VNF records per namespace */
#define SFCPROXY_FLOW_LIMIT_DEFAULT	16384U	/* End.VNF records per SID */
#define SFCPROXY_FLOW_RECORD_MAX	512U	/* bytes of SRH and return path
						 * a record keeps at most
						 */
#define SFCPROXY_FLOW_HALF_OPEN_TIMEOUT	3000U	/* ms a SYN's record lives
						 * until its flow's ACK
						 */

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
 * @SFCPROXY_CMD_FWD_GET: get one NSH forwarding entry or dump all of them
 * @SFCPROXY_CMD_FWD_NEW: add or replace an NSH forwarding entry (admin)
 * @SFCPROXY_CMD_FWD_DEL: remove NSH forwarding entries (admin)
 * @SFCPROXY_CMD_NSH_STATS_GET: the namespace's NSH forwarder counters
 * @SFCPROXY_CMD_CLS_GET: dump the classifier rules
 * @SFCPROXY_CMD_CLS_NEW: add or replace a classifier rule (admin)
 * @SFCPROXY_CMD_CLS_DEL: remove classifier rules (admin)
 * @SFCPROXY_CMD_SID_GET: get one SRv6 SID or dump all of them
 * @SFCPROXY_CMD_SID_NEW: add or replace an SRv6 SID (admin)
 * @SFCPROXY_CMD_SID_DEL: remove SRv6 SIDs (admin)
 * @SFCPROXY_CMD_FLOW_GET: get one End.VNF flow record or dump all of them
 *	(admin)
 * @SFCPROXY_CMD_FLOW_NEW: notification only: End.VNF recorded a new flow
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
	SFCPROXY_CMD_FWD_GET,
	SFCPROXY_CMD_FWD_NEW,
	SFCPROXY_CMD_FWD_DEL,
	SFCPROXY_CMD_NSH_STATS_GET,
	SFCPROXY_CMD_CLS_GET,
	SFCPROXY_CMD_CLS_NEW,
	SFCPROXY_CMD_CLS_DEL,
	SFCPROXY_CMD_SID_GET,
	SFCPROXY_CMD_SID_NEW,
	SFCPROXY_CMD_SID_DEL,
	SFCPROXY_CMD_FLOW_GET,
	SFCPROXY_CMD_FLOW_NEW,

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
 * @SFCPROXY_STATS_A_TX_TTL_EXPIRED: egress packets whose re-attached
 *	header ran out of hops, dropped: the top MPLS label's TTL (ttl dec),
 *	or the NSH service index or TTL, which egress decrements
 * @SFCPROXY_STATS_A_TX_NO_ROUTE: egress packets with no route for their
 *	inner destination, or one that leads back into the proxy, dropped;
 *	for NSH: no forwarding entry for the decremented path, or the entry
 *	could not deliver
 * @SFCPROXY_STATS_A_CACHE_ENTRIES: gauge, headers cached now
 * @SFCPROXY_STATS_A_CACHE_BYTES: gauge, bytes of headers cached now
 * @SFCPROXY_STATS_A_PAD: padding for 64-bit attributes
 * @SFCPROXY_STATS_A_TX_TOO_BIG: egress packets longer, with their header
 *	back, than the MTU of the device they would leave by, dropped (the
 *	proxy cannot fragment what it encapsulates; see
 *	Documentation/security.md for the MTU to set)
 * @SFCPROXY_STATS_A_RX_DUP_LIMIT: cached headers evicted because a frame
 *	arrived under a header key that had 16 headers cached already (the
 *	per-key cap on duplicates): the oldest of them goes, the frame's own
 *	header is kept. Not counted in SFCPROXY_STATS_A_EVICTED
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
	SFCPROXY_STATS_A_TX_TOO_BIG,
	SFCPROXY_STATS_A_RX_DUP_LIMIT,

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

/**
 * enum sfcproxy_fwd_action - what an NSH forwarding entry does
 * @SFCPROXY_FWD_UNSPEC: never used
 * @SFCPROXY_FWD_NEXT_HOP: send the NSH frame to SFCPROXY_FWD_A_MAC on the
 *	Ethernet device SFCPROXY_FWD_A_IFINDEX (NSH over Ethernet)
 * @SFCPROXY_FWD_PROXY: hand the packet, NSH included, to the local proxy
 *	device SFCPROXY_FWD_A_IFINDEX (encap nsh), which caches the NSH with
 *	its metadata and delivers the inner packet to its function
 * @SFCPROXY_FWD_END: end of the chain: remove the NSH (and an inner
 *	Ethernet header) and route the inner IP packet
 */
enum sfcproxy_fwd_action {
	SFCPROXY_FWD_UNSPEC,
	SFCPROXY_FWD_NEXT_HOP,
	SFCPROXY_FWD_PROXY,
	SFCPROXY_FWD_END,

	__SFCPROXY_FWD_MAX,
	SFCPROXY_FWD_MAX = __SFCPROXY_FWD_MAX - 1
};

/**
 * enum sfcproxy_fwd_attr - NSH forwarding entry attributes
 * @SFCPROXY_FWD_A_UNSPEC: never used
 * @SFCPROXY_FWD_A_SPI: u32, service path identifier,
 *	0..SFCPROXY_NSH_SPI_MAX
 * @SFCPROXY_FWD_A_SI: u8, service index, 1..255
 * @SFCPROXY_FWD_A_ACTION: u8, enum sfcproxy_fwd_action
 * @SFCPROXY_FWD_A_IFINDEX: u32, the output device (next hop) or the proxy
 *	device (proxy)
 * @SFCPROXY_FWD_A_MAC: binary, 6 bytes: the next hop's MAC address
 * @SFCPROXY_FWD_A_PACKETS: u64, packets forwarded by the entry, reported
 *	only
 * @SFCPROXY_FWD_A_BYTES: u64, their bytes (NSH and inner packet), reported
 *	only
 * @SFCPROXY_FWD_A_PAD: padding for 64-bit attributes
 * @SFCPROXY_FWD_A_STATS: nested enum sfcproxy_nsh_stats_attr, reported
 *	only (SFCPROXY_CMD_NSH_STATS_GET)
 * @SFCPROXY_FWD_A_REPLACE: flag: SFCPROXY_CMD_FWD_NEW replaces an existing
 *	entry for the path instead of failing with EEXIST
 */
enum sfcproxy_fwd_attr {
	SFCPROXY_FWD_A_UNSPEC,
	SFCPROXY_FWD_A_SPI,
	SFCPROXY_FWD_A_SI,
	SFCPROXY_FWD_A_ACTION,
	SFCPROXY_FWD_A_IFINDEX,
	SFCPROXY_FWD_A_MAC,
	SFCPROXY_FWD_A_PACKETS,
	SFCPROXY_FWD_A_BYTES,
	SFCPROXY_FWD_A_PAD,
	SFCPROXY_FWD_A_STATS,
	SFCPROXY_FWD_A_REPLACE,

	__SFCPROXY_FWD_A_MAX,
	SFCPROXY_FWD_A_MAX = __SFCPROXY_FWD_A_MAX - 1
};

/**
 * enum sfcproxy_nsh_stats_attr - a namespace's NSH forwarder counters
 *	(all u64)
 * @SFCPROXY_NSH_STATS_A_UNSPEC: never used
 * @SFCPROXY_NSH_STATS_A_RX_MALFORMED: arriving NSH frames that are
 *	truncated, whose length field disagrees with the MD type or the
 *	context headers, or whose next protocol is not IPv4, IPv6 or
 *	Ethernet, dropped
 * @SFCPROXY_NSH_STATS_A_RX_BAD_VERSION: arriving NSH frames of a version
 *	other than 0, dropped
 * @SFCPROXY_NSH_STATS_A_RX_EXPIRED: arriving NSH frames with service index
 *	0 or TTL 0, or passing through to a next hop with TTL 1 (the TTL
 *	this forwarder decrements would reach 0), dropped
 * @SFCPROXY_NSH_STATS_A_NO_PATH: packets whose (SPI, SI) has no forwarding
 *	entry, or whose entry's device cannot take them, dropped
 * @SFCPROXY_NSH_STATS_A_NO_ROUTE: end-of-chain packets with no route for
 *	their inner destination, or whose inner packet is not IP, dropped
 * @SFCPROXY_NSH_STATS_A_CLASSIFIED: packets the classifier encapsulated
 * @SFCPROXY_NSH_STATS_A_PAD: padding for 64-bit attributes
 * @SFCPROXY_NSH_STATS_A_TX_TOO_BIG: NSH packets longer than the MTU of the
 *	next hop's device, dropped
 */
enum sfcproxy_nsh_stats_attr {
	SFCPROXY_NSH_STATS_A_UNSPEC,
	SFCPROXY_NSH_STATS_A_RX_MALFORMED,
	SFCPROXY_NSH_STATS_A_RX_BAD_VERSION,
	SFCPROXY_NSH_STATS_A_RX_EXPIRED,
	SFCPROXY_NSH_STATS_A_NO_PATH,
	SFCPROXY_NSH_STATS_A_NO_ROUTE,
	SFCPROXY_NSH_STATS_A_CLASSIFIED,
	SFCPROXY_NSH_STATS_A_PAD,
	SFCPROXY_NSH_STATS_A_TX_TOO_BIG,

	__SFCPROXY_NSH_STATS_A_MAX,
	SFCPROXY_NSH_STATS_A_MAX = __SFCPROXY_NSH_STATS_A_MAX - 1
};

/**
 * enum sfcproxy_cls_attr - classifier rule attributes
 * @SFCPROXY_CLS_A_UNSPEC: never used
 * @SFCPROXY_CLS_A_FAMILY: u8, AF_INET or AF_INET6; absent: both (then no
 *	prefix may be given)
 * @SFCPROXY_CLS_A_SRC: binary, source prefix address (4 or 16 bytes, by
 *	family; bits beyond the prefix length must be 0)
 * @SFCPROXY_CLS_A_SRC_LEN: u8, source prefix length (with _SRC)
 * @SFCPROXY_CLS_A_DST: binary, destination prefix address
 * @SFCPROXY_CLS_A_DST_LEN: u8, destination prefix length (with _DST)
 * @SFCPROXY_CLS_A_PROTO: u8, IP protocol (next header of the fixed IPv6
 *	header); absent or 0: any
 * @SFCPROXY_CLS_A_SPORT: u16, TCP/UDP/SCTP source port; needs _PROTO
 * @SFCPROXY_CLS_A_DPORT: u16, TCP/UDP/SCTP destination port; needs _PROTO
 * @SFCPROXY_CLS_A_SPI: u32, SPI to push, 0..SFCPROXY_NSH_SPI_MAX
 * @SFCPROXY_CLS_A_SI: u8, SI to push, 1..255
 * @SFCPROXY_CLS_A_TTL: u8, NSH TTL to push, 1..SFCPROXY_NSH_TTL_MAX
 *	(default 63)
 * @SFCPROXY_CLS_A_MD1_CTX: binary, SFCPROXY_NSH_MD1_CTX_LEN bytes: push MD
 *	type 1 with this fixed context (default: MD type 1, zero context)
 * @SFCPROXY_CLS_A_MD2_TLVS: binary: push MD type 2 with these context
 *	headers, in wire format (class 16 bits, type 8, reserved bit and
 *	length 7, value zero-padded to 4 bytes), at most SFCPROXY_NSH_MD2_MAX
 *	bytes; may be empty. Excludes _MD1_CTX.
 * @SFCPROXY_CLS_A_PACKETS: u64, packets the rule classified, reported only
 * @SFCPROXY_CLS_A_BYTES: u64, their bytes before encapsulation, reported
 *	only
 * @SFCPROXY_CLS_A_PAD: padding for 64-bit attributes
 * @SFCPROXY_CLS_A_REPLACE: flag: SFCPROXY_CMD_CLS_NEW replaces the rule
 *	with the same match instead of failing with EEXIST
 */
enum sfcproxy_cls_attr {
	SFCPROXY_CLS_A_UNSPEC,
	SFCPROXY_CLS_A_FAMILY,
	SFCPROXY_CLS_A_SRC,
	SFCPROXY_CLS_A_SRC_LEN,
	SFCPROXY_CLS_A_DST,
	SFCPROXY_CLS_A_DST_LEN,
	SFCPROXY_CLS_A_PROTO,
	SFCPROXY_CLS_A_SPORT,
	SFCPROXY_CLS_A_DPORT,
	SFCPROXY_CLS_A_SPI,
	SFCPROXY_CLS_A_SI,
	SFCPROXY_CLS_A_TTL,
	SFCPROXY_CLS_A_MD1_CTX,
	SFCPROXY_CLS_A_MD2_TLVS,
	SFCPROXY_CLS_A_PACKETS,
	SFCPROXY_CLS_A_BYTES,
	SFCPROXY_CLS_A_PAD,
	SFCPROXY_CLS_A_REPLACE,

	__SFCPROXY_CLS_A_MAX,
	SFCPROXY_CLS_A_MAX = __SFCPROXY_CLS_A_MAX - 1
};

/**
 * enum sfcproxy_sid_behavior - what a SID does (draft-ietf-spring-sr-
 *	service-programming SR proxies; values are not seg6local's)
 * @SFCPROXY_SID_UNSPEC: never used
 * @SFCPROXY_SID_END_AD: dynamic proxy, per packet: the outer IPv6 header
 *	and SRH are cached by the proxy device (its key mode applies) and the
 *	inner packet delivered to the function; on return the cached header
 *	goes back on with SL-1 and DA = the next segment
 * @SFCPROXY_SID_END_AS: static proxy: the inner packet is delivered to the
 *	function; on return a configured outer header (SFCPROXY_SID_A_SRC,
 *	SFCPROXY_SID_A_SEGS) is pushed
 * @SFCPROXY_SID_END_AM: masquerading proxy: DA = the last segment (SRH[0]),
 *	SRH kept, delivered to an SR-aware function; on return SL-1 and DA =
 *	the next segment
 * @SFCPROXY_SID_END_VNF: SRv6Pipes' transparent bytestream proxy: TCP gets
 *	DA = the final segment, SL = 0 and is received on the SID's device,
 *	new flows are recorded; other packets get End
 */
enum sfcproxy_sid_behavior {
	SFCPROXY_SID_UNSPEC,
	SFCPROXY_SID_END_AD,
	SFCPROXY_SID_END_AS,
	SFCPROXY_SID_END_AM,
	SFCPROXY_SID_END_VNF,

	__SFCPROXY_SID_MAX,
	SFCPROXY_SID_MAX = __SFCPROXY_SID_MAX - 1
};

/**
 * enum sfcproxy_sid_attr - SRv6 SID attributes
 * @SFCPROXY_SID_A_UNSPEC: never used
 * @SFCPROXY_SID_A_ADDR: binary, 16 bytes: the SID (bits beyond the prefix
 *	length must be 0)
 * @SFCPROXY_SID_A_PREFIX_LEN: u8, 1..128 (default 128); End.VNF: 80..128,
 *	so that 16 function bits and at most 32 parameter bits follow
 * @SFCPROXY_SID_A_BEHAVIOR: u8, enum sfcproxy_sid_behavior
 * @SFCPROXY_SID_A_IFINDEX: u32, the proxy device (encap srv6); for End.VNF
 *	the device packets are received on again (any device but a proxy)
 * @SFCPROXY_SID_A_SRC: binary, 16 bytes: End.AS outer source address
 * @SFCPROXY_SID_A_SEGS: binary, 16 bytes per segment, in the order they
 *	are visited, 1..SFCPROXY_SRV6_MAX_SEGS: End.AS segments after the SID
 * @SFCPROXY_SID_A_PACKETS: u64, packets that matched, reported only
 * @SFCPROXY_SID_A_BYTES: u64, their bytes, reported only
 * @SFCPROXY_SID_A_ERRORS: u64, packets dropped by the behaviour (malformed
 *	SRH, SL 0 for End.AD/AS/AM, inner protocol not IPv4/IPv6, proxy
 *	device down or gone), reported only
 * @SFCPROXY_SID_A_PAD: padding for 64-bit attributes
 * @SFCPROXY_SID_A_REPLACE: flag: SFCPROXY_CMD_SID_NEW replaces an existing
 *	SID instead of failing with EEXIST
 * @SFCPROXY_SID_A_PROTO: u8, End.VNF: the IP protocol handed to the device
 *	(6, TCP, the default and the only one supported)
 * @SFCPROXY_SID_A_RETPATH_TLV: u8, End.VNF: the return-path TLV's type,
 *	1..255 except 4 (PadN) and 5 (HMAC) (default
 *	SFCPROXY_RETPATH_TLV_DEFAULT)
 * @SFCPROXY_SID_A_FLOW_TIMEOUT: u32, End.VNF: ms of quiet after which a
 *	flow record goes, 1000..SFCPROXY_CACHE_TIMEOUT_MAX (default
 *	SFCPROXY_FLOW_TIMEOUT_DEFAULT)
 * @SFCPROXY_SID_A_FLOWS: u64, End.VNF: flow records made, reported only
 * @SFCPROXY_SID_A_FLOWS_FULL: u64, End.VNF: SYNs refused a record because
 *	the SID held SFCPROXY_SID_A_FLOW_LIMIT records or the namespace
 *	SFCPROXY_PIPE_MAX_FLOWS, or the memory cgroup was at its limit (the
 *	packet still goes to the device, unrecorded), reported only
 * @SFCPROXY_SID_A_FLOW_LIMIT: u32, End.VNF: records the SID holds at most,
 *	1..SFCPROXY_PIPE_MAX_FLOWS (default SFCPROXY_FLOW_LIMIT_DEFAULT)
 * @SFCPROXY_SID_A_FLOWS_ACTIVE: u32, End.VNF: records the SID holds now,
 *	half-open ones included, reported only
 * @SFCPROXY_SID_A_FLOWS_HALF_OPEN: u32, End.VNF: of those, records whose
 *	flow has sent nothing but SYNs yet, reported only. A SYN's record
 *	lives SFCPROXY_FLOW_HALF_OPEN_TIMEOUT ms (or the flow timeout, if
 *	shorter) until a packet of its flow with ACK and neither SYN nor RST
 *	promotes it to the flow timeout
 * @SFCPROXY_SID_A_FLOWS_TOO_BIG: u64, End.VNF: SYNs left unrecorded
 *	because their SRH and return path took more than
 *	SFCPROXY_FLOW_RECORD_MAX bytes (the packet still goes to the device),
 *	reported only
 * @SFCPROXY_SID_A_FLOWS_UNANSWERED: u64, End.VNF: half-open records that
 *	went without their flow's ACK, reported only
 */
enum sfcproxy_sid_attr {
	SFCPROXY_SID_A_UNSPEC,
	SFCPROXY_SID_A_ADDR,
	SFCPROXY_SID_A_PREFIX_LEN,
	SFCPROXY_SID_A_BEHAVIOR,
	SFCPROXY_SID_A_IFINDEX,
	SFCPROXY_SID_A_SRC,
	SFCPROXY_SID_A_SEGS,
	SFCPROXY_SID_A_PACKETS,
	SFCPROXY_SID_A_BYTES,
	SFCPROXY_SID_A_ERRORS,
	SFCPROXY_SID_A_PAD,
	SFCPROXY_SID_A_REPLACE,
	SFCPROXY_SID_A_PROTO,
	SFCPROXY_SID_A_RETPATH_TLV,
	SFCPROXY_SID_A_FLOW_TIMEOUT,
	SFCPROXY_SID_A_FLOWS,
	SFCPROXY_SID_A_FLOWS_FULL,
	SFCPROXY_SID_A_FLOW_LIMIT,
	SFCPROXY_SID_A_FLOWS_ACTIVE,
	SFCPROXY_SID_A_FLOWS_HALF_OPEN,
	SFCPROXY_SID_A_FLOWS_TOO_BIG,
	SFCPROXY_SID_A_FLOWS_UNANSWERED,

	__SFCPROXY_SID_A_MAX,
	SFCPROXY_SID_A_MAX = __SFCPROXY_SID_A_MAX - 1
};

/**
 * enum sfcproxy_flow_attr - End.VNF flow record attributes
 * @SFCPROXY_FLOW_A_UNSPEC: never used
 * @SFCPROXY_FLOW_A_SADDR: binary, 16 bytes: the client's address
 * @SFCPROXY_FLOW_A_DADDR: binary, 16 bytes: the server's address (the
 *	final segment)
 * @SFCPROXY_FLOW_A_SPORT: u16, the client's TCP port
 * @SFCPROXY_FLOW_A_DPORT: u16, the server's TCP port
 * @SFCPROXY_FLOW_A_SID: binary, 16 bytes: the destination address the SYN
 *	arrived with (the SID with its function and parameter bits), reported
 *	only
 * @SFCPROXY_FLOW_A_SID_PREFIX_LEN: u8, the matching SID's prefix length
 *	(the locator), reported only
 * @SFCPROXY_FLOW_A_FUNCTION: u16, the up to 16 bits after the locator,
 *	reported only
 * @SFCPROXY_FLOW_A_ARGS: u32, the bits after those, reported only
 * @SFCPROXY_FLOW_A_SRH: binary: the SYN's SRH as it arrived (SL not yet
 *	zeroed), with its TLVs, reported only
 * @SFCPROXY_FLOW_A_RETPATH: binary: the value of the SYN's return-path
 *	TLV, absent when it had none, reported only
 * @SFCPROXY_FLOW_A_IFINDEX: u32, the device the flow is received on,
 *	reported only
 * @SFCPROXY_FLOW_A_AGE: u32, ms since the flow's last packet, reported
 *	only
 * @SFCPROXY_FLOW_A_PACKETS: u64, packets of the flow seen while the record
 *	lived, reported only
 * @SFCPROXY_FLOW_A_PAD: padding for 64-bit attributes
 */
enum sfcproxy_flow_attr {
	SFCPROXY_FLOW_A_UNSPEC,
	SFCPROXY_FLOW_A_SADDR,
	SFCPROXY_FLOW_A_DADDR,
	SFCPROXY_FLOW_A_SPORT,
	SFCPROXY_FLOW_A_DPORT,
	SFCPROXY_FLOW_A_SID,
	SFCPROXY_FLOW_A_SID_PREFIX_LEN,
	SFCPROXY_FLOW_A_FUNCTION,
	SFCPROXY_FLOW_A_ARGS,
	SFCPROXY_FLOW_A_SRH,
	SFCPROXY_FLOW_A_RETPATH,
	SFCPROXY_FLOW_A_IFINDEX,
	SFCPROXY_FLOW_A_AGE,
	SFCPROXY_FLOW_A_PACKETS,
	SFCPROXY_FLOW_A_PAD,

	__SFCPROXY_FLOW_A_MAX,
	SFCPROXY_FLOW_A_MAX = __SFCPROXY_FLOW_A_MAX - 1
};

#endif /* _UAPI_LINUX_SFCPROXY_H */
