// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the module's packet code: any bytes, as a frame on
 * the lower device and as a packet coming back from the function, must be
 * parsed without reading out of bounds (built with ASan and UBSan). MPLS,
 * NSH and IPv6+SRH see the same bytes; the NSH header builder must produce what the
 * parser accepts and reads back, whatever the fields.
 */
#include <stdlib.h>

#include "sfp_pkt.h"
#include "sfp_nsh_pkt.h"
#include "sfp_srv6_pkt.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

/* A header built from the first input bytes parses back to its fields. */
static void fuzz_nsh_build(const u8 *data, size_t size)
{
	static const u8 ip[20] = { 0x45 };
	struct sfp_nsh_tlv tlv[8];
	struct sfp_nsh_spec spec;
	struct sfp_nsh_hdr h;
	u8 buf[SFP_NSH_MAX_HDR + sizeof(ip)];
	size_t off = 8;
	int len, small;

	if (size < off)
		return;
	memset(&spec, 0, sizeof(spec));
	spec.spi = (u32)data[0] << 16 | data[1] << 8 | data[2];
	spec.si = data[3];
	spec.ttl = data[4] & 0x3f;
	spec.next_proto = SFP_NSH_NP_IPV4;
	spec.md_type = data[5] & 1 ? SFP_NSH_MD_TYPE1 : SFP_NSH_MD_TYPE2;
	spec.md1_ctx[0] = data[6];
	spec.tlv = tlv;
	for (spec.n_tlv = 0; spec.n_tlv < data[7] % 9; spec.n_tlv++) {
		struct sfp_nsh_tlv *t = &tlv[spec.n_tlv];

		if (size < off + 4)
			break;
		t->md_class = data[off] << 8 | data[off + 1];
		t->type = data[off + 2];
		t->len = data[off + 3];	/* above 127 is refused */
		off += 4;
		if (size < off + t->len)
			break;
		t->value = data + off;
		off += t->len;
	}

	len = sfp_nsh_build(buf, SFP_NSH_MAX_HDR, &spec);
	/* a smaller buffer takes the same header or reports it does not fit */
	small = sfp_nsh_build(buf, data[5] >> 1, &spec);
	if (len < 0 ? small != len :
	    small != (len <= data[5] >> 1 ? len : -ENOSPC))
		abort();
	if (len < 0)
		return;
	len = sfp_nsh_build(buf, SFP_NSH_MAX_HDR, &spec);
	memcpy(buf + len, ip, sizeof(ip));
	if (sfp_nsh_parse(buf, len + sizeof(ip), SFP_NSH_MAX_HDR, &h) !=
	    SFP_NSH_OK || h.hdr_len != (unsigned int)len || h.spi != spec.spi ||
	    h.si != spec.si || h.ttl != (spec.ttl ? spec.ttl : 63) ||
	    h.md_type != spec.md_type || h.n_tlv != (spec.md_type == 2 ? spec.n_tlv : 0))
		abort();
}

/*
 * End.AD's egress on any bytes the cache might hold: what the check lets
 * through is advanced on a heap copy of exactly the entry's length, so
 * that a read past it is ASan's to see.
 */
static void fuzz_cached(const u8 *data, size_t size)
{
	u8 *hdr;

	if (!size || size > 512 || !sfp_srh_cached_ok(data, size))
		return;
	hdr = malloc(size);
	if (!hdr)
		return;
	memcpy(hdr, data, size);
	sfp_srh_advance(hdr);
	free(hdr);
}

/* An accepted SRH survives the proxies' rewrites inside its own bytes. */
static void fuzz_srh(const u8 *data, size_t size)
{
	struct sfp_srh_info si, again;
	unsigned int off, len, type;
	u8 hdr[512];

	if (sfp_srh_parse(data, size, &si) != SFP_SRH_OK)
		return;
	if (si.hdr_len > size || si.sl > si.last_entry)
		abort();
	if (si.hdr_len > sizeof(hdr))
		return;
	memcpy(hdr, data, si.hdr_len);
	/* every TLV found lies inside the header */
	for (type = 1; type < 256; type += 61)
		if (sfp_srh_find_tlv(hdr, &si, type, &off, &len) &&
		    off + len > si.hdr_len)
			abort();
	sfp_srh_masquerade(hdr);
	if (sfp_srh_advance(hdr) == 0 &&
	    (sfp_srh_parse(hdr, si.hdr_len, &again) != SFP_SRH_OK ||
	     again.sl != si.sl - 1))
		abort();
	sfp_srh_to_final(hdr);
	if (sfp_srh_parse(hdr, si.hdr_len, &again) != SFP_SRH_OK || again.sl)
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct sfp_mpls_stack st;
	struct sfp_key key;
	u8 hdr[SFP_MPLS_MAX_HDR];
	u8 nsh_hdr[SFP_NSH_MAX_HDR];
	struct sfp_nsh_hdr nsh;
	u8 np;
	unsigned int depth = size ? data[0] % (SFP_MPLS_MAX_LSE + 1) : 0;

	if (sfp_mpls_parse(data, size, depth, &st) == SFP_PARSE_OK) {
		/* what ingress and egress do with a good frame */
		memcpy(hdr, data, st.n_lse * SFP_LSE_LEN);
		sfp_mpls_rewrite(hdr, st.n_lse, depth % (st.n_lse + 1), true);
		sfp_key_from_ip(data + st.n_lse * SFP_LSE_LEN,
				size - st.n_lse * SFP_LSE_LEN, &key);
	}
	sfp_key_from_ip(data, size, &key);

	if (sfp_nsh_parse(data, size, depth * 16, &nsh) == SFP_NSH_OK) {
		memcpy(nsh_hdr, data, nsh.hdr_len);
		sfp_nsh_rewrite(nsh_hdr, depth & 1);
		/* the parser vouched for the payload, but for IPv4 it did
		 * not read the total length, which keys do
		 */
		if (!sfp_nsh_key_from_payload(nsh.next_proto,
					      data + nsh.hdr_len,
					      size - nsh.hdr_len, &key) &&
		    nsh.next_proto != SFP_NSH_NP_IPV4)
			abort();
	}
	for (np = 0; np <= SFP_NSH_NP_ETH + 1; np++)
		sfp_nsh_key_from_payload(np, data, size, &key);
	fuzz_nsh_build(data, size);
	fuzz_srh(data, size);
	fuzz_cached(data, size);
	return 0;
}
