"""The registry and archive story in a real browser: import a register, find an entity by
pinyin initials, open its archive, list it, move it to the serious list after three
(simulated) years, see class D with the reasons, see the award blocked, apply for repair."""

from __future__ import annotations

import csv

import pytest
from django.core.management import call_command

from qualitycity.core.testing.users import user
from qualitycity.core.tests.test_browser import CHROMIUM, browser, log_in, page, shot  # noqa: F401  (fixtures)
from qualitycity.credit.models import CreditRepair, ListEntry, RiskAssessment
from qualitycity.registry.models import Entity
from qualitycity.registry.tests.factories import make_uscc

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not __import__("pathlib").Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"
    ),
]


def _worker() -> None:
    call_command("db_worker", batch=True, verbosity=0, startup_delay=False, reload=False)


def test_register_to_repair_story(page, browser, live_server, transactional_db, tmp_path) -> None:  # noqa: F811
    from qualitycity.credit import risk

    user("staff")
    uscc = make_uscc("140525")
    upload = tmp_path / "register.csv"
    with upload.open("w", encoding="gbk", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            ["统一社会信用代码", "企业名称", "类型", "法定代表人", "成立日期", "所属区县", "行业代码"]
        )
        writer.writerow(
            [uscc, "晋城市泽州县晋鼎铸造有限公司", "企业", "王五", "2015年3月1日", "140525", "C3391"]
        )

    # 1. import the register
    log_in(page, "staff")
    page.goto(page.base + "/registry/market-entities/import/")
    page.set_input_files("#id_file", str(upload))
    page.click("main form button[type=submit]")
    page.wait_for_url("**/jobs/*/")
    _worker()
    page.wait_for_selector("button[name=mode][value=all_or_nothing]", timeout=20_000)
    page.click("button[name=mode][value=all_or_nothing]")
    _worker()
    page.wait_for_selector(".alert.ok", timeout=20_000)
    entity = Entity.objects.get(uscc=uscc)

    # 2. find it by pinyin initials and open its archive
    page.goto(page.base + "/registry/market-entities/?q=jcszzxjdzz")
    page.click(f"table.list a[href='/registry/market-entities/{entity.pk}/']")
    page.wait_for_selector("ol.timeline")
    shot(page, "story-entity")

    # 3. list it on the abnormal operations list (three years and more ago)
    page.click(f"a[href*='/market-entities/{entity.pk}/list-entries/add/']")
    page.select_option("#id_ground", "unreachable")
    page.fill("#id_listed_on", "2022-10-15")
    page.fill("#id_decision_number", "晋泽市监异〔2022〕15号")
    page.click("main form button[type=submit]")
    page.wait_for_selector("table.lists-current")
    assert ListEntry.objects.get(entity=entity).kind == "abnormal_operations"

    # 4. three years later it moves to the serious violation list
    call_command("lists", "move-overdue", "--today", "2025-10-20", verbosity=0)
    serious = ListEntry.objects.get(entity=entity, kind="serious_violation")
    assert serious.status == "listed"

    # 5. its class becomes D, with the reasons
    risk.recompute(entity_ids=[entity.pk])
    assert RiskAssessment.objects.get(entity=entity, is_current=True).risk_class == "D"
    page.goto(page.base + f"/registry/market-entities/{entity.pk}/")
    assert page.inner_text("strong.risk-class") == "D"
    shot(page, "story-class-d")

    # 6. the quality award is blocked by the joint-punishment rule
    page.goto(page.base + "/credit/restricted-entities/?action=quality_award")
    assert "晋城市泽州县晋鼎铸造有限公司" in page.inner_text("table.list")
    shot(page, "story-restricted")

    # 7. the enterprise applies for credit repair
    user("enterprise", uscc=entity.uscc)
    context = browser.new_context(locale="zh-CN", viewport={"width": 1024, "height": 900})
    enterprise = context.new_page()
    enterprise.base = page.base
    log_in(enterprise, "enterprise")
    enterprise.goto(enterprise.base + f"/registry/market-entities/{entity.pk}/")
    enterprise.click(f"a[href*='/market-entities/{entity.pk}/credit-repairs/apply/']")
    enterprise.select_option("#id_target", index=0)
    enterprise.fill("#id_reason", "已在登记住所恢复经营并可取得联系，承诺今后依法履行公示义务。")
    enterprise.check("#id_declaration")
    enterprise.click("main form button[type=submit]")
    enterprise.wait_for_url("**/my-credit-repairs/*/")
    repair = CreditRepair.objects.get(entity=entity)
    assert repair.status == "submitted"
    assert repair.kind == "serious_early_removal"
    shot(enterprise, "story-repair")
    context.close()
