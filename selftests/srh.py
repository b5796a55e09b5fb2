# SPDX-License-Identifier: GPL-2.0
"""Segment Routing Header bytes (RFC 8754) for the selftests' senders.

The shell tests feed Python to scapy or to a socket on standard input, from
the selftests directory, so `from srh import srh, addr` finds this file.
"""
import socket
import struct


def addr(text):
    """An IPv6 address as its 16 bytes."""
    return socket.inet_pton(socket.AF_INET6, text)


def srh(segs, sl, nexthdr=4, tlvs=b"", hdrlen=None, rtype=4, last=None):
    """An SRH: segs as text in SRH order (Segment List[0], the last one
    visited, first), then the TLV bytes. hdrlen, rtype and last default to
    what a well-formed header has; tests of malformed ones override them."""
    body = b"".join(addr(s) for s in segs) + tlvs
    if hdrlen is None:
        hdrlen = (8 + len(body)) // 8 - 1
    if last is None:
        last = len(segs) - 1
    return struct.pack("!BBBBBBH", nexthdr, hdrlen, rtype, sl, last, 0, 0) + body
