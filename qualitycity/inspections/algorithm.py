"""The draw algorithm ("qcity-draw-v1"): pure functions of the seed and the snapshots.

Everything a draw decides follows from three published inputs, so anyone can re-run it:

1. **Seed and commitment.** The seed is 64 lowercase hex characters; the commitment, published
   when the task is approved, is the lowercase hex SHA-256 of the seed's UTF-8 bytes.
2. **Pool snapshot.** One line `USCC,CLASS` per entity in the pool, sorted by USCC, joined
   with "\\n" (no trailing newline), UTF-8. `-` is the class of an entity not yet classified.
   The pool hash is the hex SHA-256 of these bytes.
3. **Staffing snapshot.** Canonical JSON (keys sorted, no spaces, UTF-8) of
   `{"departments": [lead, participating…], "inspectors": {department: [codes]},
   "exclusions": {USCC: [codes]}, "per_target": k}`: the eligible inspectors and, per
   target, the inspectors it must not get (declared conflicts, last time's inspectors).

**Targets (qcity-draw-v2, the current algorithm).** The entities of each class `c`, in pool
order (by USCC), are numbered 0 … n−1; with ratio `r` percent, `k = ceil(n × r / 100)` are
taken by the first `k` steps of a Fisher–Yates shuffle driven by the seed. Step `i` (from 0)
reads draws `x = int(first 16 hex digits of SHA-256(seed + ":" + c + ":" + j), 16)` for
`j = 0, 1, 2, …` (one counter per class), skipping any `x ≥ 2^64 − (2^64 mod (n − i))` so
that every choice is exactly uniform; it swaps position `i` with position `i + x mod (n − i)`,
and the entity now at position `i` is a target, its key the hex digest that chose it. The
targets, all classes together, are ordered by key.

**Targets (qcity-draw-v1, draws made before December 2026).** Every entity's key is
`SHA-256(seed + ":" + USCC)` in hex; of each class the `k` entities with the smallest keys
are taken, and the targets are ordered by key. It hashes every entity of the pool, the v2
shuffle only about as many times as there are targets (at province scale the selection took
2.3 s with v1, 0.7 s with v2). Those draws are still verified with it.

**Inspectors.** Every inspector's key is `SHA-256(seed + ":" + code)` in hex. Targets are
staffed in order; each inspector's load starts at 0. For a target, first one inspector of each
department in the listed order, then more from any of them until the target has `k`; each
pick is the eligible inspector (not excluded for the target, not already picked for it) with
the lowest `(load, key)`; the load of each picked inspector grows by one. A target that cannot
be staffed stops the draw.
"""

from __future__ import annotations

import hashlib
import json
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from heapq import heappop, heappush
from operator import add, itemgetter
from typing import Any, NamedTuple

import numpy as np

ALGORITHM = "qcity-draw-v2"
ALGORITHM_V1 = "qcity-draw-v1"
ALGORITHMS = (ALGORITHM_V1, ALGORITHM)
UNCLASSIFIED = "-"


