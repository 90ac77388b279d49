#!/usr/bin/env python3
"""Benchmark of the release binary against a baseline build, side by side in one run.

Sections (see Benchmarks/README.md):
  coldstart   spawn -> initialize -> tools/list answer, peak RSS; `--version` alone
  getinvoice  tools/call get_invoice against a loopback fake Zoho, next to the same GET made from Python
  roundtrip   ping and tools/call list_organizations in the sandbox (no network)
  throughput  8 callers at once: 10,000 get_invoice calls kept 8 in flight, errors, calls/s, memory growth
  report      tools/call report_ar_aging over 10,000 invoices (50 pages) from a loopback fake: time per page above
              the fake's serving time, peak RSS, and how soon requests stop after a cancel (current binary only)

Both binaries run in every round, in alternating order, so that noise on a shared machine hits them alike.
Only the Python standard library is used. The cold-start section also measures two Python MCP servers when
`bash Benchmarks/peers/setup.sh` has installed them under .build/bench-peers (it needs PyPI).

Usage: swift build -c release && python3 Benchmarks/bench.py [--quick] [--only SECTIONS] [--json FILE]
"""
import argparse
import collections
import http.client
import http.server
import json
import math
import os
import platform
import re
import select
import shutil
import signal
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY_NAME = "zoho-billing-mcp"
PROTOCOL_VERSION = "2025-11-25"
SECTIONS = ("coldstart", "getinvoice", "roundtrip", "throughput", "report")
ORGANIZATION_ID = "20071234"
ORGANIZATION_HEADER = "X-com-zoho-subscriptions-organizationid"
FIRST_INVOICE_ID = 2000000000000101
INVOICE_IDS = 10  # the calls cycle through this many ids

# Dummy credentials for the token file. Nothing real, but they are still kept out of every output.
DUMMY_CLIENT_ID = "1000.BENCHMARKCLIENT0000000000000"
DUMMY_CLIENT_SECRET = "bench0000000000000000000000000000000000000"
DUMMY_REFRESH_TOKEN = "1000.bench0000000000000000000000.refresh0000000000000000000000"
DUMMY_ACCESS_TOKEN = "1000.bench0000000000000000000000.access00000000000000000000000"

# Targets for the current binary; shown as PASS/MISS, never enforced.
TARGET_COLD_START_MS = 15.0
TARGET_PEAK_RSS_MIB = 24.0
TARGET_ADDED_MS = 0.2
TARGET_REPORT_PEAK_RSS_MIB = 48.0
TARGET_REPORT_ADDED_PER_PAGE_MS = 1.0
TARGET_CANCEL_MS = 100.0

# The report section's data: Zoho's largest page, and enough pages to make memory and per-page cost visible.
REPORT_PAGES = 50
REPORT_PAGE_SIZE = 200
REPORT_CANCEL_AFTER_PAGES = 10
REPORT_CANCEL_PAGE_DELAY_S = 0.02  # each page takes this long in the cancel runs, so the cancel lands mid-read


class BenchError(Exception):
    """A failure that ends the run with a clear message (no traceback)."""


# ---------------------------------------------------------------------------------------------------------------
# Statistics


def median(samples):
    return statistics.median(samples) if samples else float("nan")


def p90(samples):
    """Nearest-rank 90th percentile."""
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.9 * len(ordered)) - 1)]


# ---------------------------------------------------------------------------------------------------------------
# Child processes

LIVE_CHILDREN = set()


