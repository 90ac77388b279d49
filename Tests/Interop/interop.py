#!/usr/bin/env python3
"""Interoperability test: drive the built zoho-billing-mcp binary with the official MCP Python SDK.

Usage:
    python interop.py --binary PATH [--mode legacy|auto|2026-07-28|all] [--timeout SECONDS] [-v]

Each mode gets its own server process (plus short-lived extra ones for the checks that need a
differently configured client). The server runs in the offline sandbox with the diagnostic
tools switched on, with a throwaway token file and HOME. Prints one summary line per mode, the
failures under it, and exits 1 when anything failed (2 for usage errors, 3 when the global
timeout fired).

The script needs the `mcp` package (>=2.3,<3); Tests/Interop/setup-venv.sh makes a venv with it.
"""

from __future__ import annotations

import argparse
import faulthandler
import json
import logging
import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import anyio
    import mcp_types as types
    from mcp import Client, StdioServerParameters
    from mcp.client.session import ClientRequestContext
    from mcp.client.stdio import stdio_client
    from mcp.shared.exceptions import MCPError
    from pydantic import ValidationError
except ImportError as error:  # pragma: no cover - environment problem, reported plainly
    print(
        f"interop: cannot import the MCP Python SDK ({error}); run Tests/Interop/setup-venv.sh "
        "and use the python it prints",
        file=sys.stderr,
    )
    sys.exit(2)

MODES = ("legacy", "auto", "2026-07-28")
LEGACY_VERSION = "2025-11-25"
OLDER_LEGACY_VERSION = "2025-06-18"
MODERN_VERSION = "2026-07-28"
DIAGNOSTIC_TOOLS = ("diagnostic_progress", "diagnostic_confirm", "diagnostic_payload")
QUESTION = "Void invoice INV-1?"
INVALID_PARAMS = -32602

# How long one check may take before it counts as hung (the global timeout still applies).
CHECK_TIMEOUT = 20.0
# Per-request read timeout handed to the SDK, so a request the server never answers fails
# that one check instead of eating the whole budget.
REQUEST_TIMEOUT = 10.0
# The SDK's JSON-RPC error code for a request whose read timeout elapsed.
REQUEST_TIMEOUT_CODE = -32001
# ...and the one for a connection that has gone away.
CONNECTION_CLOSED_CODE = -32000
# Connecting in auto mode can take a discover probe (the SDK allows it 10 s) plus an initialize.
CONNECT_TIMEOUT = 25.0
# After the cancel goes out, progress for the cancelled request must have stopped within this.
CANCEL_GRACE = 0.3
# ...and we keep listening this much longer to be sure nothing more shows up.
CANCEL_QUIET_WINDOW = 0.5


class CheckFailed(Exception):
    """A check's expectation did not hold; the message says what was expected and what came."""


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise CheckFailed(message)


def brief(value: Any, limit: int = 300) -> str:
    """A one-line, length-capped rendering of a value for failure messages."""
    try:
        text = json.dumps(value, default=str, sort_keys=True)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --------------------------------------------------------------------------------------------
# Wire tap
#
# The SDK does not let a client see raw responses: `message_handler` receives server
# notifications (progress included) and transport exceptions only, and a response whose
# request was abandoned is dropped inside the dispatcher with a debug log. To check that the
# server never answers a cancelled request, the stdio transport is wrapped so that every
# message crossing it, in both directions, is recorded with a timestamp before the SDK sees it.
# --------------------------------------------------------------------------------------------


@dataclass
class WireRecord:
    direction: str  # "in" (server -> client) or "out" (client -> server)
    at: float  # anyio.current_time() when the message crossed the tap
    message: dict[str, Any]


@dataclass
class WireLog:
    records: list[WireRecord] = field(default_factory=list)

    def add(self, direction: str, item: Any) -> None:
        message = getattr(item, "message", None)
        if message is None:
            return  # transport exceptions are not wire messages
        try:
            payload = message.model_dump(by_alias=True, mode="json", exclude_unset=True)
        except Exception:  # a record we cannot render is not worth failing a run over
            return
        self.records.append(WireRecord(direction, anyio.current_time(), payload))

    def outgoing(self) -> list[WireRecord]:
        return [r for r in self.records if r.direction == "out"]

    def incoming(self) -> list[WireRecord]:
        return [r for r in self.records if r.direction == "in"]


class _TapReceive:
    """Read side of the tap: forwards everything, noting each message first."""

    def __init__(self, inner: Any, log: WireLog) -> None:
        self._inner = inner
        self._log = log

    async def receive(self) -> Any:
        item = await self._inner.receive()
        self._log.add("in", item)
        return item

    def __aiter__(self) -> _TapReceive:
        return self

    async def __anext__(self) -> Any:
        try:
            return await self.receive()
        except (anyio.EndOfStream, anyio.ClosedResourceError):
            raise StopAsyncIteration from None

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def __aenter__(self) -> _TapReceive:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()

    def __getattr__(self, name: str) -> Any:
        # Anything else the dispatcher looks up (for instance `last_context`) comes from the real stream.
        return getattr(self._inner, name)


