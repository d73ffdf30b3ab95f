"""Browser tests: Playwright driving Debian's chromium against the live server."""

from __future__ import annotations

import csv
import io
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from qualitycity.core.testing.users import PASSWORD, user
from qualitycity.registry.models import Entity
from qualitycity.registry.tests.factories import entity, make_uscc

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(os.environ.get("QCITY_SCREENSHOTS", Path(__file__).resolve().parents[3] / "screenshots"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server) -> Iterator[Any]:
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 1366, "height": 900}, accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base = live_server.url
    yield page
    context.close()


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def log_in(page: Any, username: str) -> None:
    page.goto(page.base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(page.base + "/")


def test_login_list_filter_export_import_with_errors(page, transactional_db, tmp_path) -> None:
    user("zezhou")
    for i in range(30):
        entity("140525", name=f"晋城市泽州县浏览器{i:02d}铸造有限公司")
    entity("140581", name="高平市外县铸造有限公司")
    log_in(page, "zezhou")
    assert "泽州县" in page.content()
    shot(page, "home-zezhou")

    page.click("text=市场主体名录")
    page.wait_for_selector("table.list")
    assert "高平市外县" not in page.content()
    assert "共 30 条记录" in page.content()
    shot(page, "entity-list")

    page.fill("#id_q", "jcszzxllq05")
    page.click("form.filters button[type=submit]")
    page.wait_for_function("document.querySelector('.count').textContent.includes('1 条')")
    assert "浏览器05" in page.content()
    shot(page, "entity-list-filtered")

    with page.expect_download() as download_info:
        page.click("#export-csv")
    path = tmp_path / "export.csv"
    download_info.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 2
    assert rows[1][1] == "晋城市泽州县浏览器05铸造有限公司"

    upload = tmp_path / "register.csv"
    with upload.open("w", encoding="gbk", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["统一社会信用代码", "企业名称", "类型", "所属区县", "行业代码", "成立日期"])
        writer.writerow(
            [make_uscc(), "晋城市泽州县新导入铸造有限公司", "企业", "140525", "C3391", "2024年3月1日"]
        )
        writer.writerow(["91140525MA0000000X", "代码错误有限公司", "企业", "140525", "C3391", ""])
        writer.writerow([make_uscc("140581"), "外县有限公司", "企业", "140581", "C3391", ""])
    page.goto(page.base + "/registry/market-entities/import/")
    page.set_input_files("#id_file", str(upload))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/jobs/*/")
    call_command("db_worker", batch=True, verbosity=0, startup_delay=False, reload=False)
    page.wait_for_selector("table.errors", timeout=20_000)
    text = page.inner_text("table.errors")
    assert "统一社会信用代码" in text
    assert "所属区县" in text
    assert "不在您的管辖范围" in text or "outside your area" in text
    shot(page, "import-check-errors")

    page.click("button[name=mode][value=valid_rows]")
    call_command("db_worker", batch=True, verbosity=0, startup_delay=False, reload=False)
    page.wait_for_selector(".alert.ok", timeout=20_000)
    assert Entity.objects.filter(name="晋城市泽州县新导入铸造有限公司").exists()
    assert not Entity.objects.filter(name="外县有限公司").exists()
    assert page.is_visible("#download")
    shot(page, "import-done")


def test_public_portal_search_masks_names(page, transactional_db) -> None:
    entity("140525", name="晋城市泽州县门户查询铸造有限公司", legal_representative="张三丰")
    page.goto(page.base + "/public/")
    page.fill("input[name=q]", "门户查询")
    page.click(".portalsearch button")
    page.wait_for_selector("table.list")
    content = page.content()
    assert "张**" in content
    assert "张三丰" not in content
    shot(page, "portal-search")


def test_audit_admin_sees_the_trail(page, transactional_db) -> None:
    user("auditor")
    log_in(page, "auditor")
    page.goto(page.base + "/audit-records/")
    assert "登录" in page.inner_text("table.list")
    page.goto(page.base + "/audit-records/verify/")
    assert "审计" in page.content()
    shot(page, "audit-verify")