class ServerProcess:
    """One child speaking newline-delimited JSON-RPC on its stdin/stdout.

    Reads use poll(2) on a non-blocking pipe with a deadline, so a silent or dead server ends the run with an
    error instead of hanging it. Every complete line is stamped with the time the read that completed it
    returned; a response's round trip ends there, so parsing JSON in Python is not counted.
    """

    def __init__(self, binary, args, env, stderr_path, label):
        self.label = label
        self.stderr_path = stderr_path
        self.stderr_file = open(stderr_path, "wb")
        self.started_ns = time.perf_counter_ns()
        try:
            self.proc = subprocess.Popen(
                [binary, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.stderr_file, env=env,
                close_fds=True)
        except OSError as error:
            self.stderr_file.close()
            raise BenchError(f"{label}: cannot start {binary}: {error}") from None
        LIVE_CHILDREN.add(self)
        self.stdin_fd = self.proc.stdin.fileno()
        self.stdout_fd = self.proc.stdout.fileno()
        os.set_blocking(self.stdout_fd, False)
        self.poller = select.poll()
        self.poller.register(self.stdout_fd, select.POLLIN)
        self.pending = bytearray()
        self.lines = collections.deque()  # (arrival_ns, raw line)
        self.stdout_open = True
        self.reaped = False
        self.exit_ns = None
        self.exit_code = None
        self.rusage = None
        self.skipped = 0  # lines that were not the awaited response (notifications and the like)

    # -- diagnostics

    def stderr_tail(self, limit=1500):
        try:
            if not self.stderr_file.closed:
                self.stderr_file.flush()
            with open(self.stderr_path, "rb") as handle:
                text = handle.read().decode("utf-8", "replace")
        except OSError:
            return ""
        text = text.strip()
        if not text:
            return ""
        return "\n--- stderr (last lines) ---\n" + text[-limit:]

    def fail(self, message):
        raise BenchError(f"{self.label}: {message}{self.stderr_tail()}")

    # -- writing and reading

    def send(self, data):
        view = memoryview(data)
        try:
            while view:
                written = os.write(self.stdin_fd, view)
                view = view[written:]
        except BrokenPipeError:
            self.fail("the server closed its input (it probably exited)")

    def _fill(self, deadline_ns):
        """Waits for output until the deadline and splits it into lines."""
        if not self.stdout_open:
            self.fail("the server closed its output before answering")
        remaining_ms = math.ceil(max(0, deadline_ns - time.perf_counter_ns()) / 1e6)
        if not self.poller.poll(remaining_ms):
            self.fail("no answer before the timeout; the server seems hung")
        try:
            chunk = os.read(self.stdout_fd, 1 << 16)
        except BlockingIOError:
            return
        arrival = time.perf_counter_ns()
        if not chunk:
            self.stdout_open = False
            self.poller.unregister(self.stdout_fd)
            self.fail("the server closed its output before answering")
        self.pending += chunk
        while True:
            end = self.pending.find(b"\n")
            if end < 0:
                break
            line = bytes(self.pending[:end])
            del self.pending[:end + 1]
            if line.strip():
                self.lines.append((arrival, line))

    def response(self, request_id, deadline_ns):
        """The response with this id, skipping everything else; returns (arrival_ns, raw line, message)."""
        while True:
            while not self.lines:
                self._fill(deadline_ns)
            arrival, raw = self.lines.popleft()
            try:
                message = json.loads(raw)
            except ValueError:
                self.fail(f"a line of output is not JSON: {raw[:200]!r}")
            if (isinstance(message, dict) and message.get("id") == request_id
                    and ("result" in message or "error" in message)):
                return arrival, raw, message
            self.skipped += 1

    def request(self, request_id, method, params, timeout):
        """Sends one request and waits for its answer; returns (elapsed_ns, raw line, message)."""
        message = {"jsonrpc": "2.0", "id": request_id, "method": method}
        if params is not None:
            message["params"] = params
        line = (json.dumps(message, separators=(",", ":")) + "\n").encode()
        started = time.perf_counter_ns()
        self.send(line)
        arrival, raw, answer = self.response(request_id, started + int(timeout * 1e9))
        if "error" in answer:
            self.fail(f"{method} answered with an error: {json.dumps(answer['error'])[:300]}")
        return arrival - started, raw, answer

    def initialize(self, timeout):
        """initialize, then notifications/initialized; returns the initialize result."""
        _, _, answer = self.request(0, "initialize", {
            "protocolVersion": PROTOCOL_VERSION, "capabilities": {},
            "clientInfo": {"name": "zoho-billing-mcp-bench", "version": "1"}}, timeout)
        self.send(b'{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
        return answer["result"]

    # -- ending

    def finish(self, timeout):
        """Closes stdin and reaps the child with wait4 (keeping its rusage); kills it after the timeout."""
        if self.reaped:
            return
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        deadline = time.perf_counter_ns() + int(timeout * 1e9)
        exited = self._wait_exit(deadline)
        if not exited:
            self.kill()
            self.fail(f"did not exit within {timeout:g} s of its input closing")
        self._reap()
        if self.exit_code != 0:
            self.fail(f"exited with status {self.exit_code}")

    def _wait_exit(self, deadline_ns):
        """Waits until the child exits, draining its stdout meanwhile so that it can never block on a write."""
        pidfd = None
        if hasattr(os, "pidfd_open"):
            try:
                pidfd = os.pidfd_open(self.proc.pid)
            except OSError:
                pidfd = None
        poller = select.poll()
        if pidfd is not None:
            poller.register(pidfd, select.POLLIN)
        if self.stdout_open:
            poller.register(self.stdout_fd, select.POLLIN)
        try:
            while True:
                now = time.perf_counter_ns()
                if now >= deadline_ns:
                    return False
                wait_ms = math.ceil((deadline_ns - now) / 1e6) if pidfd is not None else 2
                exited = False
                for fd, _ in poller.poll(wait_ms):
                    if fd == pidfd:
                        exited = True
                    else:
                        self._drain_once()
                        if not self.stdout_open:
                            poller.unregister(self.stdout_fd)
                if pidfd is None:
                    pid, status, usage = os.wait4(self.proc.pid, os.WNOHANG)
                    if pid:
                        exited = True
                        self._record(status, usage)
                if exited:
                    self.exit_ns = time.perf_counter_ns()
                    # Whatever the child wrote last is in the pipe now; keep it (the --version text, say).
                    while self.stdout_open and self._drain_once():
                        pass
                    return True
        finally:
            if pidfd is not None:
                os.close(pidfd)

    def _drain_once(self):
        """One non-blocking read of stdout into the buffer; False once stdout is at its end or empty for now."""
        try:
            chunk = os.read(self.stdout_fd, 1 << 16)
        except BlockingIOError:
            return False
        except OSError:
            chunk = b""
        if not chunk:
            self.stdout_open = False
            return False
        self.pending += chunk
        return True

    def _reap(self):
        if self.reaped:
            return
        _, status, usage = os.wait4(self.proc.pid, 0)
        self._record(status, usage)

    def _record(self, status, usage):
        self.reaped = True
        self.rusage = usage
        self.exit_code = os.waitstatus_to_exitcode(status)
        self.proc.returncode = self.exit_code  # reaped here, so Popen must not wait for it again
        self._close_files()

    def _close_files(self):
        LIVE_CHILDREN.discard(self)
        for stream in (self.proc.stdin, self.proc.stdout, self.stderr_file):
            try:
                stream.close()
            except OSError:
                pass

    def kill(self):
        if self.reaped:
            return
        # os.kill, not Popen.kill: Popen would reap the child itself first and lose its rusage. The pid cannot be
        # reused before the wait4 below.
        try:
            os.kill(self.proc.pid, signal.SIGKILL)
        except OSError:
            pass
        self._reap()

    def record_peak_rss(self):
        """Reads the child's own peak RSS (VmHWM) while it is still running.

        `ru_maxrss` from wait4 would be wrong here: Linux carries the parent's high-water mark across fork and
        exec, so a child of this Python process reports at least Python's own size.
        """
        try:
            with open(f"/proc/{self.proc.pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        self.hwm_kib = int(line.split()[1])
        except OSError:
            self.hwm_kib = None

    @property
    def peak_rss_kib(self):
        return getattr(self, "hwm_kib", None)


def kill_all_children():
    for child in list(LIVE_CHILDREN):
        try:
            child.kill()
        except Exception:  # noqa: BLE001 - best effort while exiting
            pass


# ---------------------------------------------------------------------------------------------------------------
# The fake Zoho

INVOICE_PATH = re.compile(r"/billing/v1/invoices/([0-9]+)")

# A compact invoice as Zoho Billing returns it. Written as text so that amounts keep their exact digits (75.50,
# 1234.567): the server under test must pass them through unchanged. "@ID@" becomes the requested invoice id.
INVOICE_TEMPLATE = (
    '{"code":0,"message":"success","invoice":{'
    '"invoice_id":"@ID@","number":"INV-004217","status":"sent","invoice_date":"2025-05-02",'
    '"due_date":"2025-06-01","payment_expected_date":"","last_payment_date":"","reference_number":"PO-88231",'
    '"customer_id":"2000000000000577","customer_name":"Bergstrom Logistics GmbH","company_name":"Bergstrom Logistics",'
    '"email":"billing@bergstrom-logistics.example","currency_id":"2000000000000097","currency_code":"EUR",'
    '"currency_symbol":"\\u20ac","exchange_rate":1.0,"discount":0.00,"discount_percent":0,'
    '"is_discount_before_tax":true,"is_inclusive_tax":false,"price_precision":3,'
    '"invoice_items":['
    '{"item_id":"2000000000000301","name":"Fleet tracking - Professional","description":"Monthly plan, 12 vehicles",'
    '"code":"FT-PRO","unit":"vehicle","price":75.50,"quantity":12,"discount_amount":0.00,"item_total":906.00,'
    '"tax_id":"2000000000000151","tax_name":"VAT","tax_type":"tax","tax_percentage":19,"product_type":"service"},'
    '{"item_id":"2000000000000302","name":"Route optimisation add-on","description":"Usage, May 2025",'
    '"code":"RO-USAGE","unit":"route","price":0.125,"quantity":2104,"discount_amount":0.00,"item_total":263.000,'
    '"tax_id":"2000000000000151","tax_name":"VAT","tax_type":"tax","tax_percentage":19,"product_type":"service"},'
    '{"item_id":"2000000000000303","name":"Onboarding workshop","description":"One-off, remote, 2 hours",'
    '"code":"ONB-2H","unit":"session","price":65.567,"quantity":1,"discount_amount":0.00,"item_total":65.567,'
    '"tax_id":"2000000000000151","tax_name":"VAT","tax_type":"tax","tax_percentage":19,"product_type":"service"}'
    '],'
    '"coupons":[],"credits":[],"payments":[],'
    '"taxes":[{"tax_name":"VAT (19%)","tax_amount":234.578}],'
    '"sub_total":1234.567,"tax_total":234.578,"total":1469.145,"payment_made":0.00,"credits_applied":0.00,'
    '"write_off_amount":0.00,"balance":1469.145,"adjustment":0.00,"adjustment_description":"",'
    '"billing_address":{"attention":"Accounts payable","street":"Hafenstrasse 12","street2":"","city":"Hamburg",'
    '"state":"Hamburg","zip":"20457","country":"Germany","fax":""},'
    '"shipping_address":{"attention":"","street":"Hafenstrasse 12","street2":"","city":"Hamburg","state":"Hamburg",'
    '"zip":"20457","country":"Germany","fax":""},'
    '"subscriptions":[{"subscription_id":"2000000000000655","subscription_number":"SUB-00231"}],'
    '"custom_fields":[{"customfield_id":"2000000000000811","label":"Cost centre","value":"OPS-7",'
    '"data_type":"string"}],'
    '"notes":"Thank you for your business.","terms":"Payment within 30 days of the invoice date.",'
    '"salesperson_id":"","salesperson_name":"","template_id":"2000000000000019",'
    '"template_name":"Standard Template","invoice_url":"https://billing.zoho.eu/portal/bergstrom/invoices/@ID@",'
    '"created_time":"2025-05-02T09:14:27+0200","updated_time":"2025-05-02T09:14:31+0200"'
    '}}'
)


def invoice_body(invoice_id):
    return INVOICE_TEMPLATE.replace("@ID@", invoice_id).encode()


class FakeZohoHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive unless the client asks otherwise
    disable_nagle_algorithm = True
    timeout = 300  # an idle kept-alive connection is dropped after this long

    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass

    def reply(self, status, body):
        # Head and body in one write, so that no segment waits on a delayed ACK.
        head = (f"HTTP/1.1 {status} {self.responses.get(status, ('',))[0]}\r\n"
                "Content-Type: application/json;charset=UTF-8\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode()
        self.wfile.write(head + body)

    def do_GET(self):  # noqa: N802 - the base class's naming
        fake = self.server
        match = INVOICE_PATH.fullmatch(self.path.split("?", 1)[0])
        if not match:
            fake.count("unexpected")
            return self.reply(404, b'{"code":5,"message":"Invalid URL Passed"}')
        if self.headers.get("Authorization") != fake.authorization:
            fake.count("rejected")
            return self.reply(401, b'{"code":57,"message":"You are not authorized to perform this operation"}')
        if self.headers.get(ORGANIZATION_HEADER) != ORGANIZATION_ID:
            fake.count("unexpected")
            return self.reply(400, b'{"code":6041,"message":"The organization id is missing or wrong."}')
        fake.count("requests")
        self.reply(200, invoice_body(match.group(1)))

    def do_POST(self):  # noqa: N802
        fake = self.server
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.path.split("?", 1)[0] != "/oauth/v2/token":
            fake.count("unexpected")
            return self.reply(404, b'{"code":5,"message":"Invalid URL Passed"}')
        fake.count("refreshes")
        body = json.dumps({"access_token": DUMMY_ACCESS_TOKEN, "expires_in": 3600,
                           "api_domain": fake.origin, "token_type": "Bearer"}).encode()
        self.reply(200, body)


class FakeZoho(http.server.ThreadingHTTPServer):
    """Zoho's invoice and token endpoints on 127.0.0.1, counting connections and requests."""

    daemon_threads = True

    def __init__(self):
        self.lock = threading.Lock()
        self.counters = {"connections": 0, "requests": 0, "refreshes": 0, "rejected": 0, "unexpected": 0}
        self.authorization = "Zoho-oauthtoken " + DUMMY_ACCESS_TOKEN
        super().__init__(("127.0.0.1", 0), FakeZohoHandler)
        self.origin = f"http://127.0.0.1:{self.server_address[1]}"
        self.thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.2},
                                       name="fake-zoho", daemon=True)

    def server_bind(self):
        # HTTPServer.server_bind looks the host name up (getfqdn); a loopback fake has no use for that.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def process_request(self, request, client_address):
        self.count("connections")
        super().process_request(request, client_address)

    def count(self, name):
        with self.lock:
            self.counters[name] += 1

    def snapshot(self):
        with self.lock:
            return dict(self.counters)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()


def difference(after, before):
    return {key: after[key] - before[key] for key in after}


# ---------------------------------------------------------------------------------------------------------------
# Environment and baseline


def base_environment(token_file):
    """PATH and HOME only, plus the token file: nothing from the caller's Zoho settings leaks in."""
    env = {"PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin")}
    if "HOME" in os.environ:
        env["HOME"] = os.environ["HOME"]
    env["ZOHO_TOKEN_FILE"] = token_file
    return env


def fake_zoho_environment(fake, token_file):
    """The server's environment against a fake Zoho, with a token file already written for it.

    The limiter is off: thousands of calls a minute measure the server; Zoho's 100 requests a minute would only
    measure waiting."""
    write_token_file(token_file, fake.origin)
    env = base_environment(token_file)
    env.update({"ZOHO_API_BASE_URL": f"{fake.origin}/billing/v1", "ZOHO_ACCOUNTS_URL": fake.origin,
                "ZOHO_ORGANIZATION_ID": ORGANIZATION_ID, "ZOHO_MCP_ACCESS": "read", "ZOHO_MCP_RATE_LIMIT": "off"})
    return env


def write_token_file(path, accounts_url):
    contents = {
        "client_id": DUMMY_CLIENT_ID,
        "client_secret": DUMMY_CLIENT_SECRET,
        "refresh_token": DUMMY_REFRESH_TOKEN,
        "access_token": DUMMY_ACCESS_TOKEN,
        "access_token_expires_at": "2099-12-31T23:59:59Z",
        "api_domain": accounts_url,
        "accounts_url": accounts_url,
    }
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        json.dump(contents, handle, indent=2)
        handle.write("\n")
    os.chmod(path, 0o600)


def git(*args):
    result = subprocess.run(["git", "-C", ROOT, *args], capture_output=True, text=True)
    if result.returncode != 0:
        raise BenchError(f"git {' '.join(args)} failed: {result.stderr.strip()}")
    return result.stdout.strip()


def build_baseline(ref):
    """Exports REF into .build-baseline/<commit>/src and builds it once; returns the binary's path."""
    commit = git("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    short = git("rev-parse", "--short=7", commit)
    folder = os.path.join(ROOT, ".build-baseline", short)
    source = os.path.join(folder, "src")
    binary = os.path.join(source, ".build", "release", BINARY_NAME)
    if os.access(binary, os.X_OK):
        return binary, short
    exported = os.path.join(folder, ".exported")
    if not os.path.exists(exported):
        shutil.rmtree(source, ignore_errors=True)
        os.makedirs(source)
        archive = subprocess.Popen(["git", "-C", ROOT, "archive", commit], stdout=subprocess.PIPE)
        untar = subprocess.run(["tar", "-x", "-C", source], stdin=archive.stdout)
        archive.stdout.close()
        if archive.wait() != 0 or untar.returncode != 0:
            raise BenchError(f"could not export {ref} into {source}")
        with open(exported, "w") as handle:
            handle.write(commit + "\n")
    log_path = os.path.join(folder, "build.log")
    print(f"Building the baseline {short} ({ref}) in {os.path.relpath(folder, ROOT)}; this takes several "
          f"minutes and happens once (log: {os.path.relpath(log_path, ROOT)}).", file=sys.stderr, flush=True)
    started = time.monotonic()
    with open(log_path, "wb") as log:
        result = subprocess.run(["swift", "build", "-c", "release", "--package-path", source],
                                stdout=log, stderr=subprocess.STDOUT)
    if result.returncode != 0 or not os.access(binary, os.X_OK):
        with open(log_path, "rb") as log:
            tail = log.read()[-3000:].decode("utf-8", "replace")
        raise BenchError(f"building the baseline failed (see {log_path}):\n{tail}")
    print(f"Baseline built in {time.monotonic() - started:.0f} s.", file=sys.stderr, flush=True)
    return binary, short


def binary_version(binary):
    try:
        result = subprocess.run([binary, "--version"], capture_output=True, text=True, timeout=30,
                                env={"PATH": os.environ.get("PATH", "")})
        return result.stdout.strip() or "?"
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def machine_description():
    model = "?"
    try:
        with open("/proc/cpuinfo") as handle:
            for line in handle:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        model = platform.processor() or "?"
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    try:
        with open("/proc/loadavg") as handle:
            load = " ".join(handle.read().split()[:3])
    except OSError:
        load = "?"
    return {"nproc": usable, "cpu_count": os.cpu_count(), "cpu_model": model,
            "kernel": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
            "load_average_at_start": load}


# ---------------------------------------------------------------------------------------------------------------
# Sections


class Context:
    def __init__(self, args, binaries, workdir):
        self.args = args
        self.binaries = binaries  # [(name, path)], "current" first
        self.workdir = workdir
        self.sequence = 0

    def stderr_path(self, name):
        self.sequence += 1
        return os.path.join(self.workdir, f"{name}-{self.sequence}.stderr")

    def order(self, round_index, extra=()):
        """The binaries (and any extra runners) in this round's order: forwards, then backwards."""
        names = [name for name, _ in self.binaries] + list(extra)
        return names if round_index % 2 == 0 else names[::-1]

    def path(self, name):
        return dict(self.binaries)[name]

    def per_round(self, total):
        return max(1, math.ceil(total / self.args.rounds))


def cold_start(ctx):
    args = ctx.args
    token_file = os.path.join(ctx.workdir, "coldstart", "tokens.json")  # never created: nothing reads it
    env = base_environment(token_file)
    results = {name: {"tools_list_ms": [], "peak_rss_kib": [], "version_ms": [], "version_peak_rss_kib": [],
                      "tool_count": None} for name, _ in ctx.binaries}
    runs = ctx.per_round(args.coldstart_runs)
    for round_index in range(args.rounds):
        for _ in range(runs):
            for name in ctx.order(round_index):
                binary = ctx.path(name)
                figures = results[name]
                # initialize, wait for its answer, then initialized and tools/list together, as clients do.
                child = ServerProcess(binary, [], env, ctx.stderr_path(name), f"{name} (cold start)")
                try:
                    child.initialize(args.timeout)
                    child.send(b'{"jsonrpc":"2.0","id":1,"method":"tools/list"}\n')
                    arrival, _, answer = child.response(1, time.perf_counter_ns() + int(args.timeout * 1e9))
                    if "error" in answer:
                        child.fail(f"tools/list failed: {json.dumps(answer['error'])[:300]}")
                    child.record_peak_rss()
                    child.finish(args.timeout)
                finally:
                    child.kill()
                figures["tools_list_ms"].append((arrival - child.started_ns) / 1e6)
                figures["peak_rss_kib"].append(child.peak_rss_kib)
                figures["tool_count"] = len(answer["result"].get("tools", []))

                child = ServerProcess(binary, ["--version"], env, ctx.stderr_path(name), f"{name} --version")
                try:
                    child.finish(args.timeout)
                finally:
                    child.kill()
                if not child.pending.strip():
                    child.fail("--version printed nothing")
                figures["version_ms"].append((child.exit_ns - child.started_ns) / 1e6)
                figures["version_peak_rss_kib"].append(version_peak_rss_kib(binary, env))
    results["_peers"] = peer_cold_starts(ctx, env)
    return results


def peer_servers():
    """The Python servers set up by Benchmarks/peers/setup.sh, as (label, executable, args, extra env); those not
    installed are left out and named in the report."""
    root = os.path.join(ROOT, ".build", "bench-peers")
    python = os.path.join(root, "mcp", "bin", "python")
    books = os.path.join(root, "zoho-books", "bin", "zoho-books-mcp")
    peers, missing = [], []
    if os.access(python, os.X_OK):
        peers.append(("Python `mcp` SDK, one tool", python,
                      [os.path.join(ROOT, "Benchmarks", "peers", "one_tool_server.py")], {}))
    else:
        missing.append("Python `mcp` SDK")
    if os.access(books, os.X_OK):
        # It refuses to start without credentials; these are placeholders that nothing sends anywhere.
        peers.append(("PyPI `zoho-books-mcp` 0.1.0", books, ["--stdio"],
                      {"ZOHO_CLIENT_ID": "bench", "ZOHO_CLIENT_SECRET": "bench", "ZOHO_REFRESH_TOKEN": "bench",
                       "ZOHO_ORGANIZATION_ID": "1", "LOG_LEVEL": "ERROR"}))
    else:
        missing.append("`zoho-books-mcp`")
    return peers, missing


def peer_cold_starts(ctx, env):
    """Cold start of each peer, the same exchange as for the binaries: spawn → initialize → tools/list."""
    args = ctx.args
    peers, missing = peer_servers()
    results = {label: {"tools_list_ms": [], "peak_rss_kib": [], "tool_count": None, "error": None}
               for label, _, _, _ in peers}
    runs = max(3, ctx.per_round(args.coldstart_runs) // 3)
    for round_index in range(args.rounds):
        for label, executable, peer_args, extra in peers:
            figures = results[label]
            if figures["error"]:
                continue
            for _ in range(runs):
                peer_env = dict(env, **extra)
                child = ServerProcess(executable, peer_args, peer_env, ctx.stderr_path("peer"), f"{label} (cold start)")
                try:
                    child.initialize(60)
                    child.send(b'{"jsonrpc":"2.0","id":1,"method":"tools/list"}\n')
                    arrival, _, answer = child.response(1, time.perf_counter_ns() + int(60 * 1e9))
                    child.record_peak_rss()
                    figures["tools_list_ms"].append((arrival - child.started_ns) / 1e6)
                    figures["peak_rss_kib"].append(child.peak_rss_kib)
                    figures["tool_count"] = len(answer.get("result", {}).get("tools", []))
                except BenchError as error:
                    figures["error"] = str(error)[:300]
                finally:
                    child.kill()
    return {"peers": results, "missing": missing}


def version_peak_rss_kib(binary, env):
    """Peak RSS of `--version`, which exits too soon to read /proc: measured by GNU time, whose own small
    process is the parent, so no high-water mark is inherited. None when /usr/bin/time is missing."""
    if not os.path.exists("/usr/bin/time"):
        return None
    with tempfile.NamedTemporaryFile("r") as report:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, binary, "--version"], env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        text = report.read().strip().splitlines()
    return int(text[-1]) if text and text[-1].isdigit() else None


def check_invoice(child, answer, invoice_id):
    result = answer.get("result", {})
    if result.get("isError") is not False:
        text = "".join(part.get("text", "") for part in result.get("content", []) if isinstance(part, dict))
        child.fail(f"get_invoice {invoice_id} did not succeed (isError={result.get('isError')!r}): {text[:300]}")
    invoice = (result.get("structuredContent") or {}).get("invoice")
    if isinstance(invoice, dict):
        found = invoice.get("invoice_id") == invoice_id
    else:  # no structured content: look in the text
        found = any(f'"invoice_id":"{invoice_id}"' in part.get("text", "")
                    for part in result.get("content", []) if isinstance(part, dict))
    if not found:
        child.fail(f"the get_invoice result does not carry invoice {invoice_id}")


FAKE_IN_USE = []
"""The fake Zoho of the running get_invoice section, for the runners' counters."""

INTERLEAVE_CHUNK = 50
"""Calls each runner makes before the next takes over, within a round. Small chunks let the MCP servers and the
direct client share the machine's moments of noise, so the difference of their medians means something."""


def get_invoice(ctx):
    args = ctx.args
    folder = os.path.join(ctx.workdir, "getinvoice")
    calls = ctx.per_round(args.calls)
    results = {name: {"call_ms": [], "connections": [], "requests": [], "refreshes": [], "peak_rss_kib": [],
                      "digits_kept": True} for name, _ in ctx.binaries}
    results["direct"] = {"call_ms": [], "connections": [], "requests": []}
    with FakeZoho() as fake:
        FAKE_IN_USE[:] = [fake]
        env = fake_zoho_environment(fake, os.path.join(folder, "tokens.json"))
        ids = [str(FIRST_INVOICE_ID + offset) for offset in range(INVOICE_IDS)]
        for round_index in range(args.rounds):
            order = ctx.order(round_index, extra=("direct",))
            runners = {name: (DirectRunner(fake, args.timeout) if name == "direct"
                              else McpRunner(ctx, name, env, args.timeout)) for name in order}
            try:
                # Warm-up first, for every runner, then the timed calls in interleaved chunks.
                for name in order:
                    runners[name].calls(ids, 0, args.warmup, timed=False)
                done = 0
                while done < calls:
                    chunk = min(INTERLEAVE_CHUNK, calls - done)
                    for name in order:
                        runners[name].calls(ids, args.warmup + done, chunk, timed=True)
                    done += chunk
            finally:
                for runner in runners.values():
                    runner.close()
            for name in order:
                figures = results[name]
                runner = runners[name]
                figures["call_ms"] += runner.samples
                figures["connections"].append(runner.used["connections"])
                figures["requests"].append(runner.used["requests"])
                if name != "direct":
                    figures["peak_rss_kib"].append(runner.peak_rss_kib)
                    figures["digits_kept"] = figures["digits_kept"] and runner.digits_kept
                    figures["refreshes"].append(runner.used["refreshes"])
    return results


class McpRunner:
    """One server process answering tools/call get_invoice, with the fake's counters attributed to it."""

    def __init__(self, ctx, name, env, timeout):
        self.name = name
        self.timeout = timeout
        self.fake_counters = None
        self.samples = []
        self.digits_kept = True
        self.used = {"connections": 0, "requests": 0, "refreshes": 0}
        self.peak_rss_kib = None
        self.child = ServerProcess(ctx.path(name), [], env, ctx.stderr_path(name), f"{name} (get_invoice)")
        self.child.initialize(timeout)
        self.next_id = 1

    def calls(self, ids, first, count, timed):
        fake = FAKE_IN_USE[0]
        before = fake.snapshot()
        for index in range(first, first + count):
            invoice_id = ids[index % len(ids)]
            elapsed, raw, answer = self.child.request(
                self.next_id, "tools/call", {"name": "get_invoice", "arguments": {"invoice_id": invoice_id}},
                self.timeout)
            self.next_id += 1
            check_invoice(self.child, answer, invoice_id)
            if self.next_id == 2:
                self.digits_kept = b"75.50" in raw and b"1234.567" in raw and b"0.125" in raw
            if timed:
                self.samples.append(elapsed / 1e6)
        used = difference(fake.snapshot(), before)
        if used["rejected"] or used["unexpected"]:
            raise BenchError(f"{self.name}: the fake Zoho saw {used['rejected']} rejected and "
                             f"{used['unexpected']} unexpected requests")
        for key in self.used:
            self.used[key] += used[key]

    def close(self):
        try:
            if not self.child.reaped:
                self.child.record_peak_rss()
                self.peak_rss_kib = self.child.peak_rss_kib
                self.child.finish(self.timeout)
        finally:
            self.child.kill()


class DirectRunner:
    """The same GET from Python over one kept-alive http.client connection."""

    def __init__(self, fake, timeout):
        self.fake = fake
        self.samples = []
        self.used = {"connections": 0, "requests": 0}
        self.connection = http.client.HTTPConnection("127.0.0.1", fake.server_address[1], timeout=timeout)
        self.headers = {"Authorization": fake.authorization, "Accept": "application/json",
                        ORGANIZATION_HEADER: ORGANIZATION_ID}

    def calls(self, ids, first, count, timed):
        before = self.fake.snapshot()
        try:
            for index in range(first, first + count):
                invoice_id = ids[index % len(ids)]
                path = f"/billing/v1/invoices/{invoice_id}"
                started = time.perf_counter_ns()
                self.connection.request("GET", path, headers=self.headers)
                response = self.connection.getresponse()
                body = response.read()
                elapsed = time.perf_counter_ns() - started
                if response.status != 200 or f'"invoice_id":"{invoice_id}"'.encode() not in body:
                    raise BenchError(f"direct GET {path} answered {response.status}")
                if timed:
                    self.samples.append(elapsed / 1e6)
        except (OSError, http.client.HTTPException) as error:
            raise BenchError(f"direct GET to the fake Zoho failed: {error}") from None
        used = difference(self.fake.snapshot(), before)
        self.used["connections"] += used["connections"]
        self.used["requests"] += used["requests"]

    def close(self):
        self.connection.close()


THROUGHPUT_CALLERS = 8


def resident_kib(pid):
    """The process's resident set now (VmRSS), in KiB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return None


def throughput(ctx):
    """8 callers at once: get_invoice calls kept 8 in flight over one stdio session until all are answered."""
    args = ctx.args
    total = args.throughput_calls
    results = {name: {"seconds": [], "errors": [], "rss_growth_kib": [], "rss_end_kib": [], "connections": []}
               for name, _ in ctx.binaries}
    with FakeZoho() as fake:
        FAKE_IN_USE[:] = [fake]
        env = fake_zoho_environment(fake, os.path.join(ctx.workdir, "throughput", "tokens.json"))
        ids = [str(FIRST_INVOICE_ID + offset) for offset in range(INVOICE_IDS)]
        for round_index in range(min(args.rounds, 3)):
            for name in ctx.order(round_index):
                child = ServerProcess(ctx.path(name), [], env, ctx.stderr_path(name), f"{name} (throughput)")
                try:
                    child.initialize(args.timeout)
                    for warm in range(50):
                        child.request(1_000_000 + warm, "tools/call",
                                      {"name": "get_invoice", "arguments": {"invoice_id": ids[warm % len(ids)]}},
                                      args.timeout)
                    before_rss = resident_kib(child.proc.pid)
                    before = fake.snapshot()
                    errors = 0
                    sent = answered = 0
                    started = time.perf_counter_ns()
                    deadline = started + int(max(args.timeout, 120) * 1e9)

                    def send_next():
                        nonlocal sent
                        sent += 1
                        line = json.dumps({"jsonrpc": "2.0", "id": sent, "method": "tools/call", "params": {
                            "name": "get_invoice", "arguments": {"invoice_id": ids[sent % len(ids)]}}})
                        child.send(line.encode() + b"\n")

                    for _ in range(min(THROUGHPUT_CALLERS, total)):
                        send_next()
                    while answered < total:
                        while not child.lines:
                            child._fill(deadline)
                        _, raw = child.lines.popleft()
                        message = json.loads(raw)
                        if "id" not in message or message.get("id") is None or message["id"] >= 1_000_000:
                            continue
                        answered += 1
                        result = message.get("result")
                        if "error" in message or not isinstance(result, dict) or result.get("isError") is not False:
                            errors += 1
                        if sent < total:
                            send_next()
                    elapsed = (time.perf_counter_ns() - started) / 1e9
                    end_rss = resident_kib(child.proc.pid)
                    used = difference(fake.snapshot(), before)
                    child.finish(args.timeout)
                finally:
                    child.kill()
                figures = results[name]
                figures["seconds"].append(elapsed)
                figures["errors"].append(errors)
                figures["rss_growth_kib"].append(end_rss - before_rss)
                figures["rss_end_kib"].append(end_rss)
                figures["connections"].append(used["connections"])
    results["_calls"] = total
    return results


def report_throughput(results, has_baseline, args):
    total = results["_calls"]
    lines = ["| binary | calls/s median | errors (all runs) | RSS growth median (MiB) | RSS at end median (MiB) | "
             "TCP connections per run |", "| --- | --- | --- | --- | --- | --- |"]
    for name in ("current", "baseline"):
        figures = results.get(name)
        if not figures:
            continue
        rates = [total / seconds for seconds in figures["seconds"]]
        lines.append(f"| {name} | {median(rates):,.0f} | {sum(figures['errors'])} | "
                     f"{median(figures['rss_growth_kib']) / 1024:.1f} | {median(figures['rss_end_kib']) / 1024:.1f} | "
                     f"{', '.join(str(count) for count in figures['connections'])} |")
    current_errors = sum(results["current"]["errors"])
    verdict_text = "met" if current_errors == 0 else "MISSED"
    return (f"## Throughput\n\n{THROUGHPUT_CALLERS} callers at once (8 requests kept in flight on one stdio "
            f"session), {total:,} get_invoice calls per run against the loopback fake, limiter off, after 50 warm-up "
            f"calls. RSS growth is VmRSS after the run minus before it. Target: no errors — {verdict_text} "
            f"({current_errors} errors).\n\n" + "\n".join(lines))


def round_trip(ctx):
    args = ctx.args
    env = base_environment(os.path.join(ctx.workdir, "roundtrip", "tokens.json"))
    env["ZOHO_MCP_SANDBOX"] = "1"
    workloads = (("ping", "ping", None),
                 ("list_organizations", "tools/call", {"name": "list_organizations", "arguments": {}}))
    results = {name: {workload: [] for workload, _, _ in workloads} for name, _ in ctx.binaries}
    requests = ctx.per_round(args.requests)
    warmup = min(args.warmup, 20)
    for round_index in range(args.rounds):
        for name in ctx.order(round_index):
            child = ServerProcess(ctx.path(name), [], env, ctx.stderr_path(name), f"{name} (sandbox)")
            try:
                child.initialize(args.timeout)
                next_id = 1
                for workload, method, params in workloads:
                    for index in range(warmup + requests):
                        elapsed, _, answer = child.request(next_id, method, params, args.timeout)
                        next_id += 1
                        if method == "ping" and answer.get("result") != {}:
                            child.fail(f"ping answered {json.dumps(answer)[:200]}")
                        if method == "tools/call" and answer.get("result", {}).get("isError") is not False:
                            child.fail(f"list_organizations did not succeed: {json.dumps(answer)[:300]}")
                        if index >= warmup:
                            results[name][workload].append(elapsed / 1e6)
                child.finish(args.timeout)
            finally:
                child.kill()
    return results



# ---------------------------------------------------------------------------------------------------------------
# The report section: report_ar_aging over every page of a loopback fake

REPORT_CURRENCIES = (("USD", 2), ("EUR", 2), ("BHD", 3))


def report_page_body(page):
    """One page of 200 open invoices, as `GET /invoices?filter_by=Status.Unpaid` returns it. Written as text so
    that amounts keep their digits; due dates spread over 120 days so that every aging bucket fills."""
    rows = []
    for offset in range(REPORT_PAGE_SIZE):
        number = (page - 1) * REPORT_PAGE_SIZE + offset
        currency, places = REPORT_CURRENCIES[number % len(REPORT_CURRENCIES)]
        balance = f"{100 + number % 977}.{number % (10 ** places):0{places}d}"
        due_day = 1 + number % 28
        due_month = 3 + number % 4
        rows.append(
            '{"invoice_id":"%d","invoice_number":"INV-%06d","status":"%s","date":"2026-02-01",'
            '"due_date":"2026-%02d-%02d","customer_id":"%d","customer_name":"Customer %d","email":"",'
            '"total":%s,"balance":%s,"currency_code":"%s","created_time":"2026-02-01T09:00:00+0000"}'
            % (FIRST_INVOICE_ID + number, number, "overdue" if number % 5 else "partially_paid", due_month,
               due_day, 3000000000000000 + number % 500, number % 500, balance, balance, currency))
    more = "true" if page < REPORT_PAGES else "false"
    return ('{"code":0,"message":"success","invoices":[' + ",".join(rows) + '],"page_context":{"page":%d,'
            '"per_page":%d,"has_more_page":%s,"applied_filter":"Status.Unpaid","sort_column":"created_time",'
            '"sort_order":"D","report_name":"Invoices"}}' % (page, REPORT_PAGE_SIZE, more)).encode()


class ReportFakeHandler(FakeZohoHandler):
    def do_GET(self):  # noqa: N802 - the base class's naming
        fake = self.server
        arrived = time.perf_counter_ns()
        path, _, query = self.path.partition("?")
        params = dict(part.split("=", 1) for part in query.split("&") if "=" in part)
        page = int(params.get("page", "1")) if params.get("page", "1").isdigit() else 0
        if path != "/billing/v1/invoices" or not 1 <= page <= REPORT_PAGES:
            fake.count("unexpected")
            return self.reply(404, b'{"code":5,"message":"Invalid URL Passed"}')
        if self.headers.get("Authorization") != fake.authorization:
            fake.count("rejected")
            return self.reply(401, b'{"code":57,"message":"You are not authorized to perform this operation"}')
        if params.get("filter_by") != "Status.Unpaid" or params.get("per_page") != str(REPORT_PAGE_SIZE):
            fake.count("unexpected")
            return self.reply(400, b'{"code":2,"message":"The report should read unpaid invoices 200 a page."}')
        fake.count("requests")
        if fake.page_delay:
            time.sleep(fake.page_delay)
        self.reply(200, fake.pages[page - 1])
        fake.served(arrived, time.perf_counter_ns())


class ReportFakeZoho(FakeZoho):
    """The invoice list of 10,000 open invoices in 50 pages, with the time it spends serving each request."""

    def __init__(self):
        super().__init__()
        self.pages = [report_page_body(page) for page in range(1, REPORT_PAGES + 1)]
        self.RequestHandlerClass = ReportFakeHandler
        self.page_delay = 0.0
        self.log = []  # (arrival_ns, done_ns) per page request

    def served(self, arrived, done):
        with self.lock:
            self.log.append((arrived, done))

    def take_log(self):
        with self.lock:
            log, self.log = self.log, []
        return log


def read_notification(child, method, deadline_ns):
    """The next notification of `method` on the child's stdout; answers and other lines are skipped."""
    while True:
        while not child.lines:
            child._fill(deadline_ns)
        _, raw = child.lines.popleft()
        message = json.loads(raw)
        if isinstance(message, dict) and message.get("method") == method:
            return message


def check_report(child, answer):
    result = answer.get("result", {})
    if result.get("isError") is not False:
        text = "".join(part.get("text", "") for part in result.get("content", []) if isinstance(part, dict))
        child.fail(f"report_ar_aging did not succeed: {text[:300]}")
    report = result.get("structuredContent") or {}
    data = report.get("data") or {}
    invoices = sum(row.get("invoices", 0) for row in report.get("totals", []))
    expected = REPORT_PAGES * REPORT_PAGE_SIZE
    if data.get("pages") != REPORT_PAGES or not data.get("complete") or invoices != expected:
        child.fail(f"report_ar_aging read {data.get('pages')} pages and counted {invoices} invoices, "
                   f"expected {REPORT_PAGES} complete pages and {expected}")


def report_scenario(ctx):
    """report_ar_aging over 50 pages of 200 invoices, current binary only (the baseline has no reports)."""
    args = ctx.args
    name = "current"
    results = {"call_ms": [], "serving_ms": [], "added_per_page_ms": [], "direct_ms": [], "peak_rss_kib": [],
               "cancel_to_last_request_ms": [], "requests_after_cancel": [], "pages_before_cancel": []}
    calls_per_process = 3  # the first of each process is a warm-up (libcurl is opened on first use)
    with ReportFakeZoho() as fake:
        env = fake_zoho_environment(fake, os.path.join(ctx.workdir, "report", "tokens.json"))
        arguments = {"as_of": "2026-06-30"}
        for _ in range(args.rounds):
            # The same 50 pages read from Python over one kept-alive connection: the floor for any client.
            connection = http.client.HTTPConnection("127.0.0.1", fake.server_address[1], timeout=args.timeout)
            headers = {"Authorization": fake.authorization, ORGANIZATION_HEADER: ORGANIZATION_ID}
            started = time.perf_counter_ns()
            for page in range(1, REPORT_PAGES + 1):
                connection.request("GET", f"/billing/v1/invoices?filter_by=Status.Unpaid&page={page}"
                                          f"&per_page={REPORT_PAGE_SIZE}", headers=headers)
                response = connection.getresponse()
                response.read()
            results["direct_ms"].append((time.perf_counter_ns() - started) / 1e6)
            connection.close()
            fake.take_log()

            child = ServerProcess(ctx.path(name), [], env, ctx.stderr_path(name), f"{name} (report)")
            try:
                child.initialize(args.timeout)
                for call in range(calls_per_process):
                    fake.take_log()
                    elapsed, _, answer = child.request(
                        100 + call, "tools/call", {"name": "report_ar_aging", "arguments": arguments},
                        args.timeout * 4)
                    check_report(child, answer)
                    log = fake.take_log()
                    if len(log) != REPORT_PAGES:
                        child.fail(f"the fake served {len(log)} pages for one report, expected {REPORT_PAGES}")
                    if call == 0:
                        continue
                    serving = sum(done - arrived for arrived, done in log) / 1e6
                    results["call_ms"].append(elapsed / 1e6)
                    results["serving_ms"].append(serving)
                    results["added_per_page_ms"].append((elapsed / 1e6 - serving) / REPORT_PAGES)
                child.record_peak_rss()
                results["peak_rss_kib"].append(child.peak_rss_kib)

                # Cancel: slow pages, cancel after some progress, then see when the last request arrives.
                fake.page_delay = REPORT_CANCEL_PAGE_DELAY_S
                request = {"jsonrpc": "2.0", "id": 200, "method": "tools/call",
                           "params": {"name": "report_ar_aging", "arguments": arguments,
                                      "_meta": {"progressToken": "bench"}}}
                child.send((json.dumps(request, separators=(",", ":")) + "\n").encode())
                deadline = time.perf_counter_ns() + int(args.timeout * 1e9)
                for _ in range(REPORT_CANCEL_AFTER_PAGES):
                    read_notification(child, "notifications/progress", deadline)
                cancelled_at = time.perf_counter_ns()
                child.send(b'{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":200}}\n')
                # Long enough for many more pages had the report gone on; then a ping proves the server alive.
                time.sleep(max(0.5, 20 * REPORT_CANCEL_PAGE_DELAY_S))
                child.request(201, "ping", None, args.timeout)
                log = fake.take_log()
                fake.page_delay = 0.0
                after = [arrived for arrived, _ in log if arrived > cancelled_at]
                results["pages_before_cancel"].append(len(log) - len(after))
                results["requests_after_cancel"].append(len(after))
                results["cancel_to_last_request_ms"].append(max(after, default=cancelled_at) / 1e6
                                                            - cancelled_at / 1e6)
                child.finish(args.timeout)
            finally:
                fake.page_delay = 0.0
                child.kill()
        used = fake.snapshot()
        if used["rejected"] or used["unexpected"]:
            raise BenchError(f"the report fake saw {used['rejected']} rejected and {used['unexpected']} unexpected "
                             f"requests")
    return results

# ---------------------------------------------------------------------------------------------------------------
# Report


def fmt_ms(value):
    if math.isnan(value):
        return "—"
    return f"{value:.3f}" if value < 10 else f"{value:.1f}"


def fmt_mib(kib_samples):
    return f"{median(kib_samples) / 1024:.1f}" if kib_samples else "—"


def ratio(current, baseline):
    if math.isnan(current) or math.isnan(baseline) or baseline <= 0 or current < 0:
        return "—"
    return f"{current / baseline:.2f}×"


def verdict(value, limit, unit):
    return f"≤ {limit:g} {unit}: {'PASS' if value <= limit else 'MISS'}"


class Table:
    def __init__(self, with_baseline):
        self.with_baseline = with_baseline
        header = ["measurement", "current median", "current p90"]
        if with_baseline:
            header += ["baseline median", "baseline p90", "current ÷ baseline"]
        header.append("target (current)")
        self.rows = [header, ["---"] * len(header)]

    def add(self, label, current, baseline=None, target=""):
        """current/baseline: (median text, p90 text, median number) or None."""
        row = [label, current[0], current[1]]
        if self.with_baseline:
            if baseline is None:
                row += ["—", "—", "—"]
            else:
                row += [baseline[0], baseline[1], ratio(current[2], baseline[2])]
        row.append(target)
        self.rows.append(row)

    def render(self):
        return "\n".join("| " + " | ".join(str(cell) for cell in row) + " |" for row in self.rows)


def timing(samples):
    return (fmt_ms(median(samples)), fmt_ms(p90(samples)), median(samples))


def memory(kib_samples):
    kib_samples = [sample for sample in kib_samples if sample is not None]
    return (fmt_mib(kib_samples), "—", median(kib_samples) if kib_samples else float("nan"))


def report_cold_start(results, has_baseline, args):
    current = results["current"]
    baseline = results.get("baseline")
    table = Table(has_baseline)
    table.add("spawn → initialize → tools/list answer (ms)", timing(current["tools_list_ms"]),
              baseline and timing(baseline["tools_list_ms"]),
              verdict(median(current["tools_list_ms"]), TARGET_COLD_START_MS, "ms"))
    table.add("peak RSS, serving (MiB)", memory(current["peak_rss_kib"]),
              baseline and memory(baseline["peak_rss_kib"]),
              verdict(median(current["peak_rss_kib"]) / 1024, TARGET_PEAK_RSS_MIB, "MiB"))
    table.add("`--version`, spawn → exit (ms)", timing(current["version_ms"]),
              baseline and timing(baseline["version_ms"]))
    table.add("peak RSS, `--version` (MiB)", memory(current["version_peak_rss_kib"]),
              baseline and memory(baseline["version_peak_rss_kib"]))
    counts = f"current lists {current['tool_count']} tools"
    if baseline:
        counts += f", baseline {baseline['tool_count']}"
    runs = len(current["tools_list_ms"])
    peers = results.get("_peers", {"peers": {}, "missing": []})
    lines = ["| server | tools | spawn → tools/list median (ms) | p90 (ms) | ÷ current | peak RSS median (MiB) | "
             "÷ current |", "| --- | --- | --- | --- | --- | --- | --- |"]
    current_ms = median(current["tools_list_ms"])
    current_rss = median(current["peak_rss_kib"])
    lines.append(f"| zoho-billing-mcp (current) | {current['tool_count']} | {fmt_ms(current_ms)} | "
                 f"{fmt_ms(p90(current['tools_list_ms']))} | 1.00 | {fmt_mib(current['peak_rss_kib'])} | 1.00 |")
    for label, figures in peers["peers"].items():
        if figures["error"] or not figures["tools_list_ms"]:
            lines.append(f"| {label} | — | failed: {figures['error']} | | | | |")
            continue
        peer_ms = median(figures["tools_list_ms"])
        peer_rss = median([value for value in figures["peak_rss_kib"] if value is not None] or [float("nan")])
        peer_kib = [value for value in figures["peak_rss_kib"] if value is not None]
        lines.append(f"| {label} | {figures['tool_count']} | {fmt_ms(peer_ms)} | {fmt_ms(p90(figures['tools_list_ms']))}"
                     f" | {peer_ms / current_ms:.1f}× | {fmt_mib(peer_kib)} | "
                     f"{peer_rss / current_rss:.1f}× |")
    peer_note = ""
    if peers["missing"]:
        peer_note = (f" Not measured ({', '.join(peers['missing'])}): run `bash Benchmarks/peers/setup.sh` "
                     "to install them under .build/bench-peers.")
    return (f"## Cold start\n\n{runs} runs per binary; default settings (read access), no network. {counts}. "
            "RSS is the server's own peak (VmHWM from /proc, read after tools/list; `--version` under /usr/bin/time), median over the runs.\n\n" + table.render()
            + "\n\nPython servers, the same exchange in the same run (fewer runs each)." + peer_note + "\n\n"
            + "\n".join(lines))


def report_get_invoice(results, has_baseline, args):
    current = results["current"]
    baseline = results.get("baseline")
    direct = results["direct"]
    direct_median = median(direct["call_ms"])
    table = Table(has_baseline)
    table.add("tools/call get_invoice round trip (ms)", timing(current["call_ms"]),
              baseline and timing(baseline["call_ms"]))

    def added(figures):
        value = median(figures["call_ms"]) - direct_median
        return (fmt_ms(value), "—", value)

    added_current = median(current["call_ms"]) - direct_median
    table.add("added per call: MCP median − direct median (ms)", added(current), baseline and added(baseline),
              verdict(added_current, TARGET_ADDED_MS, "ms"))

    # Counts and yes/no rows carry no ratio (nan as their number).
    def connections(figures):
        processes = len(figures["connections"])
        total = sum(figures["connections"])
        return (f"{total} for {processes} processes", "—", float("nan"))

    def requests_per_connection(figures):
        total = sum(figures["connections"])
        value = sum(figures["requests"]) / total if total else float("nan")
        return (f"{value:.0f}", "—", float("nan"))

    table.add("TCP connections opened", connections(current), baseline and connections(baseline))
    table.add("requests per connection", requests_per_connection(current),
              baseline and requests_per_connection(baseline))
    table.add("token refreshes", (str(sum(current["refreshes"])), "—", float("nan")),
              baseline and (str(sum(baseline["refreshes"])), "—", float("nan")))
    table.add("peak RSS after the calls (MiB)", memory(current["peak_rss_kib"]),
              baseline and memory(baseline["peak_rss_kib"]))
    table.add("amounts digit-exact (75.50, 1234.567)",
              ("yes" if current["digits_kept"] else "no", "—", float("nan")),
              baseline and ("yes" if baseline["digits_kept"] else "no", "—", float("nan")))
    calls = len(current["call_ms"])
    direct_line = (f"Direct GET from Python (`http.client`, one kept-alive connection, {len(direct['call_ms'])} "
                   f"requests): median {fmt_ms(direct_median)} ms, p90 {fmt_ms(p90(direct['call_ms']))} ms, "
                   f"{sum(direct['connections'])} connections over {len(direct['connections'])} rounds.")
    return (f"## get_invoice against a loopback fake Zoho\n\n{calls} timed calls per binary (after {args.warmup} "
            f"warm-up calls per process), each a full tools/call round trip including the HTTP request to the "
            f"fake on 127.0.0.1. The binaries and the direct client take turns every {INTERLEAVE_CHUNK} calls, so "
            f"they share the machine's noise.\n\n" + table.render() + "\n\n" + direct_line)


def report_round_trip(results, has_baseline, args):
    current = results["current"]
    baseline = results.get("baseline")
    table = Table(has_baseline)
    table.add("`ping` (ms)", timing(current["ping"]), baseline and timing(baseline["ping"]))
    table.add("`tools/call list_organizations` (ms)", timing(current["list_organizations"]),
              baseline and timing(baseline["list_organizations"]))
    requests = len(current["ping"])
    return (f"## Round trip without network (sandbox)\n\n{requests} sequential requests per workload and binary, "
            "timed from writing the request line to reading its answer.\n\n" + table.render())



def report_report(results, has_baseline, args):
    table = Table(False)
    added = median(results["added_per_page_ms"])
    table.add("tools/call report_ar_aging, 50 pages (ms)", timing(results["call_ms"]))
    table.add("fake's own serving time for those pages (ms)", timing(results["serving_ms"]))
    table.add("added per page above the fake's serving time (ms)", timing(results["added_per_page_ms"]),
              target=verdict(added, TARGET_REPORT_ADDED_PER_PAGE_MS, "ms"))
    table.add("same 50 pages read directly from Python (ms)", timing(results["direct_ms"]))
    table.add("peak RSS after the reports (MiB)", memory(results["peak_rss_kib"]),
              target=verdict(median([k for k in results["peak_rss_kib"] if k]) / 1024, TARGET_REPORT_PEAK_RSS_MIB,
                             "MiB"))
    latency = results["cancel_to_last_request_ms"]
    table.add("cancel → last page request (ms)", timing(latency),
              target=verdict(max(latency) if latency else float("nan"), TARGET_CANCEL_MS, "ms (worst)"))
    table.add("page requests after the cancel", (", ".join(map(str, results["requests_after_cancel"])), "—",
                                                  float("nan")))
    calls = len(results["call_ms"])
    return (f"## report_ar_aging over 10,000 invoices (current binary only)\n\n{calls} timed reports (two per "
            f"process after one warm-up) over {REPORT_PAGES} pages of {REPORT_PAGE_SIZE} open invoices in three "
            f"currencies from a loopback fake. The fake times each page from the parsed request to the written "
            f"answer; **added per page** is (round trip − that serving time) ÷ {REPORT_PAGES}, so it holds the "
            f"loopback HTTP exchange, parsing and aging. Cancel: pages take {REPORT_CANCEL_PAGE_DELAY_S * 1000:g} "
            f"ms each, the cancel goes out after {REPORT_CANCEL_AFTER_PAGES} progress notifications, and the "
            f"latency is from the cancel to the arrival of the last page request after it (0 when none "
            f"follows).\n\n" + table.render())

# ---------------------------------------------------------------------------------------------------------------
# Main


def parse_arguments():
    parser = argparse.ArgumentParser(
        description="Benchmark the release binary against a baseline build, side by side in one run.")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", BINARY_NAME),
                        help="the binary under test (default: .build/release/zoho-billing-mcp)")
    parser.add_argument("--baseline-ref", default="921ac0f",
                        help="git ref to build as the baseline, cached in .build-baseline/<commit>/ "
                             "(default: 921ac0f, the last commit before the protocol rewrite)")
    parser.add_argument("--baseline-binary", help="use this baseline binary instead of building --baseline-ref")
    parser.add_argument("--no-baseline", action="store_true", help="measure the current binary only")
    parser.add_argument("--only", default=",".join(SECTIONS),
                        help=f"comma-separated sections to run: {', '.join(SECTIONS)} (default: all)")
    parser.add_argument("--quick", action="store_true", help="few iterations, for a smoke run")
    parser.add_argument("--rounds", type=int, help="rounds to interleave the binaries over (default 5; quick 2)")
    parser.add_argument("--coldstart-runs", type=int, help="cold starts per binary (default 30; quick 6)")
    parser.add_argument("--calls", type=int, help="timed get_invoice calls per binary (default 2000; quick 200)")
    parser.add_argument("--requests", type=int,
                        help="timed sandbox requests per workload and binary (default 2000; quick 200)")
    parser.add_argument("--throughput-calls", type=int,
                        help="calls per throughput run, 8 in flight (default 10000; quick 1000)")
    parser.add_argument("--warmup", type=int, help="untimed get_invoice calls per process (default 50; quick 20)")
    parser.add_argument("--timeout", type=float, default=15.0,
                        help="seconds any one answer or exit may take before the run fails (default 15)")
    parser.add_argument("--json", metavar="FILE", help="also write every raw figure to this JSON file")
    args = parser.parse_args()
    defaults = {"rounds": (5, 2), "coldstart_runs": (30, 6), "calls": (2000, 200), "requests": (2000, 200),
                "warmup": (50, 20), "throughput_calls": (10000, 1000)}
    for name, (full, quick) in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, quick if args.quick else full)
    for name in defaults:
        if getattr(args, name) < (0 if name == "warmup" else 1):
            parser.error(f"--{name.replace('_', '-')} is too small")
    sections = [part.strip() for part in args.only.split(",") if part.strip()]
    unknown = [part for part in sections if part not in SECTIONS]
    if unknown or not sections:
        parser.error(f"--only takes {', '.join(SECTIONS)}; got {args.only!r}")
    args.sections = [name for name in SECTIONS if name in sections]
    return args