class _TapSend:
    """Write side of the tap."""

    def __init__(self, inner: Any, log: WireLog) -> None:
        self._inner = inner
        self._log = log

    async def send(self, item: Any, /) -> None:
        self._log.add("out", item)
        await self._inner.send(item)

    async def aclose(self) -> None:
        await self._inner.aclose()

    async def __aenter__(self) -> _TapSend:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.aclose()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class TappedStdio:
    """A `Transport` for `mcp.Client`: the SDK's own stdio transport with the wire tap around it."""

    def __init__(self, params: StdioServerParameters, errlog: Any, log: WireLog) -> None:
        self._params = params
        self._errlog = errlog
        self._log = log
        self._cm: Any = None

    async def __aenter__(self) -> tuple[Any, Any]:
        self._cm = stdio_client(self._params, errlog=self._errlog)
        read_stream, write_stream = await self._cm.__aenter__()
        return _TapReceive(read_stream, self._log), _TapSend(write_stream, self._log)

    async def __aexit__(self, *exc: Any) -> bool | None:
        return await self._cm.__aexit__(*exc)


# --------------------------------------------------------------------------------------------
# Server launching
# --------------------------------------------------------------------------------------------


@dataclass
class ServerLauncher:
    binary: str
    workdir: Path
    launches: int = 0
    stderr_files: list[Path] = field(default_factory=list)

    def environment(self) -> dict[str, str]:
        # The SDK merges this over a small inherited set (HOME, LOGNAME, PATH, SHELL, TERM, USER);
        # HOME is replaced so nothing from the developer's own home directory is read.
        home = self.workdir / "home"
        home.mkdir(exist_ok=True)
        return {
            "ZOHO_MCP_DIAGNOSTIC_TOOLS": "1",
            "ZOHO_MCP_SANDBOX": "1",
            # Plan completion reads list_plans, whose toolset is outside the default set.
            "ZOHO_MCP_TOOLSETS": "default,plans",
            "ZOHO_TOKEN_FILE": str(self.workdir / "tokens.json"),
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(home),
        }

    def params(self) -> StdioServerParameters:
        return StdioServerParameters(command=self.binary, args=["--sandbox"], env=self.environment())

    def stderr_file(self, label: str) -> Any:
        self.launches += 1
        path = self.workdir / f"server-{self.launches:02d}-{label}.stderr"
        self.stderr_files.append(path)
        return open(path, "w", encoding="utf-8")  # noqa: SIM115 - closed by the caller

    def stderr_tail(self, since: int = 0, lines: int = 15) -> list[str]:
        """The last lines written to stderr by each server launched since launch number `since`."""
        out: list[str] = []
        for path in self.stderr_files[since:]:
            try:
                text = path.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                continue
            if text:
                out.append(f"--- {path.name} (last {min(lines, len(text))} lines)")
                out.extend(text[-lines:])
        return out


# --------------------------------------------------------------------------------------------
# Elicitation callback shared by every mode: legacy servers reach it through an
# `elicitation/create` request, 2026-07-28 servers through an `input_required` result that the
# SDK resolves and retries. The SDK hands it (context, params); params is a form or URL
# elicitation model carrying `message`.
# --------------------------------------------------------------------------------------------


@dataclass
class Elicitor:
    action: str = "accept"
    seen: list[dict[str, Any]] = field(default_factory=list)

    async def __call__(
        self, context: ClientRequestContext, params: types.ElicitRequestParams
    ) -> types.ElicitResult | types.ErrorData:
        self.seen.append(
            {
                "message": getattr(params, "message", None),
                "mode": getattr(params, "mode", None),
                "schema": getattr(params, "requested_schema", None),
                "request_id": context.request_id,
            }
        )
        if self.action == "accept":
            return types.ElicitResult(action="accept", content={"confirm": True})
        return types.ElicitResult(action=self.action)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------------------------


@dataclass
class ModeContext:
    mode: str
    client: Client
    wire: WireLog
    launcher: ServerLauncher
    elicitor: Elicitor
    notifications: list[tuple[float, Any]]
    notes: list[str]
    tools: dict[str, types.Tool] = field(default_factory=dict)

    def note(self, text: str) -> None:
        self.notes.append(text)

    def require_tool(self, name: str) -> None:
        if not self.tools:
            raise CheckFailed(f"no tool listing to look {name} up in (the tools/list check failed)")
        expect(
            name in self.tools,
            f"tool {name} is not listed by the server (is ZOHO_MCP_DIAGNOSTIC_TOOLS=1 supported yet?)",
        )


def structured(result: types.CallToolResult) -> Any:
    return result.structured_content


def result_text(result: types.CallToolResult) -> str:
    return " ".join(getattr(block, "text", "") for block in result.content if getattr(block, "text", None))


