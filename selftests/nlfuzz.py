#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Generic netlink fuzzer for the sfcproxy family (selftests/nlfuzz.sh).

Sends a bounded number of random requests to every command of
include/uapi/linux/sfcproxy.h: random attribute sets built from the uapi's
attribute enums (types taken from their kernel-doc), values at and beyond
the documented ranges, wrong lengths, unknown types, random nests and
nesting flags, truncated messages and lying length fields. Every reply is
parsed and checked (lengths, sequence numbers, a sane negative errno,
well-formed extended ACK attributes), and the namespace's state (the
DEV/FWD/CLS/SID dumps, counters left out) must not change when a request
that could change it is refused.

Modes: "admin" (CAP_NET_ADMIN over the namespace: requests may succeed;
the fuzzer puts the objects it found back every few hundred requests and at
the end), "unpriv" (no CAP_NET_ADMIN: every intact request to an admin
command must get EPERM, and nothing may change at all).

Only the standard library: raw AF_NETLINK sockets and struct packing.
Prints TAP diagnostics ('#' lines); exits 0 when every check held, 1 when
one failed (the messages say which request, by seed and number), 2 on
usage or set-up errors.
"""

import argparse
import collections
import errno
import os
import random
import re
import socket
import struct
import sys
import time

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_EXT_ACK = 11

NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE, NLMSG_OVERRUN = 1, 2, 3, 4
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK, NLM_F_ECHO = 1, 2, 4, 8
NLM_F_DUMP_INTR, NLM_F_DUMP_FILTERED = 0x10, 0x20
NLM_F_ROOT, NLM_F_MATCH = 0x100, 0x200
NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH
NLM_F_CAPPED, NLM_F_ACK_TLVS = 0x100, 0x200

GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2

NLA_F_NESTED, NLA_F_NET_BYTEORDER = 0x8000, 0x4000
NLA_TYPE_MASK = 0x3fff

# enum nlmsgerr_attrs and their payload kinds
EXTACK = {1: "MSG", 2: "OFFS", 3: "COOKIE", 4: "POLICY", 5: "MISS_TYPE",
          6: "MISS_NEST"}

NLMSG_HDR = struct.Struct("=IHHII")
GENL_HDR = struct.Struct("=BBH")
NLA_HDR = struct.Struct("=HH")

# errno values a reply may carry: the user-visible range of errno.h.
# Kernel-internal codes (ENOTSUPP 524, EPROBE_DEFER 517, ...) must never
# reach user space.
MAX_USER_ERRNO = 133  # EHWPOISON

# Which attribute set each command's requests are validated against, by
# command name prefix. A command added to the uapi without an entry here
# stops the fuzzer, so that it cannot silently go unfuzzed.
CMD_SETS = [
    ("UNSPEC", "dev"), ("DEV_", "dev"), ("STATS_RESET", "dev"),
    ("CACHE_", "dev"), ("FWD_", "fwd"), ("NSH_STATS_", "fwd"),
    ("CLS_", "cls"), ("SID_", "sid"), ("FLOW_", "flow"),
]
SET_ENUMS = {
    "dev": "sfcproxy_dev_attr", "fwd": "sfcproxy_fwd_attr",
    "cls": "sfcproxy_cls_attr", "sid": "sfcproxy_sid_attr",
    "flow": "sfcproxy_flow_attr",
}
# The dumps that make up a namespace's state, and the GET command of each.
STATE_DUMPS = [("dev", "DEV_GET"), ("fwd", "FWD_GET"), ("cls", "CLS_GET"),
               ("sid", "SID_GET")]


def errname(e):
    if e == errno.EOPNOTSUPP:
        return "EOPNOTSUPP"     # not Python's first name for it, ENOTSUP
    return errno.errorcode.get(e, str(e))


class Fail(Exception):
    """A check failed."""


# ---------------------------------------------------------------------------
# The uapi header: commands, attribute sets, types, ranges

class Attr:
    """One attribute of a set, as its kernel-doc describes it."""

    def __init__(self, name, value, doc):
        self.name, self.value, self.doc = name, value, doc
        self.kind = "binary"
        self.size = None        # exact or maximum size of a binary
        self.nest = None        # enum name of a nested set
        self.lo = self.hi = None
        self.enum = None        # enum name of the values
        first = doc.split(",")[0].split(":")[0].strip().lower()
        for k in ("u8", "u16", "u32", "u64", "string", "binary", "nested",
                  "flag", "padding", "never"):
            if first.startswith(k):
                self.kind = k
                break
        self.readonly = ("reported only" in doc or "read-only" in doc or
                         self.kind in ("padding", "never"))
        self.counter = (self.kind == "u64" or self.kind == "padding" or
                        (self.kind == "nested" and "stats_attr" in doc))


class Uapi:
    """What the fuzzer knows of include/uapi/linux/sfcproxy.h."""

    def __init__(self, path):
        text = open(path, encoding="utf-8").read()
        self.defines = {}
        for m in re.finditer(r"^#define\s+(SFCPROXY_\w+)\s+([^/\n]+)",
                             text, re.M):
            expr = re.sub(r"\b(0x[0-9a-fA-F]+|\d+)U\b", r"\1",
                          m.group(2).strip())
            if re.fullmatch(r"[0-9a-fA-Fx()*+ ]+", expr):
                self.defines[m.group(1)] = eval(expr)   # digits and * only
        self.enums = {}     # enum name -> [(NAME, value)]
        for m in re.finditer(r"enum (\w+) \{(.*?)\};", text, re.S):
            vals, nxt = [], 0
            for line in m.group(2).split(","):
                line = line.strip()
                if not line or line.startswith("__"):
                    continue
                if "=" in line:
                    name = line.split("=")[0].strip()
                    if name.endswith("_MAX"):
                        continue
                    nxt = int(line.split("=")[1], 0)
                else:
                    name = line
                vals.append((name, nxt))
                nxt += 1
            self.enums[m.group(1)] = vals
        self.docs = {}      # enum name -> {member: doc}
        for m in re.finditer(r"/\*\*\s*\n \* enum (\w+) - (.*?)\*/", text,
                             re.S):
            entries, cur = {}, None
            for line in m.group(2).split("\n"):
                line = line.strip().lstrip("*").strip()
                mm = re.match(r"@(\w+):\s*(.*)", line)
                if mm:
                    cur = mm.group(1)
                    entries[cur] = mm.group(2)
                elif cur and line:
                    entries[cur] += " " + line
            self.docs[m.group(1)] = entries
        self.cmds = self.enums["sfcproxy_cmd"]
        self.cmd_max = max(v for _, v in self.cmds)
        self.cmd_doc = self.docs["sfcproxy_cmd"]
        self.sets = {}
        for key in list(SET_ENUMS.values()) + ["sfcproxy_label_attr",
                                               "sfcproxy_stats_attr",
                                               "sfcproxy_cache_attr",
                                               "sfcproxy_nsh_stats_attr"]:
            self.sets[key] = self._attr_set(key)

    def _attr_set(self, enum):
        attrs = {}
        for name, value in self.enums[enum]:
            if value == 0:
                continue
            a = Attr(name, value, self.docs[enum].get(name, ""))
            if enum.endswith("stats_attr") and a.kind == "binary":
                a.kind = "u64"      # the enum says "all u64"
                a.counter = True
            d = a.doc
            m = re.search(r"enum (sfcproxy_\w+)", d)
            if a.kind == "nested":
                if m:
                    a.nest = m.group(1)
                elif "SFCPROXY_LABEL_A_" in d:
                    a.nest = "sfcproxy_label_attr"
            elif m:
                a.enum = m.group(1)
            m = re.search(r"(\w+)\.\.(\w+)", d)
            if m:
                a.lo, a.hi = self._num(m.group(1)), self._num(m.group(2))
            m = re.search(r"(\d+) bytes per", d)
            if m:
                per = int(m.group(1))
                mx = re.search(r"1\.\.(SFCPROXY_\w+)", d)
                a.size = per * (self.defines.get(mx.group(1), 16)
                                if mx else 16)
                a.lo = a.hi = None
            else:
                m = (re.search(r"(SFCPROXY_\w+) bytes", d) or
                     re.search(r"(\d+) bytes", d))
                if m and a.kind == "binary":
                    a.size = self._num(m.group(1))
            if a.kind == "string":
                a.size = 16
            attrs[value] = a
        return attrs

    def _num(self, tok):
        if tok in self.defines:
            return self.defines[tok]
        try:
            return int(tok, 0)
        except ValueError:
            return None

    def set_of(self, cmd_name):
        short = cmd_name[len("SFCPROXY_CMD_"):]
        for prefix, s in CMD_SETS:
            if short.startswith(prefix):
                return SET_ENUMS[s]
        raise SystemExit("nlfuzz: no attribute set known for %s: add it to "
                         "CMD_SETS" % cmd_name)

    def is_admin(self, cmd_name):
        return "(admin" in self.cmd_doc.get(cmd_name, "")

    def notification_only(self, cmd_name):
        return ("notification only" in self.cmd_doc.get(cmd_name, "") or
                cmd_name == "SFCPROXY_CMD_UNSPEC")


# ---------------------------------------------------------------------------
# Netlink plumbing

def nla(atype, payload):
    hdr = NLA_HDR.pack(4 + len(payload), atype)
    return hdr + payload + b"\0" * ((4 - len(payload) % 4) % 4)


def parse_attrs(buf, what):
    """Split attributes; raise Fail on a malformed one."""
    out, off = [], 0
    while off < len(buf):
        if len(buf) - off < 4:
            raise Fail("%s: %d trailing bytes after attributes" %
                       (what, len(buf) - off))
        alen, atype = NLA_HDR.unpack_from(buf, off)
        if alen < 4 or off + alen > len(buf):
            raise Fail("%s: attribute type %d length %d at %d of %d" %
                       (what, atype, alen, off, len(buf)))
        out.append((atype, buf[off + 4:off + alen], off))
        off += (alen + 3) & ~3
    return out


class Sock:
    def __init__(self):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW,
                               NETLINK_GENERIC)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.s.bind((0, 0))
        self.portid = self.s.getsockname()[0]
        self.seq = random.randrange(1, 1 << 30)

    def next_seq(self):
        self.seq = (self.seq + 1) & 0xffffffff or 1
        return self.seq

    def send(self, data):
        try:
            self.s.send(data)
            return 0
        except OSError as e:
            return e.errno

    def drain(self):
        """Everything queued for us (dumps continue as we read)."""
        msgs = []
        while True:
            try:
                data = self.s.recv(1 << 17, socket.MSG_DONTWAIT)
            except BlockingIOError:
                return msgs
            if not data:
                return msgs
            msgs.append(data)


def split_msgs(data):
    out, off = [], 0
    while off < len(data):
        if len(data) - off < NLMSG_HDR.size:
            raise Fail("reply: %d trailing bytes" % (len(data) - off))
        ln, typ, flags, seq, pid = NLMSG_HDR.unpack_from(data, off)
        if ln < NLMSG_HDR.size or off + ln > len(data):
            raise Fail("reply: nlmsg_len %d at %d of a %d byte read" %
                       (ln, off, len(data)))
        out.append((typ, flags, seq, pid, data[off + 16:off + ln]))
        off += (ln + 3) & ~3
    return out


def resolve_family(sk, name):
    seq = sk.next_seq()
    body = GENL_HDR.pack(CTRL_CMD_GETFAMILY, 1, 0) + \
        nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0")
    sk.send(NLMSG_HDR.pack(16 + len(body), GENL_ID_CTRL,
                           NLM_F_REQUEST, seq, 0) + body)
    for data in sk.drain():
        for typ, _, _, _, payload in split_msgs(data):
            if typ == NLMSG_ERROR:
                raise SystemExit("nlfuzz: family %s: %s" % (
                    name, os.strerror(-struct.unpack_from("=i", payload)[0])))
            for atype, val, _ in parse_attrs(payload[4:], "ctrl"):
                if atype == CTRL_ATTR_FAMILY_ID:
                    return struct.unpack("=H", val[:2])[0]
    raise SystemExit("nlfuzz: family %s not found" % name)


# ---------------------------------------------------------------------------
# Replies

class Reply:
    def __init__(self):
        self.error = None       # errno of the ACK/error, 0 for an ACK
        self.done = None        # error of NLMSG_DONE
        self.msgs = []          # (cmd, attrs payload) of family messages
        self.extack = ""


def check_extack(payload, req_len, what):
    msg = ""
    for atype, val, _ in parse_attrs(payload, what + " extack"):
        kind = EXTACK.get(atype & NLA_TYPE_MASK)
        if kind is None:
            raise Fail("%s: unknown extack attribute %d" % (what, atype))
        if kind == "MSG":
            if not val or val[-1] != 0 or 0 in val[:-1]:
                raise Fail("%s: extack message not one NUL-terminated "
                           "string: %r" % (what, val))
            msg = val[:-1].decode("utf-8", "replace")
            if not msg.isprintable():
                raise Fail("%s: extack message not printable: %r" %
                           (what, msg))
        elif kind in ("OFFS", "MISS_NEST"):
            if len(val) != 4:
                raise Fail("%s: extack %s of %d bytes" % (what, kind,
                                                          len(val)))
            offs = struct.unpack("=I", val)[0]
            if not 16 <= offs < req_len:
                raise Fail("%s: extack %s %d outside the %d byte request" %
                           (what, kind, offs, req_len))
        elif kind == "MISS_TYPE":
            if len(val) != 4:
                raise Fail("%s: extack MISS_TYPE of %d bytes" % (what,
                                                                 len(val)))
        elif kind == "POLICY":
            parse_attrs(val, what + " extack policy")
    return msg


def check_errno(err, what):
    if err > 0 or err < -MAX_USER_ERRNO:
        raise Fail("%s: error %d is not a negative user errno" % (what, err))


def check_nest(uapi, enum, buf, what, depth=0):
    """Replies: every attribute well formed, types known, nests recursed."""
    attrs = uapi.sets[enum]
    for atype, val, _ in parse_attrs(buf, what):
        t = atype & NLA_TYPE_MASK
        a = attrs.get(t)
        if a is None:
            raise Fail("%s: reply attribute %d unknown to %s" % (what, t,
                                                                 enum))
        sizes = {"u8": 1, "u16": 2, "u32": 4, "u64": 8}
        if a.kind in sizes and len(val) != sizes[a.kind]:
            raise Fail("%s: %s of %d bytes" % (what, a.name, len(val)))
        if a.kind == "string" and (not val or val[-1] != 0):
            raise Fail("%s: %s not NUL-terminated" % (what, a.name))
        if a.kind == "nested" and a.nest and depth < 4:
            check_nest(uapi, a.nest, val, what + " " + a.name, depth + 1)


def parse_reply(uapi, fam, sk, seq, req_len, datas, what):
    r = Reply()
    for data in datas:
        for typ, flags, mseq, pid, payload in split_msgs(data):
            if pid != sk.portid:
                raise Fail("%s: reply for port %d, we are %d" %
                           (what, pid, sk.portid))
            if mseq != seq:
                raise Fail("%s: reply seq %d, request %d" % (what, mseq,
                                                            seq))
            if r.error is not None or r.done is not None:
                raise Fail("%s: message type %d after the final one" %
                           (what, typ))
            if typ == NLMSG_ERROR:
                if len(payload) < 20:
                    raise Fail("%s: %d byte error message" %
                               (what, len(payload)))
                err = struct.unpack_from("=i", payload)[0]
                check_errno(err, what)
                ln = NLMSG_HDR.unpack_from(payload, 4)[0]
                off = 4 + (16 if flags & NLM_F_CAPPED else ln)
                off = (off + 3) & ~3
                if off > len(payload):
                    raise Fail("%s: error message echoes %d bytes, has %d" %
                               (what, off, len(payload)))
                if flags & NLM_F_ACK_TLVS:
                    r.extack = check_extack(payload[off:], req_len, what)
                elif off != len(payload):
                    raise Fail("%s: %d bytes after the error message" %
                               (what, len(payload) - off))
                r.error = -err
            elif typ == NLMSG_DONE:
                if len(payload) < 4:
                    raise Fail("%s: %d byte NLMSG_DONE" % (what,
                                                          len(payload)))
                err = struct.unpack_from("=i", payload)[0]
                check_errno(err, what + " (dump)")
                if flags & NLM_F_ACK_TLVS:
                    r.extack = check_extack(payload[4:], req_len, what)
                r.done = -err
            elif typ == fam:
                if len(payload) < 4:
                    raise Fail("%s: %d byte reply" % (what, len(payload)))
                cmd, ver, resv = GENL_HDR.unpack_from(payload)
                if not 0 < cmd <= uapi.cmd_max:
                    raise Fail("%s: reply with command %d" % (what, cmd))
                name = uapi.cmds[cmd][0]
                check_nest(uapi, uapi.set_of(name), payload[4:],
                           "%s reply %s" % (what, name))
                r.msgs.append((cmd, payload[4:]))
            else:
                raise Fail("%s: reply of type %d" % (what, typ))
    return r


# ---------------------------------------------------------------------------
# Namespace state through the dumps

def dump(uapi, fam, sk, cmd_name, extra=b""):
    cmd = uapi_cmd(uapi, cmd_name)
    seq = sk.next_seq()
    body = GENL_HDR.pack(cmd, 1, 0) + extra
    sk.send(NLMSG_HDR.pack(16 + len(body), fam,
                           NLM_F_REQUEST | NLM_F_DUMP, seq, sk.portid) +
            body)
    r = parse_reply(uapi, fam, sk, seq, 20, sk.drain(), "dump " + cmd_name)
    if r.error is not None:
        return None, r.error
    if r.done is None:
        raise Fail("dump %s: no NLMSG_DONE" % cmd_name)
    return [m[1] for m in r.msgs], r.done


def uapi_cmd(uapi, name):
    for n, v in uapi.cmds:
        if n == "SFCPROXY_CMD_" + name or n == name:
            return v
    raise KeyError(name)


def strip_counters(uapi, enum, payload):
    """Attributes of one object minus counters (they move with traffic)."""
    out = []
    for atype, val, _ in parse_attrs(payload, "state"):
        a = uapi.sets[enum].get(atype & NLA_TYPE_MASK)
        if a is not None and a.counter:
            continue
        out.append((atype & NLA_TYPE_MASK, val))
    return tuple(out)


def snapshot(uapi, fam, sk):
    """The namespace's objects: a comparable value, and the raw dumps."""
    state, raw = [], {}
    for key, cmd in STATE_DUMPS:
        objs, err = dump(uapi, fam, sk, cmd)
        if objs is None or err:
            raise Fail("state dump %s failed: %s" % (cmd,
                                                     errname(err)))
        objs = [strip_counters(uapi, SET_ENUMS[key], o) for o in objs]
        raw[key] = objs
        # classifier rules are ordered; the hash tables are not
        state.append(tuple(objs) if key == "cls" else tuple(sorted(objs)))
    return tuple(state), raw


