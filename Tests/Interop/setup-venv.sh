#!/usr/bin/env bash
# Makes sure <repo>/.build/interop-venv holds the official MCP Python SDK (mcp >=2.3,<3)
# and prints the path of that environment's python on stdout (nothing else goes to stdout).
#
# Safe to run repeatedly: when the environment already exists with an acceptable mcp, it
# only checks the version and prints the path. Progress messages go to stderr.
#
# Knobs:
#   PYTHON=/path/to/python3   interpreter used to create the environment (default: python3)
#   INTEROP_VENV=/some/dir    put the environment somewhere else
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
venv="${INTEROP_VENV:-$repo/.build/interop-venv}"
requirement='mcp>=2.3,<3'

# Exit status 0 when the environment has mcp installed at an acceptable version. Only the
# package metadata is read (importing mcp itself takes seconds on a busy machine).
version_ok() {
    [ -x "$venv/bin/python" ] || return 1
    "$venv/bin/python" -I - <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
parts = [int(p) for p in version("mcp").split(".")[:2] if p.isdigit()]
sys.exit(0 if len(parts) == 2 and (2, 3) <= tuple(parts) < (3, 0) else 1)
PY
}

if version_ok; then
    echo "$venv/bin/python"
    exit 0
fi

base="${PYTHON:-python3}"
if ! command -v "$base" >/dev/null 2>&1; then
    echo "setup-venv: no '$base' on PATH; set PYTHON to a Python 3.10+ interpreter" >&2
    exit 1
fi
if ! "$base" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 10) else 1)'; then
    echo "setup-venv: $("$base" --version 2>&1) is too old; the MCP SDK needs Python 3.10+" >&2
    exit 1
fi

# A virtual env that exists but is broken (interrupted creation, moved interpreter) is rebuilt.
# Anything else already at that path is left alone: it is not ours to delete.
if [ -e "$venv" ] && ! [ -x "$venv/bin/python" ]; then
    if [ -f "$venv/pyvenv.cfg" ] || [ -z "$(ls -A "$venv" 2>/dev/null)" ]; then
        echo "setup-venv: removing unusable $venv" >&2
        rm -rf "$venv"
    else
        echo "setup-venv: $venv exists and is not a virtual env; move it away or set INTEROP_VENV" >&2
        exit 1
    fi
fi
if ! [ -x "$venv/bin/python" ]; then
    echo "setup-venv: creating $venv" >&2
    mkdir -p "$(dirname "$venv")"
    "$base" -m venv "$venv"
fi

echo "setup-venv: installing $requirement" >&2
"$venv/bin/python" -m pip install --disable-pip-version-check --quiet "$requirement" >&2

if ! version_ok; then
    echo "setup-venv: $venv still has no usable $requirement after installing" >&2
    exit 1
fi
echo "$venv/bin/python"