async def check_connect(ctx: ModeContext) -> None:
    client = ctx.client
    version = client.protocol_version
    session = client.session
    outgoing = ctx.wire.outgoing()
    first = outgoing[0].message.get("method") if outgoing else None
    opening = brief(outgoing[0].message, 600) if outgoing else "nothing"
    ctx.note(f"negotiated {version}; first message the client sent: {opening}")
    if ctx.mode == "legacy":
        expect(first == "initialize", f"legacy mode should open with initialize, sent {first!r}")
        expect(version == LEGACY_VERSION, f"expected protocol {LEGACY_VERSION}, negotiated {version}")
        init = session.initialize_result
        expect(init is not None, "no InitializeResult after a legacy connect")
        assert init is not None
        expect(init.capabilities.tools is not None, "initialize result does not declare the tools capability")
        return
    if ctx.mode == "auto":
        # Record how the probe went, so a legacy fallback says why it happened.
        answers = {r.message.get("id"): r.message for r in ctx.wire.incoming() if "id" in r.message}
        for record in outgoing:
            if record.message.get("method") == "server/discover":
                answer = answers.get(record.message.get("id"))
                if answer is None:
                    ctx.note("server/discover: no answer seen")
                elif "error" in answer:
                    ctx.note(f"server/discover answered with error {brief(answer['error'], 200)}")
                else:
                    supported = (answer.get("result") or {}).get("supportedVersions")
                    ctx.note(f"server/discover answered; supportedVersions={supported}")
        expect(first == "server/discover", f"auto mode should probe with server/discover first, sent {first!r}")
        expect(
            version == MODERN_VERSION,
            f"auto mode fell back to {version}; the server must answer server/discover so that auto ends up "
            f"at {MODERN_VERSION}",
        )
        expect(session.discover_result is not None, "auto mode reports modern but kept no DiscoverResult")
        expect(session.initialize_result is None, "auto mode ended modern but also ran initialize")
        return
    # An explicit modern version: the SDK adopts it without any traffic, so ask the server
    # directly whether it speaks that version.
    expect(version == MODERN_VERSION, f"expected protocol {MODERN_VERSION}, client reports {version}")
    expect(
        not outgoing, f"explicit modern mode should connect silently, but sent {brief([r.message for r in outgoing])}"
    )
    try:
        raw = await session.send_discover(MODERN_VERSION)
    except MCPError as error:
        if error.code in (CONNECTION_CLOSED_CODE, REQUEST_TIMEOUT_CODE):
            raise
        raise CheckFailed(f"server/discover at {MODERN_VERSION} failed: {error.code} {error.message}") from None
    supported = raw.get("supportedVersions")
    expect(
        isinstance(supported, list) and MODERN_VERSION in supported,
        f"server/discover does not list {MODERN_VERSION}: {brief(raw)}",
    )


async def check_raw_older_handshake(ctx: ModeContext) -> None:
    """A legacy initialize at 2025-06-18 written by hand (no SDK): the server must echo that version."""
    errlog = ctx.launcher.stderr_file("raw-2025-06-18")
    params = ctx.launcher.params()
    env = dict(params.env or {})
    try:
        process = await anyio.open_process(
            [params.command, *params.args], env=env, stderr=errlog, start_new_session=True
        )
    except OSError as error:
        errlog.close()
        raise CheckFailed(f"cannot start {params.command}: {error}") from None
    try:
        assert process.stdin is not None and process.stdout is not None
        buffer = b""

        async def send(message: dict[str, Any]) -> None:
            await process.stdin.send((json.dumps(message) + "\n").encode())  # type: ignore[union-attr]

        async def answer_to(request_id: int) -> dict[str, Any]:
            nonlocal buffer
            while True:
                while b"\n" in buffer:
                    line, buffer = buffer.split(b"\n", 1)
                    if not line.strip():
                        continue
                    try:
                        message = json.loads(line)
                    except ValueError:
                        raise CheckFailed(f"server wrote a line that is not JSON: {line[:200]!r}") from None
                    if message.get("id") == request_id and ("result" in message or "error" in message):
                        return message
                try:
                    buffer += await process.stdout.receive()  # type: ignore[union-attr]
                except anyio.EndOfStream:
                    raise CheckFailed(f"server closed stdout before answering request {request_id}") from None

        with anyio.fail_after(REQUEST_TIMEOUT):
            await send(
                {
                    "jsonrpc": "2.0",
                    "id": 1,
                    "method": "initialize",
                    "params": {
                        "protocolVersion": OLDER_LEGACY_VERSION,
                        "capabilities": {},
                        "clientInfo": {"name": "interop-raw", "version": "1.0"},
                    },
                }
            )
            init = await answer_to(1)
            expect("result" in init, f"initialize at {OLDER_LEGACY_VERSION} failed: {brief(init.get('error'))}")
            echoed = init["result"].get("protocolVersion")
            expect(
                echoed == OLDER_LEGACY_VERSION, f"server answered {echoed!r} to an initialize at {OLDER_LEGACY_VERSION}"
            )
            await send({"jsonrpc": "2.0", "method": "notifications/initialized"})
            await send({"jsonrpc": "2.0", "id": 2, "method": "tools/list"})
            listing = await answer_to(2)
            tools = (listing.get("result") or {}).get("tools")
            expect(
                isinstance(tools, list) and len(tools) > 0,
                f"tools/list after a {OLDER_LEGACY_VERSION} handshake gave {brief(listing)}",
            )
    finally:
        with anyio.move_on_after(3, shield=True):
            await process.stdin.aclose()  # type: ignore[union-attr]
            await process.wait()
        if process.returncode is None:
            process.kill()
            with anyio.move_on_after(2, shield=True):
                await process.wait()
        errlog.close()


