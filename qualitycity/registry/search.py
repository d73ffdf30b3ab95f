"""The entity search box: USCC, any part of the name or a former name, pinyin initials or
full pinyin (of the name and former names).

On SQLite the condition goes through the FTS5 trigram index of migration 0004
(`pk IN (SELECT rowid … MATCH …)`); on PostgreSQL the pg_trgm GIN indexes of the same
migration serve the plain LIKE conditions. A trigram index needs three characters: shorter
terms, and databases without the index, use the LIKE scan."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet
from django.db.models.expressions import RawSQL
from pypinyin.constants import RE_HANS

from qualitycity.core.filters import search_condition
from qualitycity.core.pinyin import _clean, search_key

FTS_TABLE = "registry_entity_search"
TEXT_COLUMNS = ("name", "uscc", "former_names")
MAX_KEY_LENGTH = 600


def former_name_list(former_names: str) -> list[str]:
    """The former names of an entity, one per line (blank lines and repeats dropped)."""
    seen: list[str] = []
    for line in (former_names or "").splitlines():
        name = line.strip()
        if name and name not in seen:
            seen.append(name)
    return seen


#: pypinyin's split of a text into runs of Chinese characters and runs of anything else.
_HAN_CLASS = RE_HANS.pattern.removeprefix("^(?:[").removesuffix("])+$")
_RUNS = re.compile(f"[{_HAN_CLASS}]+|[^{_HAN_CLASS}]+")
_HAN_START = re.compile(f"[{_HAN_CLASS}]")
_word_cache: dict[str, tuple[str, str]] = {}


def _word_key(word: str) -> tuple[str, str]:
    found = _word_cache.get(word)
    if found is None:
        if not _HAN_START.match(word):
            # pypinyin returns a non-Chinese run unchanged; core.pinyin cleans it to ASCII
            # letters and digits, for the initials and the full key alike
            cleaned = _clean(word)
            return cleaned, cleaned
        key = search_key(word)
        initials, _sep, full = key.partition(" ")
        found = (initials, full)
        if len(_word_cache) < 200_000:
            _word_cache[word] = found
    return found


def _segments(text: str) -> list[str]:
    """pypinyin's segmentation (`simpleseg.seg` with `mmseg.seg`, forward maximum matching
    over its phrase dictionary, `no_non_phrases=True`), in one tight loop."""
    from pypinyin.constants import PHRASES_DICT
    from pypinyin.seg.mmseg import p_set

    prefixes = p_set._set
    phrases = PHRASES_DICT
    words: list[str] = []
    for run in _RUNS.findall(text):
        if not _HAN_START.match(run):
            words.append(run)
            continue
        i, n = 0, len(run)
        while i < n:
            end = 0
            j = i + 1
            piece = run[i:j]
            while piece in prefixes:
                if piece in phrases:
                    end = j
                if j == n:
                    break
                j += 1
                piece = run[i:j]
            else:
                j -= 1
            if end:
                words.append(run[i:end])
                i = end
            elif j == n:  # the rest is a prefix but holds no phrase: one word per character
                words.extend(run[i:])
                i = n
            else:
                words.append(run[i])
                i += 1
    return words


def fast_search_key(text: str) -> str:
    """`core.pinyin.search_key(text)`, about twenty times faster on a register of names.

    pypinyin segments a text (Chinese runs cut into dictionary phrases by forward maximum
    matching) and converts each word on its own; converting a word is the slow part, and a
    register repeats its words (县, 有限公司, 铸造 …), so each word's key is computed once
    by `core.pinyin` and cached. The place-name overrides split the text first, exactly as
    `core.pinyin` does. tests/test_search.py checks the result equals `search_key`."""
    from qualitycity.core.pinyin import _OVERRIDE_RE, PHRASE_OVERRIDES

    text = unicodedata.normalize("NFKC", text)
    pieces: list[str] = []
    position = 0
    for match in _OVERRIDE_RE.finditer(text):
        pieces.append(text[position : match.start()])
        pieces.append(match.group(0))
        position = match.end()
    pieces.append(text[position:])
    initials: list[str] = []
    full: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        for word in [piece] if piece in PHRASE_OVERRIDES else _segments(piece):
            first, whole = _word_key(word)
            initials.append(first)
            full.append(whole)
    joined = "".join(full)
    return f"{''.join(initials)} {joined}" if joined else ""


def entity_search_key(name: str, former_names: str = "") -> str:
    """The entity's pinyin key: the name's "<initials> <full pinyin>", then each former
    name's, space-separated, cut to the column's length."""
    keys = [fast_search_key(n) for n in [name, *former_name_list(former_names)]]
    return " ".join(k for k in keys if k)[:MAX_KEY_LENGTH]


def _pinyin_term(value: str) -> str | None:
    if value.isascii() and value.replace(" ", "").isalnum():
        return value.lower().replace(" ", "")
    return None


def _phrase(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def uses_index(value: str) -> bool:
    """Whether the trigram index can answer the term (SQLite, at least three characters)."""
    value = value.strip()
    pinyin = _pinyin_term(value)
    shortest = min(len(value), len(pinyin)) if pinyin is not None else len(value)
    return connection.vendor == "sqlite" and shortest >= 3


def match_expression(value: str) -> str:
    """The FTS5 MATCH expression equivalent to `core.filters.search_condition`."""
    value = value.strip()
    expression = "{" + " ".join(TEXT_COLUMNS) + "} : " + _phrase(value)
    pinyin = _pinyin_term(value)
    if pinyin is not None:
        expression += " OR search_key : " + _phrase(pinyin)
    return expression


def entity_search_condition(value: str) -> Q:
    """The search box's condition on entities (see the module docstring)."""
    value = value.strip()
    if not value:
        return Q()
    if uses_index(value):
        sql = f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s"  # noqa: S608
        # the term is a bound parameter; the table name is a constant
        return Q(pk__in=RawSQL(sql, (match_expression(value),)))  # noqa: S611
    return search_condition(value, TEXT_COLUMNS, "search_key")


