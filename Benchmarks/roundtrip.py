#!/usr/bin/env python3
"""Round-trip latency of the built server over real stdio pipes.

Starts `zoho-billing-mcp serve --sandbox` (no network: the sandbox answers in process), initializes, then sends
requests one at a time and times each from the write of the request line to the read of its answer line.
Both stdio transports run side by side in the same invocation, interleaved in rounds so that machine noise
hits both alike: ours (`lines`, blocking reads on a thread) and the MCP SDK's (`sdk`, 10 ms polling).

Usage: python3 Benchmarks/roundtrip.py [--binary PATH] [--requests N] [--rounds R]
Build first: swift build -c release
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time


def start(binary, transport):
    env = dict(os.environ)
    env.pop("ZOHO_MCP_LOG_LEVEL", None)
    process = subprocess.Popen(
        [binary, "serve", "--sandbox", "--stdio-transport", transport],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    return process


def exchange(process, message):
    line = (json.dumps(message, separators=(",", ":")) + "\n").encode()
    started = time.perf_counter_ns()
    process.stdin.write(line)
    process.stdin.flush()
    answer = process.stdout.readline()
    elapsed = time.perf_counter_ns() - started
    if not answer:
        raise RuntimeError("server closed stdout")
    return elapsed, json.loads(answer)


def initialize(process):
    exchange(process, {"jsonrpc": "2.0", "id": 0, "method": "initialize", "params": {
        "protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "bench", "version": "1"}}})
    process.stdin.write(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
    process.stdin.flush()


def measure(process, method, params, count, first_id):
    samples = []
    for offset in range(count):
        message = {"jsonrpc": "2.0", "id": first_id + offset, "method": method}
        if params is not None:
            message["params"] = params
        elapsed, answer = exchange(process, message)
        if "error" in answer or answer.get("result", {}).get("isError"):
            raise RuntimeError(f"{method} failed: {answer}")
        samples.append(elapsed / 1e6)
    return samples


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--binary", default=os.path.join(root, ".build", "release", "zoho-billing-mcp"))
    parser.add_argument("--requests", type=int, default=200, help="requests per workload per round")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        sys.exit(f"{args.binary} not found; run `swift build -c release` first")

    workloads = [
        ("ping", "ping", None),
        ("tools/list", "tools/list", {}),
        ("tools/call list_organizations", "tools/call", {"name": "list_organizations", "arguments": {}}),
        ("tools/call list_invoices", "tools/call", {"name": "list_invoices", "arguments": {"per_page": 25}}),
    ]
    results = {(name, transport): [] for name, _, _ in workloads for transport in ("lines", "sdk")}
    for round_index in range(args.rounds):
        for transport in ("lines", "sdk") if round_index % 2 == 0 else ("sdk", "lines"):
            process = start(args.binary, transport)
            try:
                initialize(process)
                next_id = 1
                for name, method, params in workloads:
                    measure(process, method, params, 10, next_id)  # warm-up
                    next_id += 10
                    results[(name, transport)] += measure(process, method, params, args.requests, next_id)
                    next_id += args.requests
            finally:
                process.stdin.close()
                process.wait(timeout=10)

    print(f"binary: {args.binary}")
    print(f"{args.rounds} rounds x {args.requests} sequential requests per workload and transport\n")
    print(f"{'workload':32} {'transport':10} {'median ms':>10} {'p90 ms':>8} {'ratio sdk/lines':>16}")
    for name, _, _ in workloads:
        ours = results[(name, "lines")]
        theirs = results[(name, "sdk")]
        for transport, samples in (("lines", ours), ("sdk", theirs)):
            median = statistics.median(samples)
            p90 = statistics.quantiles(samples, n=10)[-1]
            ratio = statistics.median(theirs) / statistics.median(ours) if transport == "sdk" else None
            ratio_text = f"{ratio:16.1f}" if ratio else ""
            print(f"{name:32} {transport:10} {median:10.3f} {p90:8.3f} {ratio_text}")


if __name__ == "__main__":
    main()
