"""quidpro: who did what to whom, when, according to whom.

Code news stories into CAMEO events, and read a quidpro store (the file `quidpro ingest`
and `quidpro import` write) from Python::

    import quidpro
    events = quidpro.code(["Turkey praised Azerbaijan."], date="2024-11-14")
    events.to_pandas()[["source", "target", "code", "modality"]]

    store = quidpro.Store("quidpro.db")
    store.events(dyad="TUR-AZE", since="2020-01-01")   # a pyarrow.Table
    store.dyad("TUR", "AZE", by="month")               # a pyarrow.Table, one row per period
    store.ledger("TUR", "AZE")                         # a dict, as `quidpro ledger --format json`
    quidpro.lint("comment.md")                         # a list of findings (dicts)

Event tables have the columns of the event schema (``COLUMNS``, ``SCHEMA_VERSION``;
docs/schema.md), as `quidpro export --format parquet` writes them. Errors raise ``QuidproError``:
``InputError`` for bad input (a missing store, a bad story, an unreadable file),
``UsageError`` for a bad argument, with the messages of the CLI.
"""

from __future__ import annotations

import datetime as _dt
import json as _json
import math as _math
import os as _os
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

import pyarrow as _pa
import pyarrow.ipc as _ipc

from . import _quidpro
from ._quidpro import (
    CODER_VERSION,
    COLUMNS,
    ROWS_PER_FILE,
    SCHEMA_VERSION,
    InputError,
    QuidproError,
    UsageError,
    __version__,
)

__all__ = [
    "code",
    "code_lines",
    "lint",
    "Store",
    "QuidproError",
    "InputError",
    "UsageError",
    "COLUMNS",
    "CODER_VERSION",
    "DYAD_SCHEMA",
    "SCHEMA",
    "ROWS_PER_FILE",
    "SCHEMA_VERSION",
    "__version__",
]

Day = Union[str, _dt.date, None]

# The columns of `Store.dyad`: the fields of `quidpro dyad --format json`'s periods, with
# `quad` spread into q1..q4.
DYAD_SCHEMA = _pa.schema(
    [
        ("period", _pa.string()),
        ("events", _pa.int64()),
        ("goldstein_sum", _pa.float64()),
        ("goldstein_mean", _pa.float64()),
        ("q1", _pa.int64()),
        ("q2", _pa.int64()),
        ("q3", _pa.int64()),
        ("q4", _pa.int64()),
        ("cooperation", _pa.int64()),
        ("conflict", _pa.int64()),
        ("share", _pa.float64()),
    ]
)


def _table(stream: bytes) -> _pa.Table:
    return _ipc.open_stream(stream).read_all()


# The event table's Arrow schema: the columns of `quidpro export --format parquet`, with
# their types and nullability.
SCHEMA: _pa.Schema = _table(_quidpro.schema_ipc()).schema


def _day(value: Day, name: str) -> Optional[str]:
    """A day as `YYYY-MM-DD` (a `datetime.date`, a pandas Timestamp or a string)."""
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    raise UsageError(f"{name} must be YYYY-MM-DD, got {value!r}")


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and _math.isnan(value))


def _story_json(item: Any, k: int, date: Optional[str], source: Optional[str]) -> str:
    if isinstance(item, str):
        story: Dict[str, Any] = {"id": str(k + 1), "text": item}
    elif isinstance(item, Mapping):
        story = {key: value for key, value in item.items() if not _missing(value)}
    else:
        raise UsageError(f"texts: item {k + 1} is a {type(item).__name__}, not a text or a story (a dict)")
    if "date" in story:
        if not isinstance(story["date"], str) and hasattr(story["date"], "isoformat"):
            story["date"] = story["date"].isoformat()[:10]
    elif date is not None:
        story["date"] = date
    if source is not None and "source" not in story:
        story["source"] = source
    return _json.dumps(story, default=str)


def code(
    texts: Union[str, Iterable[Union[str, Mapping[str, Any]]], Any],
    *,
    date: Day = None,
    source: Optional[str] = None,
    include_negated: bool = True,
    dict: Optional[Sequence[Union[str, "_os.PathLike[str]"]]] = None,
) -> _pa.Table:
    """Codes stories into events: a `pyarrow.Table` with the export's columns (``COLUMNS``).

    ``texts`` is a text, a list of texts, a list of stories (dicts with ``id``, ``date``,
    ``text`` and optionally ``source`` and ``url``, as a line of `quidpro code`'s input),
    or a pandas DataFrame of such columns. A plain text is story ``k`` (1-based) dated
    ``date``; ``date`` and ``source`` are also the defaults of stories without them.
    ``dict`` names dictionary folders (as `--dict`; default `$QUIDPRO_DICT`, else the
    shipped dictionaries). A story that cannot be read raises ``InputError`` naming
    ``texts:K`` for each bad item; nothing is coded then.

    The values are those `quidpro export` would give after `quidpro ingest` of the same
    stories into an empty store: ``retrieved`` is the time of coding, and
    ``cluster_events`` counts the events of each cluster among those coded here. As
    `quidpro ingest` stores them, negated, refused and denied events are included, with
    their ``modality``; ``include_negated=False`` leaves them out (as `quidpro code` does
    without ``--include-negated``).
    """
    day = _day(date, "date")
    if day is not None:
        try:
            _dt.date.fromisoformat(day)
        except ValueError:
            raise UsageError(f"date must be YYYY-MM-DD, got {day!r}") from None
    if isinstance(texts, str):
        items: List[Any] = [texts]
    elif hasattr(texts, "to_dict") and hasattr(texts, "columns"):
        items = texts.to_dict("records")
    else:
        items = list(texts)
    stories = [_story_json(item, k, day, source) for k, item in enumerate(items)]
    folders = [_os.fspath(d) for d in dict] if dict is not None else _env_dicts()
    return _table(_quidpro.code_ipc(stories, "texts", include_negated, folders))