def describe(uapi, state):
    lines = []
    for (key, _), objs in zip(STATE_DUMPS, state):
        attrs = uapi.sets[SET_ENUMS[key]]
        for o in objs:
            lines.append(key + " " + " ".join(
                "%s=%s" % (attrs[t].name.split("_A_")[-1] if t in attrs
                           else t, v.hex()) for t, v in o))
    return lines


def state_diff(uapi, a, b):
    la, lb = describe(uapi, a), describe(uapi, b)
    return (["- " + x for x in la if x not in lb] +
            ["+ " + x for x in lb if x not in la])


# ---------------------------------------------------------------------------
# Request generation

class Gen:
    def __init__(self, uapi, rng, ctx):
        self.u, self.r, self.ctx = uapi, rng, ctx

    def value(self, a):
        r = self.r
        sizes = {"u8": 1, "u16": 2, "u32": 4, "u64": 8}
        if a.kind in sizes:
            n = sizes[a.kind]
            top = (1 << (8 * n)) - 1
            pool = [0, 1, 2, top, top - 1, r.randrange(top + 1)]
            if a.lo is not None and a.hi is not None:
                pool += [a.lo, a.hi, a.lo - 1, a.hi + 1,
                         r.randint(a.lo, a.hi), r.randint(a.lo, a.hi)]
            if a.enum and a.enum in self.u.enums:
                vals = [v for _, v in self.u.enums[a.enum]]
                pool += vals + vals + [max(vals) + 1]
            if "ifindex" in a.doc.lower() or "IFINDEX" in a.name:
                pool += self.ctx["ifindex"] * 3 + [0x7fffffff]
            if "FAMILY" in a.name:
                pool += [socket.AF_INET, socket.AF_INET6] * 3
            if "MASK" in a.name:
                pool += [0xffff0000, 0xff, 0x80000000]
            if "SPI" in a.name:
                pool += self.ctx["spi"] * 2
            if a.name.endswith("_SI"):
                pool += self.ctx["si"] * 2
            v = r.choice(pool) & top
            return struct.pack({1: "=B", 2: "=H", 4: "=I", 8: "=Q"}[n], v)
        if a.kind == "string":
            c = r.random()
            if c < 0.5 and self.ctx["ifname"]:
                s = r.choice(self.ctx["ifname"]).encode()
            elif c < 0.7:
                s = b"x" * r.choice([0, 1, 15, 16, 17, 40])
            else:
                s = bytes(r.randrange(1, 256)
                          for _ in range(r.randrange(0, 20)))
            return s + (b"\0" if r.random() < 0.9 else b"")
        if a.kind == "flag":
            return b""
        if a.kind == "nested":
            return self.nest(a.nest, 1)
        # binary
        c = r.random()
        if "ADDR" in a.name or a.name.endswith(("_SRC", "_DST", "_SADDR",
                                                "_DADDR", "_SID")):
            if c < 0.4 and self.ctx["addr"]:
                return r.choice(self.ctx["addr"])
            if c < 0.7:
                return bytes([0xfc, 0, r.randrange(4), 0] + [0] * 11 +
                             [r.randrange(4)])
            n = r.choice([4, 16, 15, 17, 0, 3])
            return bytes(r.randrange(256) for _ in range(n))
        size = a.size or 16
        if "SEGS" in a.name:
            n = 16 * r.choice([0, 1, 2, 16, 17]) + r.choice([0] * 6 + [1, 8])
        elif "MAC" in a.name:
            n = r.choice([6, 6, 6, 0, 5, 7])
        else:
            n = r.choice([size, size, 0, 1, size - 1, size + 1,
                          r.randrange(size + 8)])
        n = max(n, 0)
        return bytes(r.randrange(256) for _ in range(n))

    def nest(self, enum, depth):
        if enum is None or enum not in self.u.sets:
            return b""
        out = b""
        attrs = list(self.u.sets[enum].values())
        for _ in range(self.r.choice([0, 1, 1, 2, 3, 17])):
            a = self.r.choice(attrs)
            out += self.attr(a, depth + 1)
        return out

    def attr(self, a, depth=0):
        payload = self.value(a)
        t = a.value
        if a.kind == "nested" and self.r.random() < 0.7:
            t |= NLA_F_NESTED
        return nla(t, payload)

    def valid_attrs(self, enum):
        attrs = [a for a in self.u.sets[enum].values()]
        writable = [a for a in attrs if not a.readonly]
        out = []
        for a in writable:
            if self.r.random() < 0.35:
                out.append(self.attr(a))
        if self.r.random() < 0.1:
            out.append(self.attr(self.r.choice(attrs)))
        self.r.shuffle(out)
        return out

    def replay_attrs(self, enum):
        key = [k for k, v in SET_ENUMS.items() if v == enum][0]
        objs = self.ctx["objs"].get(key) or []
        if not objs:
            return self.valid_attrs(enum)
        attrs = self.u.sets[enum]
        out = []
        for t, v in self.r.choice(objs):
            a = attrs.get(t)
            if a is None or a.readonly or a.name.endswith("_IFNAME"):
                continue
            if self.r.random() < 0.15:
                continue                    # drop one
            if self.r.random() < 0.15:
                out.append(self.attr(a))    # another value
                continue
            if a.kind == "nested":
                t |= NLA_F_NESTED
            out.append(nla(t, v))
        if self.r.random() < 0.3:
            flag = [a for a in attrs.values() if a.kind == "flag"]
            if flag:
                out.append(nla(flag[0].value, b""))
        if self.r.random() < 0.2:
            out.append(self.attr(self.r.choice(list(attrs.values()))))
        return out

    def mutate(self, attrs, enum):
        r = self.r
        amax = max(self.u.sets[enum])
        for _ in range(r.choice([1, 1, 2, 3])):
            m = r.randrange(10)
            if m == 0:      # type beyond MAX, or 0, or the top of the range
                t = r.choice([0, amax + 1, amax + 2, amax + r.randrange(50),
                              NLA_TYPE_MASK, r.randrange(1 << 16)])
                attrs.append(nla(t, r.randbytes(r.choice([0, 1, 4, 8]))))
            elif m == 1:    # a valid type with a length that is wrong
                a = r.choice(list(self.u.sets[enum].values()))
                n = r.choice([0, 1, 3, 7, 2, 5, 9, 17, 257, 4096, 65000])
                attrs.append(nla(a.value, r.randbytes(n)))
            elif m == 2:    # nest inside an attribute that is no nest
                a = r.choice(list(self.u.sets[enum].values()))
                inner = self.nest(r.choice(list(self.u.sets)), 1)
                t = a.value | (NLA_F_NESTED if r.random() < 0.5 else 0)
                attrs.append(nla(t, inner))
            elif m == 3:    # deep nesting
                a = r.choice(list(self.u.sets[enum].values()))
                inner = b""
                for _ in range(r.choice([2, 8, 40, 200])):
                    inner = nla(r.choice([a.value, 1, 2]) |
                                (NLA_F_NESTED if r.random() < 0.8 else 0),
                                inner)
                attrs.append(inner)
            elif m == 4 and attrs:  # flip the nesting/byte order flags
                i = r.randrange(len(attrs))
                b = bytearray(attrs[i])
                t = struct.unpack_from("=H", b, 2)[0]
                t ^= r.choice([NLA_F_NESTED, NLA_F_NET_BYTEORDER])
                struct.pack_into("=H", b, 2, t)
                attrs[i] = bytes(b)
            elif m == 5 and attrs:  # duplicate an attribute
                attrs.append(r.choice(attrs))
            elif m == 6 and attrs:  # nla_len that lies
                i = r.randrange(len(attrs))
                b = bytearray(attrs[i])
                struct.pack_into("=H", b, 0, r.choice(
                    [0, 1, 3, 4, len(b) + 4, len(b) + 100, 0xffff,
                     max(4, len(b) - 1)]))
                attrs[i] = bytes(b)
            elif m == 7:    # random payload for a real type
                a = r.choice(list(self.u.sets[enum].values()))
                attrs.append(nla(a.value, r.randbytes(r.randrange(24))))
            elif m == 8 and attrs:  # remove one
                attrs.pop(r.randrange(len(attrs)))
            elif m == 9:    # an attribute of another command's set
                other = self.u.sets[r.choice(list(SET_ENUMS.values()))]
                attrs.append(self.attr(r.choice(list(other.values()))))
        return attrs

    def request(self, fam, seq, portid):
        """One request: (bytes, info dict)."""
        r = self.r
        c = r.random()
        if c < 0.03:
            cmd = r.choice([0, self.u.cmd_max + 1, self.u.cmd_max + 2,
                            r.randrange(256)])
        else:
            cmd = r.choice(self.u.cmds)[1]
        name = (self.u.cmds[cmd][0] if cmd <= self.u.cmd_max
                else "SFCPROXY_CMD_beyond_MAX")
        enum = self.u.set_of(name) if cmd <= self.u.cmd_max else \
            "sfcproxy_dev_attr"
        mode = r.choices(["valid", "replay", "mutant", "raw"],
                         [30, 25, 30, 15])[0]
        if mode == "replay":
            attrs = self.replay_attrs(enum)
        else:
            attrs = self.valid_attrs(enum)
        if mode in ("mutant", "raw"):
            attrs = self.mutate(attrs, enum)
        dumpf = r.random() < 0.3
        flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dumpf else 0)
        version, reserved = 1, 0
        if mode == "raw":
            x = r.randrange(8)
            if x == 0:
                flags &= ~NLM_F_ACK
            elif x == 1:
                flags ^= r.choice([NLM_F_ROOT, NLM_F_MATCH, NLM_F_ECHO,
                                   NLM_F_MULTI, 0x800, 0x1000])
            elif x == 2:
                version = r.randrange(256)
            elif x == 3:
                reserved = r.randrange(1, 1 << 16)
        body = GENL_HDR.pack(cmd, version, reserved) + b"".join(attrs)
        nlen = 16 + len(body)
        msg = NLMSG_HDR.pack(nlen, fam, flags, seq, portid) + body
        intact = True
        if mode == "raw" and r.random() < 0.5:
            y = r.randrange(4)
            if y == 0:      # truncated: cut, length says so
                cut = r.randrange(16, len(msg) + 1)
                msg = struct.pack("=I", cut) + msg[4:cut]
                nlen = cut
            elif y == 1:    # truncated: cut, length does not know
                msg = msg[:r.randrange(16, len(msg) + 1)]
            elif y == 2:    # nlmsg_len lies, smaller
                nlen = r.randrange(16, nlen + 1)
                msg = struct.pack("=I", nlen) + msg[4:]
                # the rest would be read as the next message, of any
                # family: make its length one the kernel ignores
                rest = (nlen + 3) & ~3
                if len(msg) - rest >= 16:
                    msg = msg[:rest] + struct.pack("=I", 0xffffffff) + \
                        msg[rest + 4:]
            else:           # nlmsg_len lies, larger
                nlen += r.choice([1, 4, 64, 4096])
                msg = struct.pack("=I", nlen) + msg[4:]
            intact = False
            if r.random() < 0.3:
                msg += r.randbytes(r.randrange(1, 16))
        # the only nlmsg_flags generic netlink takes from the first
        # command on: both dump bits or neither, request, ack, echo
        fl = flags & ~NLM_F_DUMP if flags & NLM_F_DUMP == NLM_F_DUMP \
            else flags
        badflags = bool(fl & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO))
        info = {"cmd": cmd, "name": name, "dump": dumpf, "mode": mode,
                "flags": flags, "reserved": reserved or badflags,
                "intact": intact,
                "len": min(nlen, len(msg)), "ack": bool(flags & NLM_F_ACK),
                "request": bool(flags & NLM_F_REQUEST)}
        return msg, info


