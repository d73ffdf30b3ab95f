"""What an import keeps of a file while it runs (rejected rows, the keys met) waits in
temporary files past a budget, not in memory."""

from __future__ import annotations

import datetime as dt

from qualitycity.core.generic.importing import RejectSpool, SeenKeys


def test_rejects_come_back_in_order_with_their_values() -> None:
    spool = RejectSpool()
    assert len(spool) == 0
    assert list(spool) == []
    rows = [
        ([f"9114{i:014d}", "名称", dt.date(2023, 5, i % 28 + 1), None], f"第{i}行：原因") for i in range(2500)
    ]
    for row in rows:
        spool.append(row)
    assert len(spool) == 2500
    assert spool._file is not None
    assert spool._file.tell() > 50_000  # on disk
    assert list(spool) == rows
    assert list(spool) == rows  # and again
    spool.close()
    assert spool._file is None


def test_seen_keys_beyond_the_memory_budget_are_kept_on_disk(monkeypatch) -> None:
    monkeypatch.setattr(SeenKeys, "MEMORY_KEYS", 10)
    seen = SeenKeys()
    assert [seen.earlier_row(f"K{i}", i + 2) for i in range(50)] == [None] * 50
    assert seen._disk is not None  # 40 of them in the temporary file
    assert seen.earlier_row("K3", 99) == 5  # from memory
    assert seen.earlier_row("K42", 99) == 44  # from the file
    assert seen.earlier_row("K42", 100) == 44  # the first row stays the one named
    assert "K49" in seen
    assert "K50" not in seen
    seen.close()