def describe_current():
    try:
        return git("describe", "--always", "--dirty", "--abbrev=7")
    except BenchError:
        return "?"


def main():
    args = parse_arguments()
    binary = os.path.abspath(args.binary)
    if not os.access(binary, os.X_OK):
        raise BenchError(f"{binary} not found; run `swift build -c release` first")
    binaries = [("current", binary)]
    labels = {"current": f"{os.path.relpath(binary, ROOT)} ({describe_current()})"}
    # The report section measures the current binary alone (the baseline predates the reports), so running only
    # it needs no baseline build.
    if not args.no_baseline and args.sections != ["report"]:
        if args.baseline_binary:
            baseline = os.path.abspath(args.baseline_binary)
            if not os.access(baseline, os.X_OK):
                raise BenchError(f"{baseline} is not an executable")
            labels["baseline"] = os.path.relpath(baseline, ROOT)
        else:
            baseline, short = build_baseline(args.baseline_ref)
            labels["baseline"] = f"{os.path.relpath(baseline, ROOT)} ({short})"
        binaries.append(("baseline", baseline))

    machine = machine_description()
    versions = {name: binary_version(path) for name, path in binaries}
    header = [
        "# zoho-billing-mcp benchmark",
        "",
        f"- machine: {machine['nproc']} CPUs usable ({machine['cpu_count']} online), {machine['cpu_model']}, "
        f"{machine['kernel']}, Python {machine['python']}, load average at start {machine['load_average_at_start']}",
    ]
    for name, _ in binaries:
        header.append(f"- {name}: {labels[name]}, `--version` {versions[name]}")
    if len(binaries) == 1:
        reason = "--no-baseline" if args.no_baseline else "not used by the report section"
        header.append(f"- baseline: none ({reason})")
    header.append(f"- {args.rounds} rounds, binaries alternating in each{'; quick run' if args.quick else ''}")
    print("\n".join(header), flush=True)

    reports = {"coldstart": (cold_start, report_cold_start), "getinvoice": (get_invoice, report_get_invoice),
               "roundtrip": (round_trip, report_round_trip), "throughput": (throughput, report_throughput),
               "report": (report_scenario, report_report)}
    raw = {}
    workdir = tempfile.mkdtemp(prefix="zoho-bench-")
    os.chmod(workdir, 0o700)
    try:
        for section in args.sections:
            ctx = Context(args, binaries, workdir)
            os.makedirs(os.path.join(workdir, section), mode=0o700, exist_ok=True)
            started = time.monotonic()
            measure, render = reports[section]
            raw[section] = measure(ctx)
            print("\n" + render(raw[section], len(binaries) > 1, args), flush=True)
            print(f"\n({section}: {time.monotonic() - started:.0f} s)", flush=True)
    finally:
        kill_all_children()
        shutil.rmtree(workdir, ignore_errors=True)

    if args.json:
        document = {
            "machine": machine,
            "binaries": {name: {"path": path, "label": labels[name], "version": versions[name]}
                         for name, path in binaries},
            "settings": {key: getattr(args, key) for key in
                         ("rounds", "coldstart_runs", "calls", "requests", "warmup", "quick", "sections")},
            "targets": {"cold_start_median_ms": TARGET_COLD_START_MS, "peak_rss_mib": TARGET_PEAK_RSS_MIB,
                        "get_invoice_added_ms": TARGET_ADDED_MS},
            "results": raw,
        }
        with open(args.json, "w") as handle:
            json.dump(document, handle, indent=1)
            handle.write("\n")
        print(f"\nRaw figures written to {args.json}")


def on_terminate(signum, frame):
    print("bench: terminated; stopping the children", file=sys.stderr)
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, on_terminate)
    try:
        main()
    except BenchError as error:
        kill_all_children()
        sys.exit(f"bench: {error}")
    except KeyboardInterrupt:
        kill_all_children()
        sys.exit("bench: interrupted")
