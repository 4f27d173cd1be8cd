"""Shared fixtures: the `quidpro` command, and stores built by it from the bundled samples.

The command is `$QUIDPRO_BIN`, else the newest of target/release/quidpro and
target/debug/quidpro (under `$CARGO_TARGET_DIR` when set); a missing one fails the tests
that need it, with the command that builds it.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import List

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"


def quidpro_bin() -> Path:
    explicit = os.environ.get("QUIDPRO_BIN")
    if explicit:
        return Path(explicit)
    target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    found = [target / p / "quidpro" for p in ("release", "debug")]
    found = [p for p in found if p.exists()]
    if not found:
        pytest.fail("no quidpro command: run `cargo build -p quidpro-cli` or set QUIDPRO_BIN")
    return max(found, key=lambda p: p.stat().st_mtime)


def run(*args: str, store: Path | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """Runs `quidpro ARGS` (with `--store STORE`), from the repository's root."""
    cmd: List[str] = [str(quidpro_bin())]
    if store is not None:
        cmd += ["--store", str(store)]
    cmd += list(args)
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)}: exit {p.returncode}\n{p.stderr}")
    return p


def jsonl(text: str) -> list:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Path:
    """The README's demo store: the stories, the comments and the GDELT sample."""
    store = tmp_path_factory.mktemp("demo") / "quidpro.db"
    run("ingest", "samples/stories.jsonl", "samples/comments", store=store)
    run("import", "gdelt2", "samples/gdelt-sample.export.CSV", store=store)
    return store


@pytest.fixture(scope="session")
def stories_store(tmp_path_factory) -> Path:
    """A store of the sample stories alone (what the Spark job codes)."""
    store = tmp_path_factory.mktemp("stories") / "quidpro.db"
    run("ingest", "samples/stories.jsonl", store=store)
    return store
