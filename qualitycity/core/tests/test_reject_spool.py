"""The rejected rows of an import wait in a temporary file, not in memory."""

from __future__ import annotations

import datetime as dt

from qualitycity.core.generic.importing import RejectSpool


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