# ---------------------------------------------------------------------------
# Putting the objects back (admin mode)

def talk(uapi, fam, sk, cmd_name, attrs, what):
    cmd = uapi_cmd(uapi, cmd_name)
    seq = sk.next_seq()
    body = GENL_HDR.pack(cmd, 1, 0) + b"".join(attrs)
    msg = NLMSG_HDR.pack(16 + len(body), fam, NLM_F_REQUEST | NLM_F_ACK,
                         seq, sk.portid) + body
    sk.send(msg)
    r = parse_reply(uapi, fam, sk, seq, len(msg), sk.drain(), what)
    return r.error, r.extack


def restore(uapi, fam, sk, raw):
    """Make the namespace hold the objects of @raw again."""
    problems = []
    sets = {k: uapi.sets[v] for k, v in SET_ENUMS.items()}

    def attrs_of(key, obj, skip=()):
        out = []
        for t, v in obj:
            a = sets[key].get(t)
            if a is None or a.readonly or a.name.endswith(skip):
                continue
            out.append(nla(t | (NLA_F_NESTED if a.kind == "nested" else 0),
                           v))
        return out

    for key, delcmd in (("sid", "SID_DEL"), ("cls", "CLS_DEL"),
                        ("fwd", "FWD_DEL")):
        err, msg = talk(uapi, fam, sk, delcmd, [], "restore " + delcmd)
        if err:
            problems.append("%s: %s %s" % (delcmd, errname(err),
                                           msg))
    # labels may collide with another device's until both are back
    for _ in range(2):
        bad = []
        for obj in raw["dev"]:
            err, msg = talk(uapi, fam, sk, "DEV_SET",
                            attrs_of("dev", obj, ("_IFNAME",)),
                            "restore DEV_SET")
            if err:
                bad.append("DEV_SET: %s %s" % (errname(err), msg))
        if not bad:
            break
    problems += bad
    for key, newcmd in (("fwd", "FWD_NEW"), ("cls", "CLS_NEW"),
                        ("sid", "SID_NEW")):
        for obj in raw[key]:
            err, msg = talk(uapi, fam, sk, newcmd, attrs_of(key, obj),
                            "restore " + newcmd)
            if err:
                problems.append("%s: %s %s" % (newcmd,
                                               errname(err), msg))
    return problems


