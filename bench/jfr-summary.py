#!/usr/bin/env python3
"""Where the server's threads spend their samples, by IndexedCP method.

Reads `jfr print --json --events jdk.ExecutionSample,jdk.NativeMethodSample` output on stdin and
prints, for running (ExecutionSample) and in-native (NativeMethodSample: fsync, socket reads, ...)
samples separately: the top frames, and the innermost io.indexedcp frame each sample is under.
"""
import collections
import json
import sys

data = json.load(sys.stdin)
events = data.get("recording", {}).get("events", [])
by_kind = collections.defaultdict(lambda: (collections.Counter(), collections.Counter(), [0]))


def tname(frame):
    return frame.get("method", {}).get("type", {}).get("name", "").replace("/", ".")


def name(frame):
    m = frame.get("method", {})
    t = tname(frame) or "?"
    return ".".join(t.split(".")[-2:]) + "." + m.get("name", "?") + ":" + str(frame.get("lineNumber", "?"))


for e in events:
    kind = "running (jdk.ExecutionSample)" if e["type"] == "jdk.ExecutionSample" else "in native (jdk.NativeMethodSample)"
    frames = (e.get("values", {}).get("stackTrace") or {}).get("frames", [])
    if not frames:
        continue
    app = next((f for f in frames if tname(f).startswith("io.indexedcp.")), None)
    if app is None and kind.startswith("in native"):
        continue  # idle selector and pool threads waiting in epoll/accept
    top, under, total = by_kind[kind]
    total[0] += 1
    top[name(frames[0])] += 1
    chain = [name(f) for f in frames if tname(f).startswith("io.indexedcp.")]
    under[" < ".join(chain[:3]) if chain else "(no io.indexedcp frame: container, JIT'd framework, GC helpers)"] += 1

for kind, (top, under, total) in by_kind.items():
    n = total[0]
    print(f"== {kind}: {n} samples")
    print("  top frames:")
    for k, v in top.most_common(15):
        print(f"    {100.0 * v / n:5.1f}%  {k}")
    print("  under IndexedCP method (innermost first):")
    for k, v in under.most_common(15):
        print(f"    {100.0 * v / n:5.1f}%  {k}")
    print()