def search_entities(queryset: QuerySet, value: str) -> QuerySet:
    return queryset.filter(entity_search_condition(value)) if value and value.strip() else queryset


@contextmanager
def search_index_paused(first_new_pk: int) -> Iterator[None]:
    """Bulk loads on SQLite: the search index's insert trigger (migration 0004) is dropped
    for the load and the new rows are indexed in one statement at the end, several times
    faster than a trigger call per row. Inside the caller's transaction, so a failed load
    leaves the trigger in place."""
    row = None
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = %s", [f"{FTS_TABLE}_ai"])
            row = cursor.fetchone()
    if row is None:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {FTS_TABLE}_ai")
    yield
    columns = "name, uscc, former_names, search_key"
    with connection.cursor() as cursor, _merges_paused(cursor):
        cursor.execute(
            f"INSERT INTO {FTS_TABLE}(rowid, {columns}) "  # noqa: S608  (constant names)
            f"SELECT id, {columns} FROM registry_entity WHERE id >= %s",
            [first_new_pk],
        )
        cursor.execute(row[0])


#: FTS5's default `automerge`: how many segments of a level are merged into one.
DEFAULT_AUTOMERGE = 4


@contextmanager
def _merges_paused(cursor: Any) -> Iterator[None]:
    """FTS5 merges the index's segments as rows are added; during a bulk load that merging
    took half the indexing time. It is paused for the load and set back after: the load's
    segments are merged by later writes, a little at each, and FTS5's crisis merge bounds
    their number meanwhile (searches stay correct either way)."""
    cursor.execute(f"SELECT v FROM {FTS_TABLE}_config WHERE k = 'automerge'")  # noqa: S608
    found = cursor.fetchone()
    cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('automerge', 0)")  # noqa: S608
    try:
        yield
    finally:
        previous = int(found[0]) if found else DEFAULT_AUTOMERGE
        cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('automerge', %s)", [previous])  # noqa: S608
