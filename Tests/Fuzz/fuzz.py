#!/usr/bin/env python3
"""Stdio fuzzer for zoho-billing-mcp.

Starts `zoho-billing-mcp serve --sandbox`, feeds it a deterministic stream of hostile and valid lines while a
reader thread consumes stdout, closes stdin and then checks that:

  1. the process exits on its own, with status 0 and no signal, within the budget;
  2. every stdout line is JSON and a JSON-RPC 2.0 message;
  3. every well-formed request sent once with an integer id got exactly one response;
  4. peak memory (VmHWM, and ru_maxrss at exit) stays under the bound;
  5. stdout holds nothing but newline-terminated lines of JSON.

Standard library only (Python 3.11+). Exit status 0 on success, 1 on a failed check, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time

MIB = 1 << 20
DEFAULT_MEMORY_BOUND_MIB = 512
HUGE_LINE_BYTES = 64 * MIB  # above the server's 32 MiB line limit
HUGE_LINES = 2  # at most this many 64 MiB lines in a run
DEEP = 100_000
CHUNK_BYTES = 256 * 1024

# Integer ids 1..N are reserved for tracked requests (each used exactly once). Every other integer id the
# generator writes comes from elsewhere: negative numbers, 0, or the ranges below.
FUZZ_INT_BASE = 1 << 40
DUP_INT_BASE = 1 << 44

METHODS = [
    "initialize", "tools/list", "tools/call", "prompts/list", "prompts/get", "completion/complete", "ping",
    "server/discover", "notifications/cancelled", "notifications/initialized",
]
PARAM_FIELDS = {
    "initialize": ["protocolVersion", "capabilities", "clientInfo"],
    "tools/list": ["cursor", "_meta"],
    "tools/call": ["name", "arguments", "_meta"],
    "prompts/list": ["cursor"],
    "prompts/get": ["name", "arguments"],
    "completion/complete": ["ref", "argument", "context"],
    "ping": ["_meta"],
    "server/discover": ["_meta"],
    "notifications/cancelled": ["requestId", "reason"],
    "notifications/initialized": ["_meta"],
}
# Valid calls of the default toolsets. The sandbox holds a whole demo company, so the reports here are the ones
# that read one page each: a report that reads a page per subscription would measure the emulator, not the
# protocol layer, and leave calls running when the input ends.
READ_TOOLS = [
    ("list_invoices", {"status": "overdue"}),
    ("get_invoice", {"invoice_id": "903000000010030"}),
    ("list_customers", {}),
    ("report_ar_aging", {}),
    ("list_invoices", {}),
    ("list_payments", {}),
    ("report_customer_balances", {}),
    ("list_organizations", None),
]
PROMPTS = [
    ("chase_overdue_invoices", {"min_days_overdue": "3"}),
    ("dunning_review", {}),
    ("upcoming_renewals", {"days": "30"}),
]
PROTOCOL_KEY = "io.modelcontextprotocol/protocolVersion"
CAPABILITIES_KEY = "io.modelcontextprotocol/clientCapabilities"


def dumps(value) -> str:
    return json.dumps(value, separators=(",", ":"))


class Generator:
    """Produces the input stream line by line (bytes without the terminator) and records the tracked ids."""

    def __init__(self, seed: int, lines: int):
        self.rng = random.Random(seed)
        self.total = lines
        self.pre_init = max(50, min(3000, lines // 4))
        self.next_tracked = 1
        self.tracked: dict[int, bytes] = {}  # id -> the request line (for the report)
        self.tracked_notifications = 0
        self.fuzz_counter = 0
        self.dup_counter = 0
        self.huge_left = HUGE_LINES
        self.huge_at = sorted({max(1, self.pre_init // 2), self.pre_init + (lines - self.pre_init) // 2})
        self.deep_at = set(self.rng.sample(range(1, max(2, lines)), k=min(lines - 1, 24)))
        self.produced = 0
        self.initialized = False
        self.pending: collections.deque[bytes] = collections.deque()
        self.counts = collections.Counter()

    # -- values -------------------------------------------------------------------------------------------------

    def fuzz_int_id(self) -> int:
        self.fuzz_counter += 1
        r = self.rng.random()
        if r < 0.3:
            return -self.rng.randint(1, 1 << 62)
        if r < 0.35:
            return 0
        return FUZZ_INT_BASE + self.fuzz_counter

    def fuzz_id_text(self) -> str:
        """JSON text of an id of any type, never a tracked integer."""
        choices = [
            lambda: str(self.fuzz_int_id()),
            lambda: str(-self.rng.randint(1, 1000)),
            lambda: repr(self.rng.uniform(-1e6, 1e6)),
            lambda: str(self.rng.randint(1, 9)) + ".0",
            lambda: "1e3",
            lambda: "-0",
            lambda: "9223372036854775807",
            lambda: "-9223372036854775808",
            lambda: "9223372036854775808",
            lambda: "1" + "0" * self.rng.randint(20, 400),
            lambda: dumps("s-%d" % self.rng.randint(0, 1 << 30)),
            lambda: dumps(""),
            lambda: dumps("\u0000\u2028\ud7ff\U0001f600"),
            lambda: '"\\ud800"',  # lone surrogate escape
            lambda: "null",
            lambda: "true",
            lambda: "false",
            lambda: "[]",
            lambda: "[%d]" % self.fuzz_int_id(),
            lambda: "{}",
            lambda: '{"id":%d}' % self.fuzz_int_id(),
        ]
        return self.rng.choice(choices)()

    def junk_value(self, depth: int = 0):
        r = self.rng.randrange(12)
        if r == 0:
            return None
        if r == 1:
            return self.rng.choice([True, False])
        if r == 2:
            return self.rng.randint(-(1 << 63), (1 << 63) - 1)
        if r == 3:
            return self.rng.uniform(-1e300, 1e300)
        if r == 4:
            return ""
        if r == 5:
            return "".join(chr(self.rng.choice([0x41, 0x7F, 0xE9, 0x2028, 0xFFFF, 0x1F600, 0x0]))
                           for _ in range(self.rng.randint(1, 12)))
        if r == 6:
            return "x" * self.rng.randint(0, 3000)
        if r == 7 and depth < 3:
            return [self.junk_value(depth + 1) for _ in range(self.rng.randint(0, 4))]
        if r == 8 and depth < 3:
            return {self.rng.choice(["a", "", "_meta", "name", "$ref", "\u00e9"]) + str(i): self.junk_value(depth + 1)
                    for i in range(self.rng.randint(0, 4))}
        if r == 9:
            return self.rng.randint(-5, 5)
        if r == 10:
            return "903000000010030"
        return {}

    def wrong_type(self, right: str):
        """A value of a type other than `right` (one of: str, int, obj, arr, bool, num)."""
        pool = {
            "str": ["s", "", "2025-06-18", "list_invoices"],
            "int": [7, -1, 0, 1 << 62],
            "num": [1.5, -0.0, 1e308],
            "bool": [True, False],
            "null": [None],
            "arr": [[], [1], ["a", {}], [[[]]]],
            "obj": [{}, {"a": 1}, {"_meta": None}],
        }
        kinds = [k for k in pool if k != right]
        return self.rng.choice(pool[self.rng.choice(kinds)])

    # -- line kinds ---------------------------------------------------------------------------------------------

    def tracked_request(self) -> bytes:
        ident = self.next_tracked
        self.next_tracked += 1
        r = self.rng.random()
        if r < 0.30:
            message = {"jsonrpc": "2.0", "id": ident, "method": "ping"}
        elif r < 0.32:
            message = {"jsonrpc": "2.0", "id": ident, "method": "tools/list"}
        elif r < 0.36:
            message = {"jsonrpc": "2.0", "id": ident, "method": "prompts/list"}
        elif r < 0.70:
            name, arguments = self.rng.choice(READ_TOOLS)
            params = {"name": name}
            if arguments is not None:
                params["arguments"] = arguments
            message = {"jsonrpc": "2.0", "id": ident, "method": "tools/call", "params": params}
        elif r < 0.80:
            # bad arguments: wrong types, unknown tools, unknown members
            choice = self.rng.randrange(5)
            if choice == 0:
                params = {"name": "get_invoice", "arguments": {"invoice_id": self.wrong_type("str")}}
            elif choice == 1:
                params = {"name": "no_such_tool_%d" % self.rng.randint(0, 99), "arguments": {}}
            elif choice == 2:
                params = {"name": "list_invoices", "arguments": {"status": self.junk_value(), "per_page": "x"}}
            elif choice == 3:
                params = {"name": self.rng.choice(["list_customers", "report_ar_aging"]),
                          "arguments": {"zz_unknown": 1, "bucket_days": self.wrong_type("int")}}
            else:
                params = {"name": self.wrong_type("str"), "arguments": self.wrong_type("obj")}
            message = {"jsonrpc": "2.0", "id": ident, "method": "tools/call", "params": params}
        elif r < 0.85:
            name, arguments = self.rng.choice(PROMPTS)
            message = {"jsonrpc": "2.0", "id": ident, "method": "prompts/get",
                       "params": {"name": name, "arguments": arguments}}
        elif r < 0.88:
            message = {"jsonrpc": "2.0", "id": ident, "method": "completion/complete",
                       "params": {"ref": {"type": "ref/prompt", "name": "chase_overdue_invoices"},
                                  "argument": {"name": "customer_name", "value": "A"}}}
        elif r < 0.92:
            message = {"jsonrpc": "2.0", "id": ident, "method": "server/discover"}
        else:
            message = {"jsonrpc": "2.0", "id": ident, "method": "unknown/" + str(self.rng.randint(0, 50))}
        line = dumps(message)
        # Framing slack the server must tolerate: CR before LF, trailing blanks, leading blanks.
        s = self.rng.random()
        if s < 0.03:
            line += "\r"
        elif s < 0.05:
            line += " \t "
        elif s < 0.07:
            line = "  " + line
        data = line.encode()
        self.tracked[ident] = data
        self.counts["tracked"] += 1
        return data

    def tracked_ping(self) -> bytes:
        """A tracked ping, queued right after a hostile line to show the server reads on normally."""
        ident = self.next_tracked
        self.next_tracked += 1
        data = dumps({"jsonrpc": "2.0", "id": ident, "method": "ping"}).encode()
        self.tracked[ident] = data
        self.counts["tracked"] += 1
        return data

    def final_line(self) -> bytes:
        """A tracked tool call sent as the last bytes, without a line break: end of input must still deliver it."""
        ident = self.next_tracked
        self.next_tracked += 1
        data = dumps({"jsonrpc": "2.0", "id": ident, "method": "tools/call",
                      "params": {"name": "list_invoices", "arguments": {"status": "overdue"}}}).encode()
        self.tracked[ident] = data
        self.counts["tracked"] += 1
        return data

    def random_bytes(self) -> bytes:
        n = self.rng.choice([1, 2, 5, 17, 100, 1000, 5000])
        data = bytes(self.rng.getrandbits(8) for _ in range(min(n, 64))) * (n // 64 + 1)
        return data[:n].replace(b"\n", b"\x0b")

    def invalid_utf8(self) -> bytes:
        bad = self.rng.choice([b"\xff", b"\xc0\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xe2\x82", b"\x80",
                               b"\xfe\xfe", b"\xc3"])
        where = self.rng.randrange(4)
        ident = self.fuzz_id_text()
        if where == 0:
            return b'{"jsonrpc":"2.0","id":' + ident.encode() + b',"method":"ping","params":{"x":"' + bad + b'"}}'
        if where == 1:
            return b'{"jsonrpc":"2.0","id":"' + bad + b'","method":"tools/list"}'
        if where == 2:
            return b'{"jsonrpc":"2.0","id":' + ident.encode() + b',"method":"' + bad + b'"}'
        return bad * self.rng.randint(1, 50)

    def truncated_json(self) -> bytes:
        base = dumps({"jsonrpc": "2.0", "id": self.fuzz_int_id(), "method": "tools/call",
                      "params": {"name": "list_invoices", "arguments": {"status": "overdue", "x": [1, 2.5, None]}}})
        cut = self.rng.randint(1, len(base) - 1)
        return base[:cut].encode()

    def wrong_types(self) -> bytes:
        """A request or notification with one field of the envelope or the params of the wrong type."""
        method = self.rng.choice(METHODS)
        notification = method.startswith("notifications/")
        message: dict = {"jsonrpc": "2.0", "method": method}
        if not notification:
            message["id"] = self.fuzz_int_id()
        params: dict = {}
        if method == "initialize":
            params = {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "fuzz"}}
        elif method == "tools/call":
            params = {"name": "list_invoices", "arguments": {"status": "overdue"}}
        elif method == "prompts/get":
            params = {"name": "dunning_review", "arguments": {}}
        elif method == "completion/complete":
            params = {"ref": {"type": "ref/prompt", "name": "upcoming_renewals"},
                      "argument": {"name": "days", "value": "3"}, "context": {"arguments": {}}}
        elif method == "notifications/cancelled":
            params = {"requestId": self.fuzz_int_id(), "reason": "fuzz"}
        if method == "initialize" and not self.initialized:
            # Before the one real initialize nothing may open a session: keep protocolVersion a non-string.
            params["protocolVersion"] = self.wrong_type("str")
        message["params"] = params
        field = self.rng.choice(["jsonrpc", "id", "method", "params"] + ["params." + f for f in PARAM_FIELDS[method]])
        if field == "jsonrpc":
            message["jsonrpc"] = self.rng.choice([self.wrong_type("str"), "1.0", "2.00", "2.0 ", ""])
        elif field == "id":
            message.pop("id", None)
            text = dumps(message)
            return ('{"id":' + self.fuzz_id_text() + "," + text[1:]).encode()
        elif field == "method":
            message["method"] = self.wrong_type("str")
        elif field == "params":
            message["params"] = self.wrong_type("obj")
        else:
            name = field.split(".", 1)[1]
            expected = {"protocolVersion": "str", "name": "str", "cursor": "str", "reason": "str",
                        "requestId": "int"}.get(name, "obj")
            value = self.wrong_type(expected)
            if name == "requestId" and isinstance(value, int):
                value = -abs(value) - 1
            params[name] = value
        if method == "initialize" and not self.initialized and isinstance(params.get("protocolVersion"), str):
            params["protocolVersion"] = None
        return dumps(message).encode()

    def unknown_method(self) -> bytes:
        name = self.rng.choice(["foo", "tools/lst", "TOOLS/LIST", "", "rpc.discover", "notifications/x",
                                "$/cancelRequest", "resources/list", "logging/setLevel", "tools/call/", "ping "])
        message = {"jsonrpc": "2.0", "method": name, "params": {}}
        if self.rng.random() < 0.8:
            message["id"] = self.fuzz_int_id()
        return dumps(message).encode()

    def duplicate_ids(self) -> None:
        """Queues two or three in-flight requests sharing one id."""
        self.dup_counter += 1
        if self.rng.random() < 0.5:
            ident = dumps(DUP_INT_BASE + self.dup_counter)
        else:
            ident = dumps("dup-%d" % self.dup_counter)
        for _ in range(self.rng.randint(2, 3)):
            name, arguments = self.rng.choice(READ_TOOLS[:4])
            self.pending.append(('{"jsonrpc":"2.0","id":%s,"method":"tools/call","params":%s}'
                                 % (ident, dumps({"name": name, "arguments": arguments or {}}))).encode())
        if self.rng.random() < 0.3:
            self.pending.append(('{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":%s}}'
                                 % ident).encode())

    def id_types(self) -> bytes:
        method = self.rng.choice(["ping", "tools/list", "tools/call", "nope"])
        params = ',"params":{"name":"list_customers"}' if method == "tools/call" else ""
        return ('{"jsonrpc":"2.0","id":%s,"method":"%s"%s}' % (self.fuzz_id_text(), method, params)).encode()

    def batch(self) -> bytes:
        items = []
        for _ in range(self.rng.randint(0, 5)):
            items.append({"jsonrpc": "2.0", "id": self.fuzz_int_id(), "method": self.rng.choice(["ping", "tools/list"])})
        if self.rng.random() < 0.3:
            items.append(self.junk_value())
        return dumps(items).encode()

    def modern(self) -> bytes:
        method = self.rng.choice(["server/discover", "tools/list", "tools/call", "prompts/list", "ping",
                                  "prompts/get", "completion/complete"])
        meta = {PROTOCOL_KEY: self.rng.choice(["2026-07-28", "2026-07-28", "1999-01-01", 5]),
                CAPABILITIES_KEY: self.rng.choice([{}, {}, None, "x"])}
        params: dict = {"_meta": meta}
        if method == "tools/call":
            params.update({"name": "list_invoices", "arguments": {"status": "overdue"}})
        if method == "prompts/get":
            params.update({"name": "dunning_review"})
        if self.rng.random() < 0.1:
            params["requestState"] = "bogus-%d" % self.rng.randint(0, 99)
        return dumps({"jsonrpc": "2.0", "id": self.fuzz_int_id(), "method": method, "params": params}).encode()

    def misc(self) -> bytes:
        r = self.rng.randrange(10)
        if r == 0:
            return b""
        if r == 1:
            return self.rng.choice([b" ", b"\t", b"\r", b" \r", b"\x00", b"\x0c"])
        if r == 2:
            return b'{"jsonrpc":"2.0","method":"notifications/initialized"}'
        if r == 3:
            # responses to requests the server never made
            return ('{"jsonrpc":"2.0","id":%s,"result":{}}' % self.fuzz_id_text()).encode()
        if r == 4:
            return ('{"jsonrpc":"2.0","id":"zoho-billing-mcp-%d","error":{"code":"x"}}' % self.rng.randint(0, 9)).encode()
        if r == 5:
            return self.rng.choice([b"null", b"true", b"1", b'"2.0"', b"{}", b"[]", b"[[]]", b"NaN", b"Infinity",
                                    b"-", b"1e99999", b'{"jsonrpc":"2.0"}', b'{"jsonrpc":"2.0","id":1e400}'])
        if r == 6:
            return b'{"jsonrpc":"2.0","id":%d,"method":"ping","method":"tools/list"}' % self.fuzz_int_id()
        if r == 7:
            return b'\xef\xbb\xbf{"jsonrpc":"2.0","id":%d,"method":"ping"}' % self.fuzz_int_id()
        if r == 8:
            return b'{"jsonrpc":"2.0","id":%d,"method":"ping"} trailing' % self.fuzz_int_id()
        return ('{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"list_invoices","arguments":'
                '{"status":"%s"}}}' % (self.fuzz_int_id(), "\\u0000" * self.rng.randint(1, 2000))).encode()

    def deep(self) -> bytes:
        r = self.rng.randrange(9)
        ident = self.fuzz_int_id()
        if r == 0:
            return b"[" * DEEP
        if r == 1:
            return b'{"a":' * DEEP
        if r == 2:
            return b"[" * DEEP + b"]" * DEEP
        if r == 3:
            return b'{"a":' * DEEP + b"1" + b"}" * DEEP
        if r == 4:
            return (b'{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"list_invoices","arguments":'
                    b'{"status":' % ident + b"[" * DEEP + b"]" * DEEP + b"}}}")
        if r == 5:
            return b'{"jsonrpc":"2.0","id":' + b"[" * DEEP + b"]" * DEEP + b',"method":"ping"}'
        # just inside and just outside the server's nesting limit (256)
        depth = self.rng.choice([250, 252, 253, 254, 255, 256, 257])
        return (b'{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"get_invoice","arguments":'
                b'{"invoice_id":' % ident + b"[" * depth + b"]" * depth + b"}}}")

    def big(self) -> bytes:
        # A single 64 MiB line: a ping whose params carry one enormous string.
        head = b'{"jsonrpc":"2.0","id":%d,"method":"ping","params":{"s":"' % self.fuzz_int_id()
        return head + b"x" * (HUGE_LINE_BYTES - len(head) - 3) + b'"}}'

    def medium(self) -> bytes:
        # A valid request of ~1-4 MiB, well under the limit: the server must parse it and answer.
        size = self.rng.choice([1, 2, 4]) * MIB
        head = b'{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"list_customers","arguments":{"q":"' \
            % self.fuzz_int_id()
        return head + b"y" * size + b'"}}}'

    # -- the stream ---------------------------------------------------------------------------------------------

    def __iter__(self):
        while self.produced < self.total or self.pending:
            yield self.next_line()

    def next_line(self) -> bytes:
        self.produced += 1
        if self.pending:
            return self.pending.popleft()
        index = self.produced
        if index == self.pre_init:
            self.initialized = True
            ident = self.next_tracked
            self.next_tracked += 1
            data = dumps({"jsonrpc": "2.0", "id": ident, "method": "initialize",
                          "params": {"protocolVersion": "2025-06-18", "capabilities": {},
                                     "clientInfo": {"name": "fuzz", "version": "1"}}}).encode()
            self.tracked[ident] = data
            self.counts["initialize"] += 1
            self.pending.append(b'{"jsonrpc":"2.0","method":"notifications/initialized"}')
            return data
        if self.huge_left and self.huge_at and index >= self.huge_at[0]:
            self.huge_at.pop(0)
            self.huge_left -= 1
            self.counts["huge"] += 1
            self.pending.append(self.tracked_ping())
            return self.big()
        if index in self.deep_at:
            self.counts["deep"] += 1
            self.pending.append(self.tracked_ping())
            return self.deep()
        r = self.rng.random()
        kinds = [
            (0.20, "tracked", self.tracked_request),
            (0.30, "random_bytes", self.random_bytes),
            (0.37, "invalid_utf8", self.invalid_utf8),
            (0.45, "truncated", self.truncated_json),
            (0.65, "wrong_types", self.wrong_types),
            (0.69, "unknown_method", self.unknown_method),
            (0.73, "id_types", self.id_types),
            (0.77, "batch", self.batch),
            (0.82, "modern", self.modern),
            (0.97, "misc", self.misc),
            (0.9702, "medium", self.medium),
        ]
        for bound, name, make in kinds:
            if r < bound:
                if name != "tracked":
                    self.counts[name] += 1
                return make()
        self.counts["duplicate_ids"] += 1
        self.duplicate_ids()
        return self.pending.popleft()


class Failure(Exception):
    pass


def shorten(data, limit: int = 300) -> str:
    text = data if isinstance(data, str) else data.decode("utf-8", "backslashreplace")
    return text if len(text) <= limit else text[:limit] + "... (%d chars)" % len(text)


def reject_constant(name):
    raise ValueError("non-JSON constant %s" % name)


def read_hwm_kib(pid: int) -> int | None:
    try:
        with open("/proc/%d/status" % pid) as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description="Fuzz zoho-billing-mcp over stdio.")
    parser.add_argument("--binary", required=True, help="path to the zoho-billing-mcp executable")
    parser.add_argument("--lines", type=int, default=100_000, help="lines to generate (at least)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--budget", type=float, default=300.0, help="seconds allowed for the whole run")
    parser.add_argument("--memory-mib", type=int, default=DEFAULT_MEMORY_BOUND_MIB, help="peak RSS bound")
    parser.add_argument("--save-input", metavar="PATH", help="also write the generated stream to PATH (replay "
                        "with: zoho-billing-mcp serve --sandbox < PATH)")
    args = parser.parse_args()
    if args.lines < 1:
        parser.error("--lines must be positive")
    if not os.access(args.binary, os.X_OK):
        parser.error("not an executable: %s" % args.binary)

    binary = os.path.abspath(args.binary)
    started = time.monotonic()
    deadline = started + args.budget
    home = tempfile.mkdtemp(prefix="zoho-fuzz-home-")
    stderr_path = os.path.join(home, "stderr.log")
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": home, "ZOHO_MCP_SANDBOX": "1",
           "ZOHO_MCP_AUDIT_LOG": "off", "ZOHO_MCP_CONFIRM": "off"}
    stderr_file = open(stderr_path, "wb")
    child = subprocess.Popen([binary, "serve", "--sandbox"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=stderr_file, env=env, cwd=home, bufsize=1 << 20)
    pid = child.pid
    generator = Generator(args.seed, args.lines)
    failures: list[str] = []
    recent = collections.deque(maxlen=20)  # the last lines written, for a crash report
    state = {"written_lines": 0, "written_bytes": 0, "write_error": None, "hwm_kib": 0, "exited": False}

    def writer():
        save = open(args.save_input, "wb") if args.save_input else None
        buffer = bytearray()
        try:
            for line in generator:
                recent.append((state["written_lines"] + 1, line[:400], len(line)))
                state["written_lines"] += 1
                if len(line) >= CHUNK_BYTES:
                    if buffer:
                        child.stdin.write(buffer)
                        if save:
                            save.write(buffer)
                        buffer.clear()
                    child.stdin.write(line)
                    child.stdin.write(b"\n")
                    child.stdin.flush()
                    if save:
                        save.write(line)
                        save.write(b"\n")
                    state["written_bytes"] += len(line) + 1
                    continue
                buffer += line
                buffer += b"\n"
                state["written_bytes"] += len(line) + 1
                if len(buffer) >= CHUNK_BYTES:
                    child.stdin.write(buffer)
                    child.stdin.flush()
                    if save:
                        save.write(buffer)
                    buffer.clear()
            final = generator.final_line()
            recent.append((state["written_lines"] + 1, final, len(final)))
            state["written_lines"] += 1
            state["written_bytes"] += len(final)
            buffer += final
            child.stdin.write(buffer)
            if save:
                save.write(buffer)
        except (BrokenPipeError, OSError) as error:
            state["write_error"] = "%s after %d lines" % (error, state["written_lines"])
        finally:
            try:
                child.stdin.close()
            except OSError:
                pass
            if save:
                save.close()

    responses = collections.Counter()  # integer id -> responses seen
    stats = collections.Counter()
    bad_lines: list[str] = []

    def reader():
        stream = child.stdout
        while True:
            line = stream.readline()
            if not line:
                break
            stats["stdout_lines"] += 1
            stats["stdout_bytes"] += len(line)
            problem = None
            if not line.endswith(b"\n"):
                problem = "unterminated final line"
            else:
                try:
                    message = json.loads(line.decode("utf-8"), parse_constant=reject_constant)
                except (UnicodeDecodeError, ValueError) as error:
                    message = None
                    problem = "not JSON (%s)" % error
                if problem is None:
                    problem = check_message(message)
                if problem is None and "method" not in message:
                    ident = message.get("id")
                    if isinstance(ident, int) and not isinstance(ident, bool):
                        responses[ident] += 1
                    stats["errors" if "error" in message else "results"] += 1
                elif problem is None:
                    stats["server_messages"] += 1
            if problem is not None:
                stats["bad"] += 1
                if len(bad_lines) < 10:
                    bad_lines.append("%s: %s" % (problem, shorten(line.rstrip(b"\n"))))

    def monitor():
        while not state["exited"]:
            hwm = read_hwm_kib(pid)
            if hwm is not None:
                state["hwm_kib"] = max(state["hwm_kib"], hwm)
            time.sleep(0.2)

    threads = [threading.Thread(target=writer, daemon=True), threading.Thread(target=reader, daemon=True)]
    memory_thread = threading.Thread(target=monitor, daemon=True)
    for thread in threads:
        thread.start()
    memory_thread.start()

    # Wait for the process to exit on its own, reaping it with wait4 for its exact peak RSS.
    status = None
    rusage = None
    while True:
        waited, wait_status, usage = os.wait4(pid, os.WNOHANG)
        if waited == pid:
            status, rusage = wait_status, usage
            break
        hwm = read_hwm_kib(pid)  # last look before it goes away
        if hwm is not None:
            state["hwm_kib"] = max(state["hwm_kib"], hwm)
        if time.monotonic() > deadline:
            failures.append("hang: the server was still running after the %.0f s budget (%d of %d lines written, "
                            "stdin %s)" % (args.budget, state["written_lines"], args.lines,
                                           "closed" if child.stdin.closed else "still open"))
            os.kill(pid, signal.SIGKILL)
            _, status, rusage = os.wait4(pid, 0)
            break
        time.sleep(0.05)
    state["exited"] = True
    child.returncode = os.waitstatus_to_exitcode(status)  # reaped here; keep Popen from trying again
    for thread in threads:
        thread.join(timeout=max(1.0, deadline + 10 - time.monotonic()))
        if thread.is_alive():
            failures.append("a %s thread did not finish" % thread.name)
    elapsed = time.monotonic() - started
    stderr_file.close()
    peak_kib = max(state["hwm_kib"], rusage.ru_maxrss if rusage else 0)

    # 1. exit on its own, status 0, no signal
    if os.WIFSIGNALED(status) and not failures:
        failures.append("crash: the server died of signal %d (%s)" % (
            os.WTERMSIG(status), signal.Signals(os.WTERMSIG(status)).name))
    elif os.WIFEXITED(status) and os.WEXITSTATUS(status) != 0:
        failures.append("the server exited with status %d" % os.WEXITSTATUS(status))
    if state["write_error"]:
        failures.append("writing stdin failed (the server stopped reading): %s" % state["write_error"])
    if failures and (os.WIFSIGNALED(status) or state["write_error"] or os.WEXITSTATUS(status) != 0):
        failures.append("last lines written before the failure:\n" + "\n".join(
            "  #%d (%d bytes): %s" % (n, size, shorten(text, 200)) for n, text, size in recent))
    # 2 and 5. every stdout line is a JSON-RPC 2.0 message
    if stats["bad"]:
        failures.append("%d stdout line(s) are not JSON-RPC 2.0 messages, e.g.:\n  %s"
                        % (stats["bad"], "\n  ".join(bad_lines)))
    # 3. exactly one response per tracked request
    if not state["write_error"] and not os.WIFSIGNALED(status):
        missing = [i for i in generator.tracked if responses[i] == 0]
        repeated = [i for i in generator.tracked if responses[i] > 1]
        if missing:
            failures.append("%d tracked request(s) got no response, e.g.:\n  %s" % (
                len(missing), "\n  ".join(shorten(generator.tracked[i], 200) for i in missing[:5])))
        if repeated:
            failures.append("%d tracked request(s) got more than one response, e.g.:\n  %s" % (
                len(repeated), "\n  ".join("x%d %s" % (responses[i], shorten(generator.tracked[i], 200))
                                           for i in repeated[:5])))
        strays = [i for i in responses if 1 <= i < generator.next_tracked and i not in generator.tracked]
        if strays:
            failures.append("responses carry ids in the tracked range that were never sent: %s" % strays[:5])
    # 4. peak memory
    if peak_kib > args.memory_mib * 1024:
        failures.append("peak RSS %.1f MiB exceeds the %d MiB bound" % (peak_kib / 1024, args.memory_mib))

    print("zoho-billing-mcp fuzz: seed %d, %d lines (%.1f MiB) sent, run took %.1f s"
          % (args.seed, state["written_lines"], state["written_bytes"] / MIB, elapsed))
    print("  mix: " + ", ".join("%s %d" % kv for kv in sorted(generator.counts.items())))
    print("  stdout: %d lines (%.1f MiB): %d results, %d errors, %d server messages"
          % (stats["stdout_lines"], stats["stdout_bytes"] / MIB, stats["results"], stats["errors"],
             stats["server_messages"]))
    checked = not state["write_error"] and not os.WIFSIGNALED(status)
    print("  tracked requests: %d, each answered once: %s"
          % (len(generator.tracked), "not checked (the server stopped early)" if not checked
             else "yes" if not any("tracked" in f for f in failures) else "NO"))
    print("  exit: %s; peak RSS %.1f MiB (bound %d MiB)" % (
        "signal %d" % os.WTERMSIG(status) if os.WIFSIGNALED(status) else "status %d" % os.WEXITSTATUS(status),
        peak_kib / 1024, args.memory_mib))
    if failures:
        print("FAILED:", file=sys.stderr)
        for failure in failures:
            print("- " + failure, file=sys.stderr)
        try:
            with open(stderr_path, "rb") as log:
                tail = log.read()[-2000:]
            if tail:
                print("server stderr (tail):\n" + shorten(tail, 2000), file=sys.stderr)
        except OSError:
            pass
        print("(reproduce with --seed %d --lines %d; --save-input PATH keeps the stream)" % (args.seed, args.lines),
              file=sys.stderr)
        shutil.rmtree(home, ignore_errors=True)
        return 1
    shutil.rmtree(home, ignore_errors=True)
    print("OK")
    return 0


def check_message(message) -> str | None:
    """Why `message` is not a JSON-RPC 2.0 message the server may send, or None."""
    if not isinstance(message, dict):
        return "not a JSON object"
    if message.get("jsonrpc") != "2.0":
        return 'no "jsonrpc":"2.0"'
    if "method" in message:
        if not isinstance(message["method"], str):
            return "method is not a string"
        if "result" in message or "error" in message:
            return "a request that is also a response"
        return None
    if "id" not in message:
        return "a response without id"
    ident = message["id"]
    if not (ident is None or isinstance(ident, str) or (isinstance(ident, int) and not isinstance(ident, bool))):
        return "a response id that is neither a string, an integer nor null"
    if ("result" in message) == ("error" in message):
        return "a response needs exactly one of result and error"
    if "error" in message:
        error = message["error"]
        if not isinstance(error, dict) or not isinstance(error.get("code"), int) or not isinstance(
                error.get("message"), str):
            return "an error without an integer code and a string message"
    elif not isinstance(message["result"], dict):
        return "a result that is not an object"
    return None


if __name__ == "__main__":
    sys.exit(main())