async def check_list_tools(ctx: ModeContext) -> None:
    tools: dict[str, types.Tool] = {}
    cursor: str | None = None
    for _ in range(50):  # a paginator that never ends must not hang the run
        page = await ctx.client.list_tools(cursor=cursor)
        for tool in page.tools:
            tools[tool.name] = tool
        cursor = page.next_cursor
        if not cursor:
            break
    else:
        raise CheckFailed("tools/list kept returning a next cursor after 50 pages")
    ctx.tools = tools
    ctx.note(f"{len(tools)} tools listed")
    expect(len(tools) > 0, "tools/list returned no tools")
    missing = [name for name in ("list_invoices", "get_invoice", *DIAGNOSTIC_TOOLS) if name not in tools]
    problems = []
    for tool in tools.values():
        if not isinstance(tool.input_schema, dict) or tool.input_schema.get("type") != "object":
            problems.append(f"{tool.name}: inputSchema.type is {brief((tool.input_schema or {}).get('type'))}")
        if tool.annotations is None:
            problems.append(f"{tool.name}: no annotations")
    complaints = []
    if missing:
        complaints.append(f"missing tools: {', '.join(missing)}")
    if problems:
        complaints.append("malformed tools: " + "; ".join(problems[:10]) + (" ..." if len(problems) > 10 else ""))
    expect(not complaints, "; ".join(complaints))


async def check_sandbox_calls(ctx: ModeContext) -> None:
    listed = await ctx.client.call_tool("list_invoices", {"status": "overdue"})
    expect(not listed.is_error, f"list_invoices returned isError: {result_text(listed)[:300]}")
    content = structured(listed)
    expect(isinstance(content, dict), f"list_invoices has no structuredContent object: {brief(content)}")
    invoices = content.get("invoices")
    expect(isinstance(invoices, list), f"list_invoices structuredContent has no invoices list: {brief(content)}")
    expect(len(invoices) > 0, "the sandbox has no overdue invoices to fetch one of")
    invoice_id = invoices[0].get("invoice_id") if isinstance(invoices[0], dict) else None
    expect(isinstance(invoice_id, str) and invoice_id != "", f"first invoice has no invoice_id: {brief(invoices[0])}")
    ctx.note(f"list_invoices overdue: {len(invoices)} invoices; fetching {invoice_id}")
    fetched = await ctx.client.call_tool("get_invoice", {"invoice_id": invoice_id})
    expect(not fetched.is_error, f"get_invoice returned isError: {result_text(fetched)[:300]}")
    body = structured(fetched)
    got = body.get("invoice", {}).get("invoice_id") if isinstance(body, dict) else None
    expect(got == invoice_id, f"get_invoice({invoice_id}) returned invoice.invoice_id={got!r}")


async def check_reports_and_prompts(ctx: ModeContext) -> None:
    # The SDK checks structuredContent against each tool's outputSchema, so a report whose result strays
    # from its declared shape fails here.
    report = await ctx.client.call_tool("report_ar_aging", {})
    expect(not report.is_error, f"report_ar_aging returned isError: {result_text(report)[:300]}")
    content = structured(report)
    expect(isinstance(content, dict) and isinstance(content.get("totals"), list),
           f"report_ar_aging has no totals: {brief(content)}")
    prompts = await ctx.client.list_prompts()
    names = [prompt.name for prompt in prompts.prompts]
    expect("chase_overdue_invoices" in names and len(names) == 5, f"unexpected prompts: {names}")
    prompt = await ctx.client.get_prompt("upcoming_renewals", {"days": "14"})
    text = prompt.messages[0].content.text if prompt.messages else ""
    expect("report_renewals" in text, f"upcoming_renewals does not point at report_renewals: {text[:200]}")
    completion = await ctx.client.complete(
        types.PromptReference(type="ref/prompt", name="onboard_customer"), {"name": "plan_code", "value": "basic"})
    expect(completion.completion.values == ["basic-annual", "basic-monthly"],
           f"plan_code completion gave {completion.completion.values}")
    ctx.note(f"report_ar_aging ok; {len(names)} prompts; plan_code completion {completion.completion.values}")


async def check_unknown_tool(ctx: ModeContext) -> None:
    name = "no_such_tool_for_interop"
    try:
        result = await ctx.client.call_tool(name, {})
    except MCPError as error:
        if error.code == CONNECTION_CLOSED_CODE:
            raise
        ctx.note(f"unknown tool -> MCPError {error.code}: {error.message}")
        expect(
            error.code == INVALID_PARAMS,
            f"unknown tool raised JSON-RPC error {error.code} ({error.message}), expected {INVALID_PARAMS}",
        )
        return
    ctx.note(f"unknown tool -> result isError={result.is_error}: {result_text(result)[:120]}")
    expect(result.is_error, f"unknown tool {name} returned a successful result: {brief(structured(result))}")