def code_lines(
    lines: Iterable[str],
    *,
    origin: str = "texts",
    line_numbers: Optional[Sequence[int]] = None,
    include_negated: bool = True,
    dict: Optional[Sequence[Union[str, "_os.PathLike[str]"]]] = None,
) -> _pa.Table:
    """Codes stories given as lines of `quidpro code`'s JSON-lines input (each a JSON
    object with ``id``, ``date``, ``text``, optionally ``source`` and ``url``), as
    :func:`code` does. A bad line raises ``InputError`` naming ``origin:N`` for each, ``N``
    being its entry of ``line_numbers`` (default: its position, from 1); blank lines must
    be left out (``line_numbers`` then keeps the file's numbering)."""
    items = list(lines)
    numbers = [int(n) for n in line_numbers] if line_numbers is not None else None
    folders = [_os.fspath(d) for d in dict] if dict is not None else _env_dicts()
    return _table(_quidpro.code_ipc(items, origin, include_negated, folders, numbers))


def _env_dicts() -> List[str]:
    value = _os.environ.get("QUIDPRO_DICT", "")
    return [p for p in value.split(_os.pathsep) if p]


def lint(path: Union[str, "_os.PathLike[str]"], *, max_per_rule: int = 0) -> List[Dict[str, Any]]:
    """The findings of `quidpro lint --format json` on one analytic document (``.md``,
    ``.html``, ``.txt``): dicts with ``file``, ``rule``, ``severity``, ``message``,
    ``explanation``, ``footnote``, ``span``, ``line``, ``column`` and ``text``.
    ``max_per_rule`` keeps the first N findings of each rule (default 0: all)."""
    return _json.loads(_quidpro.lint_json(_os.fspath(path), max_per_rule))["findings"]


class Store:
    """A quidpro store, opened read-only (as the CLI's reading commands open it): it must
    exist, and nothing is written to it."""

    def __init__(self, path: Union[str, "_os.PathLike[str]"] = "quidpro.db") -> None:
        self._store = _quidpro.Store(_os.fspath(path))

    @property
    def path(self) -> str:
        return str(self._store.path)

    def events(
        self,
        dyad: Union[str, Tuple[str, str], None] = None,
        since: Day = None,
        until: Day = None,
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
    ) -> _pa.Table:
        """The events `quidpro events` lists with the same filters (``dyad`` "A-B" or
        (A, B) is ``--dyad``, ``since``/``until`` ``--from``/``--to``, inclusive), in its
        order, as a `pyarrow.Table` with the export's columns (``COLUMNS``)."""
        if isinstance(dyad, (tuple, list)):
            dyad = "-".join(dyad)
        stream = self._store.events_ipc(
            dyad,
            _day(since, "since"),
            _day(until, "until"),
            actor=actor,
            country=country,
            undirected=undirected,
            code=code,
            plover=plover,
            quad=quad,
            dataset=dataset,
            modality=modality,
            domestic=domestic,
            one_sided=one_sided,
            search=search,
            limit=limit,
        )
        return _table(stream)

    def dyad(
        self,
        a: str,
        b: str,
        by: str = "month",
        *,
        since: Day = None,
        until: Day = None,
        undirected: bool = False,
        domestic: bool = False,
        modality: Optional[str] = None,
    ) -> _pa.Table:
        """The series of `quidpro dyad A B --by BY`: one row per period (``DYAD_SCHEMA``),
        each event cluster counted once, with the same numbers as the CLI's JSON."""
        text = self._store.dyad_json(
            a,
            b,
            by,
            since=_day(since, "since"),
            until=_day(until, "until"),
            undirected=undirected,
            domestic=domestic,
            modality=modality,
        )
        rows = []
        for p in _json.loads(text)["periods"]:
            q = p.pop("quad")
            p.update({"q1": q[0], "q2": q[1], "q3": q[2], "q4": q[3]})
            rows.append(p)
        return _pa.Table.from_pylist(rows, schema=DYAD_SCHEMA)

    def ledger(
        self,
        a: str,
        b: str,
        *,
        since: Day = None,
        until: Day = None,
        domestic: bool = False,
        modality: Optional[str] = None,
        half_life: Optional[float] = None,
        no_aims: bool = False,
        negated: bool = False,
    ) -> Dict[str, Any]:
        """The ledger of A and B as `quidpro ledger A B --format json` gives it (a dict:
        debts, favours, demands with content and status, repayments, balance, summary)."""
        text = self._store.ledger_json(
            a,
            b,
            since=_day(since, "since"),
            until=_day(until, "until"),
            domestic=domestic,
            modality=modality,
            half_life=half_life,
            no_aims=no_aims,
            negated=negated,
        )
        return _json.loads(text)

    def __repr__(self) -> str:
        return f"quidpro.Store({self.path!r})"
