"""Type stubs of the extension module (crates/python). Use the wrapper, `quidpro`: it turns
the Arrow IPC streams and JSON these functions return into pyarrow tables and dicts."""

from typing import List, Optional, Sequence

__version__: str
CODER_VERSION: str
COLUMNS: List[str]
ROWS_PER_FILE: int
SCHEMA_VERSION: int

class QuidproError(Exception):
    """An error of quidpro."""

class InputError(QuidproError):
    """Bad input (the CLI's exit code 1): a missing store, a bad story, an unreadable file."""

class UsageError(QuidproError):
    """A bad argument (the CLI's exit code 2)."""

def code_ipc(
    stories: Sequence[str],
    origin: str = "texts",
    include_negated: bool = False,
    dict: Sequence[str] = ...,
    lines: Optional[Sequence[int]] = None,
) -> bytes:
    """Stories (JSON objects, one a string) coded: an Arrow IPC stream of the event table."""

def schema_ipc() -> bytes:
    """The event table's schema: an Arrow IPC stream of no rows."""

def schema_json() -> str:
    """The `_schema.json` an export writes beside its files."""

def lint_json(path: str, max_per_rule: int = 100) -> str:
    """`quidpro lint --format json` of one file."""

class Store:
    def __init__(self, path: str) -> None: ...
    @property
    def path(self) -> str: ...
    def events_ipc(
        self,
        dyad: Optional[str] = None,
        since: Optional[str] = None,
        until: Optional[str] = None,
        *,
        actor: Optional[str] = None,
        country: Optional[str] = None,
        undirected: bool = False,
        code: Optional[str] = None,
        plover: Optional[str] = None,
        quad: Optional[int] = None,
        dataset: Optional[str] = None,
        modality: Optional[str] = None,
        domestic: bool = False,
        one_sided: bool = False,
        search: Optional[str] = None,
        limit: Optional[int] = None,
    ) -> bytes: ...
    def dyad_json(
        self,
        a: str,
        b: str,
        by: str = "month",
        *,
        since: Optional[str] = None,
        until: Optional[str] = None,
        undirected: bool = False,
        domestic: bool = False,
        modality: Optional[str] = None,
    ) -> str: ...
    def ledger_json(
        self,
        a: str,
        b: str,
        *,
        since: Optional[str] = None,
        until: Optional[str] = None,
        domestic: bool = False,
        modality: Optional[str] = None,
        half_life: Optional[float] = None,
        no_aims: bool = False,
        negated: bool = False,
    ) -> str: ...