async def wait_until(predicate: Callable[[], bool], seconds: float) -> bool:
    """Polls `predicate` for up to `seconds`; progress callbacks run as separate tasks, so they can trail a response."""
    deadline = anyio.current_time() + seconds
    while not predicate():
        if anyio.current_time() >= deadline:
            return False
        await anyio.sleep(0.01)
    return True


async def check_progress(ctx: ModeContext) -> None:
    ctx.require_tool("diagnostic_progress")
    seen: list[tuple[float, float | None, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append((progress, total, message))

    result = await ctx.client.call_tool(
        "diagnostic_progress", {"steps": 5, "delay_ms": 20}, progress_callback=on_progress
    )
    expect(not result.is_error, f"diagnostic_progress returned isError: {result_text(result)[:300]}")
    await wait_until(lambda: len(seen) >= 5, 1.0)
    ctx.note(f"progress seen: {[(p, t) for p, t, _ in seen]}")
    expect(len(seen) == 5, f"expected 5 progress notifications, got {len(seen)}: {seen}")
    values = [p for p, _, _ in seen]
    expect(values == [1, 2, 3, 4, 5], f"progress values should be 1..5 in order, got {values}")
    expect(all(t == 5 for _, t, _ in seen), f"every notification should carry total 5, got {[t for _, t, _ in seen]}")
    expect(
        structured(result) == {"steps": 5},
        f"structuredContent should be {{'steps': 5}}, got {brief(structured(result))}",
    )


async def check_cancellation(ctx: ModeContext) -> None:
    ctx.require_tool("diagnostic_progress")
    seen: list[float] = []
    third = anyio.Event()
    outcome: dict[str, Any] = {}
    scope = anyio.CancelScope()

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        seen.append(progress)
        if len(seen) >= 3:
            third.set()

    async def run_call() -> None:
        with scope:
            try:
                outcome["result"] = await ctx.client.call_tool(
                    "diagnostic_progress", {"steps": 200, "delay_ms": 20}, progress_callback=on_progress
                )
            except MCPError as error:
                outcome["error"] = error
        outcome["cancelled"] = scope.cancelled_caught

    wire_mark = len(ctx.wire.records)
    async with anyio.create_task_group() as tg:
        tg.start_soon(run_call)
        with anyio.move_on_after(10) as waited:
            await third.wait()
        if waited.cancelled_caught:
            scope.cancel()
            raise CheckFailed(
                f"only {len(seen)} progress notifications arrived in 10 s "
                f"(outcome so far: {brief({k: str(v) for k, v in outcome.items()})})"
            )
        scope.cancel()
    expect("result" not in outcome, f"the call finished before it could be cancelled: {brief(outcome)}")
    expect(
        outcome.get("cancelled") is True,
        f"the call did not end by cancellation: {brief({k: str(v) for k, v in outcome.items()})}",
    )

    # Identify the request on the wire: the tools/call we sent, and the cancel the SDK sent for it.
    window = ctx.wire.records[wire_mark:]
    calls = [
        r
        for r in window
        if r.direction == "out"
        and r.message.get("method") == "tools/call"
        and (r.message.get("params") or {}).get("name") == "diagnostic_progress"
    ]
    expect(len(calls) == 1, f"expected one diagnostic_progress tools/call on the wire, saw {len(calls)}")
    request_id = calls[0].message.get("id")
    token = ((calls[0].message.get("params") or {}).get("_meta") or {}).get("progressToken")

    await wait_until(
        lambda: any(
            r.direction == "out" and r.message.get("method") == "notifications/cancelled"
            for r in ctx.wire.records[wire_mark:]
        ),
        1.0,
    )
    cancels = [
        r
        for r in ctx.wire.records[wire_mark:]
        if r.direction == "out" and r.message.get("method") == "notifications/cancelled"
    ]
    expect(cancels, "the SDK sent no notifications/cancelled after the cancel scope was cancelled")
    cancel_ids = [(r.message.get("params") or {}).get("requestId") for r in cancels]
    expect(request_id in cancel_ids, f"notifications/cancelled named {cancel_ids}, the call was id {request_id}")
    cancelled_at = cancels[0].at

    # Watch the wire for the grace period plus a quiet window.
    await anyio.sleep(CANCEL_GRACE + CANCEL_QUIET_WINDOW)

    def progress_for_call(record: WireRecord) -> bool:
        return (
            record.direction == "in"
            and record.message.get("method") == "notifications/progress"
            and (record.message.get("params") or {}).get("progressToken") == token
        )

    late = [r.at - cancelled_at for r in ctx.wire.records[wire_mark:] if progress_for_call(r) and r.at > cancelled_at]
    # The SDK's own view agrees with the tap for notifications: progress that no longer matches a
    # pending request skips the progress callback but is still handed to `message_handler`.
    late_in_handler = [
        at - cancelled_at
        for at, message in ctx.notifications
        if isinstance(message, types.ProgressNotification)
        and message.params.progress_token == token
        and at > cancelled_at
    ]
    ctx.note(
        f"cancelled request id {request_id} after {len(seen)} progress callbacks; "
        f"{len(late)} progress notification(s) arrived after the cancel, last at "
        f"{(max(late) * 1000 if late else 0):.0f} ms"
    )
    expect(
        all(delay <= CANCEL_GRACE for delay in late + late_in_handler),
        f"progress kept coming after the cancel: {len(late)} arrivals, at "
        f"{[round(d * 1000) for d in late[:12]]}{' ...' if len(late) > 12 else ''} ms "
        f"(allowed: none after {CANCEL_GRACE * 1000:.0f} ms)",
    )

    # A following call must still work on the same connection.
    follow = await ctx.client.call_tool("list_organizations", {})
    expect(not follow.is_error, f"list_organizations after the cancel returned isError: {result_text(follow)[:300]}")

    answers = [
        r
        for r in ctx.wire.records[wire_mark:]
        if r.direction == "in" and r.message.get("id") == request_id and ("result" in r.message or "error" in r.message)
    ]
    expect(
        not answers,
        f"the server answered the cancelled request {request_id}: {brief(answers[0].message if answers else None)}",
    )


async def check_elicitation(ctx: ModeContext) -> None:
    ctx.require_tool("diagnostic_confirm")
    expected = {
        "accept": {"answer": "accept", "confirmed": True},
        "decline": {"answer": "decline", "confirmed": False},
        "cancel": {"answer": "cancel", "confirmed": False},
    }
    problems = []
    for action, want in expected.items():
        ctx.elicitor.action = action
        ctx.elicitor.seen.clear()
        mark = len(ctx.wire.records)
        try:
            result = await ctx.client.call_tool("diagnostic_confirm", {"question": QUESTION})
        except MCPError as error:
            problems.append(f"{action}: MCPError {error.code} {error.message}")
            continue
        how = elicitation_route(ctx.wire.records[mark:])
        ctx.note(f"elicitation {action}: via {how}; callback saw {len(ctx.elicitor.seen)} request(s)")
        if len(ctx.elicitor.seen) != 1:
            problems.append(f"{action}: the elicitation callback ran {len(ctx.elicitor.seen)} times, expected once")
        elif QUESTION not in (ctx.elicitor.seen[0].get("message") or ""):
            problems.append(
                f"{action}: the elicitation message {ctx.elicitor.seen[0].get('message')!r} lacks the question"
            )
        if result.is_error:
            problems.append(f"{action}: isError result: {result_text(result)[:200]}")
        elif structured(result) != want:
            problems.append(f"{action}: structuredContent {brief(structured(result))}, expected {brief(want)}")
        # The route follows the era actually negotiated (the connect check judges the era itself).
        if ctx.client.protocol_version == MODERN_VERSION:
            if how != "input_required":
                problems.append(f"{action}: a {MODERN_VERSION} server should elicit with input_required, saw {how}")
        elif how != "elicitation/create":
            problems.append(f"{action}: a legacy server should elicit with an elicitation/create request, saw {how}")
    ctx.elicitor.action = "accept"
    expect(not problems, "; ".join(problems))


async def check_destructive_confirmation(ctx: ModeContext) -> None:
    """void_invoice asks the person through the SDK's elicitation callback and voids only on accept."""
    ctx.require_tool("void_invoice")
    listing = await ctx.client.call_tool("list_invoices", {"per_page": 200})
    invoices = (structured(listing) or {}).get("invoices") or []
    voidable = [
        i["invoice_id"]
        for i in invoices
        if i.get("status") in ("sent", "overdue") and i.get("balance") == i.get("total")
    ]
    expect(len(voidable) >= 3, f"the sandbox has only {len(voidable)} voidable invoices")
    problems = []
    for action, invoice_id in zip(("decline", "cancel", "accept"), voidable):
        ctx.elicitor.action = action
        ctx.elicitor.seen.clear()
        mark = len(ctx.wire.records)
        result = await ctx.client.call_tool("void_invoice", {"invoice_id": invoice_id})
        how = elicitation_route(ctx.wire.records[mark:])
        after = await ctx.client.call_tool("get_invoice", {"invoice_id": invoice_id})
        status = ((structured(after) or {}).get("invoice") or {}).get("status")
        message = ctx.elicitor.seen[0].get("message") or "" if ctx.elicitor.seen else ""
        ctx.note(f"void_invoice {action}: via {how}; invoice status afterwards {status}")
        if f"/invoices/{invoice_id}/void" not in message:
            problems.append(f"{action}: the question {message[:120]!r} does not show the request")
        if action == "accept":
            if result.is_error or status != "void":
                problems.append(f"accept: isError={result.is_error}, status {status}: {result_text(result)[:200]}")
        elif status == "void" or "nothing was sent to Zoho" not in result_text(result):
            problems.append(f"{action}: status {status}, text {result_text(result)[:200]!r}")
    ctx.elicitor.action = "accept"
    expect(not problems, "; ".join(problems))


def elicitation_route(records: list[WireRecord]) -> str:
    """Names the way an elicitation reached the client in a stretch of wire traffic."""
    if any(r.direction == "in" and r.message.get("method") == "elicitation/create" for r in records):
        return "elicitation/create"
    for r in records:
        result = r.message.get("result") if r.direction == "in" else None
        if isinstance(result, dict) and result.get("resultType") == "input_required":
            return "input_required"
    return "nothing"


async def check_elicitation_unavailable(ctx: ModeContext) -> None:
    ctx.require_tool("diagnostic_confirm")
    wire = WireLog()
    errlog = ctx.launcher.stderr_file(f"{ctx.mode}-no-elicitation")
    try:
        # A second connection whose client declares no elicitation capability.
        async with Client(
            TappedStdio(ctx.launcher.params(), errlog, wire),
            mode=ctx.mode,
            read_timeout_seconds=REQUEST_TIMEOUT,
        ) as client:
            # List first, as a real client would; a 2026-07-28 server may reject calls to unlisted tools.
            await client.list_tools()
            try:
                result = await client.call_tool("diagnostic_confirm", {"question": QUESTION})
            except MCPError as error:
                # With no callback the SDK answers any elicitation itself with an error, so a server
                # that asks anyway (instead of answering "unavailable") typically ends up here.
                asked = elicitation_route(wire.records)
                raise CheckFailed(
                    f"without an elicitation callback the call raised {error.code} {error.message} "
                    f"(the server elicited anyway: {asked})"
                ) from None
    finally:
        errlog.close()
    expect(not result.is_error, f"isError result: {result_text(result)[:200]}")
    want = {"answer": "unavailable", "confirmed": False}
    expect(structured(result) == want, f"structuredContent {brief(structured(result))}, expected {brief(want)}")


# --------------------------------------------------------------------------------------------
# Running one mode
# --------------------------------------------------------------------------------------------


@dataclass
class ModeReport:
    mode: str
    passed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)


Check = Callable[[ModeContext], Awaitable[None]]


def checks_for(mode: str) -> list[tuple[str, Check]]:
    checks: list[tuple[str, Check]] = [("connect", check_connect)]
    if mode == "legacy":
        checks.append((f"raw initialize {OLDER_LEGACY_VERSION}", check_raw_older_handshake))
    checks += [
        ("tools/list", check_list_tools),
        ("sandbox calls", check_sandbox_calls),
        ("reports and prompts", check_reports_and_prompts),
        ("unknown tool", check_unknown_tool),
        ("progress", check_progress),
        ("cancellation", check_cancellation),
        ("elicitation", check_elicitation),
        ("elicitation unavailable", check_elicitation_unavailable),
        ("destructive confirmation", check_destructive_confirmation),
    ]
    return checks


def describe(error: BaseException) -> str:
    if isinstance(error, CheckFailed):
        return str(error)
    if isinstance(error, MCPError):
        return f"MCPError {error.code}: {error.message}"
    if isinstance(error, TimeoutError):
        return f"no outcome within {CHECK_TIMEOUT:.0f} s (hung)"
    if isinstance(error, ValidationError):
        # The SDK checks every result against the negotiated revision's schema; name the fields.
        fields = "; ".join(
            f"{'.'.join(str(part) for part in item['loc']) or '(root)'}: {item['msg']}" for item in error.errors()[:6]
        )
        return f"the SDK rejected a server result for {error.title}: {fields}"
    grouped = getattr(error, "exceptions", None)  # an exception group (a builtin only from Python 3.11)
    if isinstance(grouped, (list, tuple)) and grouped:
        return "; ".join(describe(e) for e in grouped)
    return f"{type(error).__name__}: {error}"


@dataclass
class RunPosition:
    """Where the run is, so that the global timeout can say what hung."""

    current: str = "starting"


position = RunPosition()


async def run_mode(mode: str, launcher: ServerLauncher, verbose: bool) -> ModeReport:
    report = ModeReport(mode)
    checks = checks_for(mode)
    wire = WireLog()
    notifications: list[tuple[float, Any]] = []
    elicitor = Elicitor()

    async def on_message(message: Any) -> None:
        # Only notifications and transport exceptions reach this hook (see the wire tap above).
        notifications.append((anyio.current_time(), message))

    first_launch = len(launcher.stderr_files)
    errlog = launcher.stderr_file(mode)
    client = Client(
        TappedStdio(launcher.params(), errlog, wire),
        mode=mode,
        elicitation_callback=elicitor,
        message_handler=on_message,
        read_timeout_seconds=REQUEST_TIMEOUT,
    )
    connected = False
    timeouts_in_a_row = 0
    closed = False
    try:
        # The client's task groups must be entered and left in this one task, in order, so the
        # connection lives in a plain `async with` inside one cancel scope whose deadline moves:
        # first the time allowed to connect, then the budget for all the checks. Each check also
        # gets its own, smaller deadline.
        with anyio.CancelScope() as mode_scope:
            mode_scope.deadline = anyio.current_time() + CONNECT_TIMEOUT
            position.current = f"{mode} / connect"
            async with client:
                connected = True
                mode_scope.deadline = anyio.current_time() + CHECK_TIMEOUT * len(checks)
                ctx = ModeContext(mode, client, wire, launcher, elicitor, notifications, report.notes)
                for index, (name, check) in enumerate(checks):
                    if closed:
                        report.failed.extend((rest, "skipped: the connection is closed") for rest, _ in checks[index:])
                        break
                    if timeouts_in_a_row >= 2:
                        # The server has stopped answering; waiting out every remaining check
                        # would only burn the global budget.
                        report.failed.extend(
                            (rest, "skipped: the server stopped answering") for rest, _ in checks[index:]
                        )
                        break
                    position.current = f"{mode} / {name}"
                    try:
                        with anyio.fail_after(CHECK_TIMEOUT):
                            await check(ctx)
                    except Exception as error:  # noqa: BLE001 - a failing check must not stop the others
                        report.failed.append((name, describe(error)))
                        timed_out = isinstance(error, TimeoutError) or (
                            isinstance(error, MCPError) and error.code == REQUEST_TIMEOUT_CODE
                        )
                        timeouts_in_a_row = timeouts_in_a_row + 1 if timed_out else 0
                        closed = isinstance(error, MCPError) and error.code == CONNECTION_CLOSED_CODE
                        if verbose and not isinstance(error, CheckFailed | MCPError | TimeoutError | ValidationError):
                            report.notes.append(traceback.format_exc())
                    else:
                        timeouts_in_a_row = 0
                        report.passed.append(name)
                position.current = f"{mode} / closing the connection"
        if mode_scope.cancelled_caught:
            if not connected:
                report.failed.append(("connect", f"no connection within {CONNECT_TIMEOUT:.0f} s"))
                report.failed.extend((name, "skipped: no connection") for name, _ in checks[1:])
            else:
                report.failed.append(("mode budget", f"{mode} ran out of time during {position.current}"))
    except Exception as error:  # noqa: BLE001 - connect or teardown failed; report it and go on
        if not connected:
            report.failed.append(("connect", describe(error)))
            report.failed.extend((name, "skipped: no connection") for name, _ in checks[1:])
        else:
            report.failed.append(("disconnect", describe(error)))
    finally:
        errlog.close()
        if report.failed:
            report.stderr = launcher.stderr_tail(since=first_launch)
    return report


def print_report(report: ModeReport, verbose: bool) -> None:
    total = len(report.passed) + len(report.failed)
    if not report.failed:
        print(f"{report.mode}: {total} checks passed")
    else:
        print(f"{report.mode}: {len(report.failed)} of {total} checks failed")
        for name, reason in report.failed:
            print(f"  FAIL {report.mode} / {name}: {reason}")
    if verbose:
        for note in report.notes:
            print(f"  note: {note}")
    if report.failed and report.stderr:
        print("  server stderr:")
        for line in report.stderr:
            print(f"    {line}")
    sys.stdout.flush()


async def main_async(args: argparse.Namespace, workdir: Path) -> bool:
    modes = MODES if args.mode == "all" else (args.mode,)
    launcher = ServerLauncher(args.binary, workdir)
    ok = True
    for mode in modes:
        report = await run_mode(mode, launcher, args.verbose)
        print_report(report, args.verbose)
        ok = ok and not report.failed
    return ok


class _OneLineFormatter(logging.Formatter):
    """SDK log lines without their tracebacks (the failure report already says what broke)."""

    def formatException(self, ei: Any) -> str:  # noqa: N802 - overrides the logging API
        return ""

    def format(self, record: logging.LogRecord) -> str:
        record.exc_text = ""
        text = super().format(record)
        if record.exc_info and record.exc_info[1] is not None:
            text += f" ({type(record.exc_info[1]).__name__}: {str(record.exc_info[1]).splitlines()[0][:200]})"
        return text.rstrip()


def configure_logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLineFormatter("  sdk %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.WARNING if verbose else logging.ERROR)


def main() -> int:
    parser = argparse.ArgumentParser(description="Check zoho-billing-mcp against the official MCP Python SDK client.")
    parser.add_argument("--binary", required=True, help="path to the built zoho-billing-mcp executable")
    parser.add_argument("--mode", choices=(*MODES, "all"), default="all", help="protocol era(s) to test (default: all)")
    parser.add_argument("--timeout", type=float, default=120.0, help="global timeout in seconds (default: 120)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print what was observed, not only failures")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (server stderr logs)")
    args = parser.parse_args()

    binary = Path(args.binary)
    if not (binary.is_file() and os.access(binary, os.X_OK)):
        print(f"interop: {args.binary} is not an executable file", file=sys.stderr)
        return 2
    args.binary = str(binary.resolve())
    configure_logging(args.verbose)

    # Last-resort guard: if cancellation cannot unwind something (a stuck thread, a wedged
    # pipe), dump every stack and exit hard a little after the global timeout.
    faulthandler.dump_traceback_later(args.timeout + 20, exit=True)
    workdir = Path(tempfile.mkdtemp(prefix="zoho-mcp-interop-"))
    started = time.monotonic()
    try:

        async def bounded() -> bool:
            with anyio.fail_after(args.timeout):
                return await main_async(args, workdir)

        try:
            ok = anyio.run(bounded)
        except TimeoutError:
            print(
                f"interop: global timeout of {args.timeout:.0f} s reached during {position.current}; "
                "the server or the test hung"
            )
            return 3
    finally:
        faulthandler.cancel_dump_traceback_later()
        if args.keep:
            print(f"interop: kept {workdir}", file=sys.stderr)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    if args.verbose:
        print(f"interop: finished in {time.monotonic() - started:.1f} s")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