# ---------------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--uapi", required=True)
    ap.add_argument("--mode", choices=["admin", "unpriv"], required=True)
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("-n", "--requests", type=int, default=5000)
    ap.add_argument("--check", type=float, default=1.0,
                    help="share of refused state-changing requests after "
                    "which the state is compared (default all)")
    ap.add_argument("--restore-every", type=int, default=400)
    args = ap.parse_args()

    seed = args.seed if args.seed is not None else \
        int.from_bytes(os.urandom(4), "little")
    print("# nlfuzz: mode %s seed %d requests %d (reproduce with --seed %d)"
          % (args.mode, seed, args.requests, seed), flush=True)
    rng = random.Random(seed)
    random.seed(seed)
    uapi = Uapi(args.uapi)
    sk = Sock()
    fam = resolve_family(sk, "sfcproxy")
    admin = args.mode == "admin"

    base_state, base_raw = snapshot(uapi, fam, sk)
    if admin and not all(base_raw[k] for k, _ in STATE_DUMPS):
        print("# nlfuzz: the namespace lacks objects: %s" %
              [k for k, _ in STATE_DUMPS if not base_raw[k]])
        return 2
    ctx = {"ifindex": [i for i, _ in socket.if_nameindex()],
           "ifname": [n for _, n in socket.if_nameindex()],
           "objs": base_raw, "spi": [], "si": [], "addr": []}
    for key in ("fwd", "cls", "sid"):
        for obj in base_raw[key]:
            for t, v in obj:
                a = uapi.sets[SET_ENUMS[key]][t]
                if a.name.endswith("_SPI"):
                    ctx["spi"].append(struct.unpack("=I", v)[0])
                elif a.name.endswith("_SI"):
                    ctx["si"].append(v[0])
                elif a.kind == "binary" and len(v) in (4, 16) and \
                        not a.name.endswith("SEGS"):
                    ctx["addr"].append(v)
    gen = Gen(uapi, rng, ctx)

    errs = collections.Counter()
    per_cmd = collections.defaultdict(collections.Counter)
    failures = []
    state = base_state
    checks = accepted = restores = 0
    t0 = time.monotonic()

    def fail(i, info, text):
        failures.append("request %d (seed %d, %s %s %s, %d bytes): %s" % (
            i, seed, info["name"], "dump" if info["dump"] else "do",
            info["mode"], info["len"], text))

    for i in range(args.requests):
        seq = sk.next_seq()
        msg, info = gen.request(fam, seq, sk.portid)
        name = info["name"]
        what = "request %d %s" % (i, name)
        st = sk.send(msg)
        try:
            datas = sk.drain()
            if st:
                # the socket layer refused it (size); nothing was processed
                r = Reply()
                r.error = st
            else:
                r = parse_reply(uapi, fam, sk, seq, info["len"], datas, what)
        except Fail as e:
            fail(i, info, str(e))
            continue

        if r.error is not None:
            res = r.error
        elif r.done is not None:
            res = r.done
        else:
            res = None          # no reply at all
        label = "ok" if res == 0 else ("noreply" if res is None
                                        else errname(res))
        errs[label] += 1
        per_cmd[name.replace("SFCPROXY_CMD_", "")][label] += 1

        well_formed = (info["intact"] and info["request"] and
                       info["reserved"] == 0 and not st)
        if info["cmd"] > uapi.cmd_max or uapi.notification_only(name):
            if well_formed and res != errno.EOPNOTSUPP:
                fail(i, info, "no such operation, got %s" % label)
            state_changing = False
        else:
            state_changing = uapi.is_admin(name)
        # reserved bits are checked from the first command on
        if info["intact"] and info["request"] and info["reserved"] and \
                info["cmd"] and res != errno.EINVAL:
            fail(i, info, "reserved genl header or nlmsg_flags bits not "
                 "refused: %s" % label)
        if well_formed and info["ack"] and res is None:
            fail(i, info, "an intact request with NLM_F_ACK got no answer")
        if not admin and state_changing and well_formed and \
                res != errno.EPERM:
            fail(i, info, "admin command without CAP_NET_ADMIN: %s%s" % (
                label, " (" + r.extack + ")" if r.extack else ""))

        succeeded = res == 0 or (res is None and not st)
        if state_changing and succeeded and admin and info["request"]:
            accepted += 1
            try:
                state, _ = snapshot(uapi, fam, sk)
            except Fail as e:
                fail(i, info, str(e))
        elif (state_changing and rng.random() < args.check) or \
                rng.random() < 0.02 or (not admin and state_changing):
            checks += 1
            try:
                now, _ = snapshot(uapi, fam, sk)
            except Fail as e:
                fail(i, info, str(e))
                continue
            if now != state:
                fail(i, info, "refused (%s%s) but the state changed:\n%s" % (
                    label, ": " + r.extack if r.extack else "",
                    "\n".join(state_diff(uapi, state, now))))
                state = now
        if len(failures) >= 20:
            break
        if admin and state != base_state and \
                (i + 1) % args.restore_every == 0:
            restores += 1
            restore(uapi, fam, sk, base_raw)
            state, _ = snapshot(uapi, fam, sk)

    if admin and state != base_state:
        restores += 1
        problems = restore(uapi, fam, sk, base_raw)
        state, _ = snapshot(uapi, fam, sk)
        if state != base_state:
            failures.append("could not put the objects back (%s):\n%s" % (
                "; ".join(problems),
                "\n".join(state_diff(uapi, base_state, state))))
    final, _ = snapshot(uapi, fam, sk)
    if final != base_state:
        failures.append("final state differs from the start:\n" +
                        "\n".join(state_diff(uapi, base_state, final)))

    dt = time.monotonic() - t0
    print("# nlfuzz: %d requests in %.1f s, %d state comparisons, %d "
          "state-changing requests accepted, %d restores" %
          (i + 1, dt, checks, accepted, restores))
    print("# nlfuzz: results: " + ", ".join(
        "%s %d" % kv for kv in sorted(errs.items(), key=lambda x: -x[1])))
    for cmd in sorted(per_cmd):
        print("#   %-12s %s" % (cmd, ", ".join(
            "%s %d" % kv for kv in sorted(per_cmd[cmd].items(),
                                          key=lambda x: -x[1]))))
    missing = [n for n, _ in uapi.cmds
               if n.replace("SFCPROXY_CMD_", "") not in per_cmd]
    if missing:
        failures.append("commands never fuzzed: %s" % " ".join(missing))
    for f in failures:
        for line in f.split("\n"):
            print("# FAIL " + line)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
