/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What sfp_pkt.c and sfp_pkt.h need from the kernel, for their user-space
 * build (unit tests, fuzzing, instruction counts). Kept to the few types
 * and helpers they use.
 */
#ifndef _SFP_PKT_COMPAT_H
#define _SFP_PKT_COMPAT_H

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;

#ifndef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#endif

#endif /* _SFP_PKT_COMPAT_H */
