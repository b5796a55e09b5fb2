// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target for the module's packet code: any bytes, as a frame on
 * the lower device and as a packet coming back from the function, must be
 * parsed without reading out of bounds (built with ASan and UBSan).
 */
#include <stdlib.h>

#include "sfp_pkt.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size);

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct sfp_mpls_stack st;
	struct sfp_key key;
	u8 hdr[SFP_MPLS_MAX_HDR];
	unsigned int depth = size ? data[0] % (SFP_MPLS_MAX_LSE + 1) : 0;

	if (sfp_mpls_parse(data, size, depth, &st) == SFP_PARSE_OK) {
		/* what ingress and egress do with a good frame */
		memcpy(hdr, data, st.n_lse * SFP_LSE_LEN);
		sfp_mpls_rewrite(hdr, st.n_lse, depth % (st.n_lse + 1), true);
		sfp_key_from_ip(data + st.n_lse * SFP_LSE_LEN,
				size - st.n_lse * SFP_LSE_LEN, &key);
	}
	sfp_key_from_ip(data, size, &key);
	return 0;
}