class DrawError(Exception):
    """The draw cannot be made; `code` is stable, `details` structured."""

    def __init__(self, code: str, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or {}


def sha256_hex(data: str | bytes) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def commitment_of(seed: str) -> str:
    return sha256_hex(seed)


def is_seed(value: str) -> bool:
    return len(value) == 64 and all(ch in "0123456789abcdef" for ch in value)


# --- snapshots -----------------------------------------------------------------------------


def pool_text(usccs: Sequence[str], classes: Sequence[str]) -> bytes:
    """The pool snapshot bytes; `usccs` must already be sorted."""
    if len(usccs) != len(classes):
        raise ValueError("one class per USCC")
    suffix = {c: "," + c for c in set(classes)}
    return "\n".join(map(add, usccs, map(suffix.__getitem__, classes))).encode()


def parse_pool(data: bytes) -> tuple[list[str], list[str]]:
    if not data:
        return [], []
    usccs: list[str] = []
    classes: list[str] = []
    for line in data.decode().split("\n"):
        uscc, _, risk_class = line.partition(",")
        usccs.append(uscc)
        classes.append(risk_class)
    return usccs, classes


def compress(data: bytes) -> bytes:
    return zlib.compress(data, 1)


def decompress(data: bytes | memoryview) -> bytes:
    return zlib.decompress(bytes(data)) if data else b""


def canonical_json(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


# --- ratios ---------------------------------------------------------------------------------


def ratio_basis_points(value: Any) -> int:
    """A percentage (string or number, up to two decimals, 0–100) in hundredths of a percent."""
    try:
        number = Decimal(str(value).strip().rstrip("%"))
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {value!r}") from exc
    if not number.is_finite() or number < 0 or number > 100:
        raise ValueError(f"outside 0–100: {value!r}")
    scaled = number * 100
    if scaled != scaled.to_integral_value():
        raise ValueError(f"more than two decimals: {value!r}")
    return int(scaled)


def quota(pool: int, ratio: Any) -> int:
    """ceil(pool × ratio / 100), exactly."""
    bp = ratio_basis_points(ratio)
    return (pool * bp + 9999) // 10000


# --- targets --------------------------------------------------------------------------------


class Selected(NamedTuple):
    """A drawn target (a named tuple: a province draw makes hundreds of thousands)."""

    uscc: str
    risk_class: str
    key: str
    #: the entity's line in the pool snapshot (0-based)
    line: int = -1


def _prefix_keys(seed: str, usccs: Sequence[str]) -> np.ndarray:
    """The first 8 bytes of every entity's key, as big-endian unsigned integers. The 64-byte
    seed is one SHA-256 block: it is hashed once and the state copied for every entity."""
    base = hashlib.sha256(seed.encode())
    copy = base.copy
    raw = bytearray()
    for u in usccs:
        h = copy()
        h.update(b":" + u.encode())
        raw += h.digest()[:8]
    return np.frombuffer(bytes(raw), dtype=">u8")


def shuffle_picks(seed: str, risk_class: str, n: int, k: int) -> list[tuple[int, str]]:
    """The first `k` steps of the seeded Fisher–Yates shuffle of positions 0 … n−1 (see the
    module docstring): per step the chosen position and the hex digest that chose it. Only
    the swapped positions are kept (a dict), so the cost follows `k`, not `n`."""
    moved: dict[int, int] = {}
    picks: list[tuple[int, str]] = []
    counter = 0
    prefix = f"{seed}:{risk_class}:"
    for i in range(k):
        span = n - i
        limit = (1 << 64) - (1 << 64) % span
        while True:
            digest = hashlib.sha256(f"{prefix}{counter}".encode()).hexdigest()
            counter += 1
            x = int(digest[:16], 16)
            if x < limit:
                break
        r = i + x % span
        at_r = moved.get(r, r)
        moved[r] = moved.get(i, i)
        picks.append((at_r, digest))
    return picks


Strata = dict[str, dict[str, Any]]


def _classes(
    classes: Sequence[str], ratios: dict[str, Any], strata: Strata
) -> Iterator[tuple[str, Any, int]]:
    """Per class (sorted): its members' lines in the pool and its number of targets, each
    class's pool size, ratio and targets recorded in `strata`."""
    labels = np.array(classes)
    for risk_class in sorted(set(classes)):
        members = np.flatnonzero(labels == risk_class)
        ratio = ratios.get(risk_class, 0)
        k = min(quota(len(members), ratio), len(members))
        strata[risk_class] = {"pool": len(members), "ratio": str(ratio), "targets": k}
        yield risk_class, members, k


def select_targets(
    seed: str,
    usccs: Sequence[str],
    classes: Sequence[str],
    ratios: dict[str, Any],
    version: str = ALGORITHM,
) -> tuple[list[Selected], Strata]:
    """The targets in draw order, and per class its pool size, ratio and number of targets."""
    if version == ALGORITHM_V1:
        return select_targets_v1(seed, usccs, classes, ratios)
    if version != ALGORITHM:
        raise DrawError("unknown_algorithm", f"unknown draw algorithm {version!r}")
    chosen: list[Selected] = []
    strata: Strata = {}
    for risk_class, members, k in _classes(classes, ratios, strata):
        picks = shuffle_picks(seed, risk_class, len(members), k)
        indexes = members[[position for position, _digest in picks]].tolist() if picks else []
        chosen.extend(
            Selected(usccs[i], risk_class, digest, i) for i, (_p, digest) in zip(indexes, picks, strict=True)
        )
    chosen.sort(key=itemgetter(2, 0))
    return chosen, strata


def select_targets_v1(
    seed: str, usccs: Sequence[str], classes: Sequence[str], ratios: dict[str, Any]
) -> tuple[list[Selected], Strata]:
    """qcity-draw-v1: the smallest per-entity keys of each class (draws before December 2026)."""
    if not usccs:
        return [], {}
    prefixes = _prefix_keys(seed, usccs)
    chosen: list[Selected] = []
    strata: Strata = {}
    for risk_class, members, k in _classes(classes, ratios, strata):
        if k == 0:
            continue
        keys = prefixes[members]
        if k < len(members):
            kth = np.partition(keys, k - 1)[k - 1]
            members = members[keys <= kth]
        full = [(sha256_hex(f"{seed}:{usccs[i]}"), usccs[i], i) for i in members.tolist()]
        full.sort()
        chosen.extend(Selected(u, risk_class, key, i) for key, u, i in full[:k])
    chosen.sort(key=itemgetter(2, 0))
    return chosen, strata


# --- inspectors -----------------------------------------------------------------------------


@dataclass
class Staffing:
    departments: list[str]
    inspectors: dict[str, list[str]]
    exclusions: dict[str, list[str]] = field(default_factory=dict)
    per_target: int = 2

    def as_json(self) -> dict[str, Any]:
        return {
            "departments": self.departments,
            "inspectors": {d: sorted(codes) for d, codes in self.inspectors.items()},
            "exclusions": {u: sorted(codes) for u, codes in sorted(self.exclusions.items()) if codes},
            "per_target": self.per_target,
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Staffing:
        return cls(
            departments=list(value["departments"]),
            inspectors={d: list(c) for d, c in value["inspectors"].items()},
            exclusions={u: list(c) for u, c in value.get("exclusions", {}).items()},
            per_target=int(value["per_target"]),
        )


@dataclass(frozen=True)
class Unstaffable:
    uscc: str
    department: str  # the department that has nobody left, or "" when too few in all


class _Pool:
    """Inspectors of one department (or all), picked by lowest (load, key) with lazy heaps."""

    def __init__(self, codes: Iterable[str], keys: dict[str, str]) -> None:
        self.heap: list[tuple[int, str, str]] = [(0, keys[c], c) for c in codes]
        self.heap.sort()

    def pick(self, loads: dict[str, int], skip: set[str]) -> str | None:
        aside: list[tuple[int, str, str]] = []
        found = None
        while self.heap:
            entry = heappop(self.heap)
            load, _, code = entry
            if load != loads[code]:
                continue  # stale: the inspector's load has grown since
            if code in skip:
                aside.append(entry)
                continue
            found = code
            break
        for entry in aside:
            heappush(self.heap, entry)
        return found

    def push(self, code: str, load: int, key: str) -> None:
        heappush(self.heap, (load, key, code))


def assign_inspectors(
    seed: str, targets: Sequence[Selected], staffing: Staffing
) -> tuple[list[list[tuple[str, str]]], list[Unstaffable]]:
    """Per target, its inspectors as (department, code) in slot order; and the unstaffable."""
    department_of = {code: d for d in staffing.departments for code in staffing.inspectors.get(d, [])}
    keys = {code: sha256_hex(f"{seed}:{code}") for code in department_of}
    loads = dict.fromkeys(department_of, 0)
    pools = {d: _Pool(staffing.inspectors.get(d, []), keys) for d in staffing.departments}
    #: read only when a target needs more inspectors than there are departments
    fill = staffing.per_target > len(staffing.departments)
    everyone = _Pool(department_of if fill else (), keys)
    result: list[list[tuple[str, str]]] = []
    failed: list[Unstaffable] = []
    for target in targets:
        skip = set(staffing.exclusions.get(target.uscc, ()))
        picked: list[tuple[str, str]] = []
        missing = ""
        for department in staffing.departments:
            code = pools[department].pick(loads, skip)
            if code is None:
                missing = department
                break
            picked.append((department, code))
            skip.add(code)
        while not missing and len(picked) < staffing.per_target:
            code = everyone.pick(loads, skip)
            if code is None:
                missing = "*"
                break
            picked.append((department_of[code], code))
            skip.add(code)
        if missing:
            failed.append(Unstaffable(target.uscc, "" if missing == "*" else missing))
            result.append([])
            continue
        for department, code in picked:
            loads[code] += 1
            pools[department].push(code, loads[code], keys[code])
            if fill:
                everyone.push(code, loads[code], keys[code])
        result.append(picked)
    return result, failed


@dataclass
class Outcome:
    targets: list[Selected]
    strata: dict[str, dict[str, Any]]
    assignments: list[list[tuple[str, str]]]
    unstaffable: list[Unstaffable]


def run(
    seed: str, pool: bytes, ratios: dict[str, Any], staffing: Staffing, version: str = ALGORITHM
) -> Outcome:
    """The whole draw from its published inputs, by the algorithm the draw was made with."""
    usccs, classes = parse_pool(pool)
    targets, strata = select_targets(seed, usccs, classes, ratios, version)
    assignments, unstaffable = assign_inspectors(seed, targets, staffing)
    return Outcome(targets, strata, assignments, unstaffable)
