#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Checks Documentation/chain-file.schema.json: it is a valid draft 2020-12
schema, every file in Documentation/examples/ satisfies it, and files with
the mistakes `apply` refuses field by field fail it too.

Usage: check_chain_schema.py DOCUMENTATION_DIR. Exit 77 (skipped) when the
jsonschema module is not installed (Debian: python3-jsonschema).
"""
import copy
import json
import pathlib
import sys

try:
    import jsonschema
except ImportError:
    print("jsonschema not installed: skipped")
    sys.exit(77)

docs = pathlib.Path(sys.argv[1])
schema = json.loads((docs / "chain-file.schema.json").read_text())
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)

passed = failed = 0


def check(name, ok):
    global passed, failed
    if ok:
        passed += 1
    else:
        failed += 1
        print("not ok -", name)


examples = sorted((docs / "examples").glob("*.json"))
check("there are examples", examples)
for path in examples:
    errors = list(validator.iter_errors(json.loads(path.read_text())))
    for e in errors:
        print(f"{path.name}: {list(e.absolute_path)}: {e.message}")
    check(f"{path.name} is valid", not errors)

base = json.loads((docs / "examples" / "two-chains.json").read_text())


def node(d):
    return d["nodes"]["server1"]


def fn(d):
    return d["functions"]["sf2"]


def chain(d):
    return d["chains"][0]


def flow(d):
    return d["chains"][0]["flows"][0]


# Each of these is refused by `apply` with a path; the schema must refuse
# them as well.
bad = {
    "unknown top-level field": lambda d: d.update(chain=[]),
    "unknown chain field": lambda d: chain(d).update(clasifier="server1"),
    "unknown proxy option": lambda d: fn(d)["proxy"].update({"cache-size": 1}),
    "missing nodes": lambda d: d.pop("nodes"),
    "missing chain id": lambda d: chain(d).pop("id"),
    "bad MAC": lambda d: node(d).update(mac="02:00:00:00:01"),
    "multicast MAC": lambda d: node(d).update(mac="01:00:5e:00:00:01"),
    "zero MAC": lambda d: node(d).update(mac="00:00:00:00:00:00"),
    "interface with a colon": lambda d: node(d).update(interface="eth0:1"),
    "interface too long": lambda d: node(d).update(interface="x" * 16),
    "proxy and mac": lambda d: fn(d).update(mac="02:00:00:00:0f:01"),
    "neither proxy nor mac": lambda d: fn(d).pop("proxy"),
    "bad key mode": lambda d: fn(d)["proxy"].update(key="5tuple"),
    "zero id mask": lambda d: fn(d)["proxy"].update(id_mask="0x0"),
    "cache too large": lambda d: fn(d)["proxy"].update(cache_size=4194305),
    "SPI too large": lambda d: chain(d).update(id=16777216),
    "SI 0": lambda d: chain(d).update(si=0),
    "empty function list": lambda d: chain(d).update(functions=[]),
    "ttl 64": lambda d: chain(d).update(ttl=64),
    "empty flow": lambda d: chain(d).update(flows=[{}]),
    "port without protocol": lambda d: flow(d).pop("proto"),
    "port with icmp": lambda d: flow(d).update(proto="icmp"),
    "port 0": lambda d: flow(d).update(dport=0),
    "unknown protocol": lambda d: flow(d).update(proto="quic"),
    "prefix not an address": lambda d: flow(d).update(src="net10"),
    "md1 of three words": lambda d: chain(d).update(metadata={"md1": [1, 2, 3]}),
    "md1 and md2": lambda d: chain(d).update(metadata={"md1": [1, 2, 3, 4], "md2": []}),
    "md2 value not hex": lambda d: chain(d).update(
        metadata={"md2": [{"class": 1, "type": 2, "value": "xyz"}]}),
    "md2 value too long": lambda d: chain(d).update(
        metadata={"md2": [{"class": 1, "type": 2, "value": "aa" * 128}]}),
    "bad node name": lambda d: d["nodes"].update({"host A": node(d)}),
}
for name, edit in bad.items():
    d = copy.deepcopy(base)
    edit(d)
    check(f"schema refuses: {name}", not validator.is_valid(d))

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
