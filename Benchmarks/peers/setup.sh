#!/usr/bin/env bash
# Builds the Python servers the cold-start section compares against, each in its own virtual environment under
# .build/bench-peers/ (nothing outside the build folder is touched):
#   mcp/         the official MCP Python SDK (PyPI `mcp`), serving Benchmarks/peers/one_tool_server.py
#   zoho-books/  PyPI `zoho-books-mcp` 0.1.0, with `mcp==1.11.0` and `pydantic<2.12` pinned, because a plain
#                install of its unpinned dependencies does not start
# Usage: bash Benchmarks/peers/setup.sh   (idempotent; prints the two interpreters' paths)
set -euo pipefail
cd "$(dirname "$0")/../.."
root=.build/bench-peers
mkdir -p "$root"
if [ ! -x "$root/mcp/bin/python" ] || ! "$root/mcp/bin/python" -c 'import mcp' 2>/dev/null; then
    python3 -m venv "$root/mcp"
    "$root/mcp/bin/pip" install --quiet --disable-pip-version-check "mcp==2.3.0"
fi
if [ ! -x "$root/zoho-books/bin/zoho-books-mcp" ]; then
    python3 -m venv "$root/zoho-books"
    "$root/zoho-books/bin/pip" install --quiet --disable-pip-version-check \
        "zoho-books-mcp==0.1.0" "mcp==1.11.0" "pydantic<2.12"
fi
echo "$root/mcp/bin/python"
echo "$root/zoho-books/bin/zoho-books-mcp"
