"""`qcity demo`: deterministic, realistic demo data. Modules register their generators.

Generators are called in registration order with the scale and a seeded random source; each
inserts in bulk. Demo accounts are created (or have their password reset) every run."""

from __future__ import annotations

import random
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date as _date
from typing import Any

from django.db import transaction

from qualitycity.core.bulk import adapter, insert_rows
from qualitycity.core.choices import Role

SCALES = {"tiny": 500, "city": 300_000, "province": 3_500_000}


@dataclass
class DemoContext:
    scale: str
    entities: int
    rng: random.Random
    out: Callable[[str], None]


Generator = Callable[[DemoContext], None]


@dataclass
class RegisteredGenerator:
    name: str
    generate: Generator
    #: True when the module's demo data is already there (`--if-empty` skips it).
    exists: Callable[[], bool]


_generators: list[RegisteredGenerator] = []
#: Facts other parts of the demo need from a module, e.g. the enterprise user's USCC.
_facts: dict[str, Callable[[], str]] = {}


def register_generator(name: str, *, exists: Callable[[], bool]) -> Callable[[Generator], Generator]:
    def decorator(fn: Generator) -> Generator:
        _generators.append(RegisteredGenerator(name, fn, exists))
        return fn

    return decorator


def register_fact(name: str, fn: Callable[[], str]) -> None:
    _facts[name] = fn


def fact(name: str) -> str:
    return _facts[name]() if name in _facts else ""


def generators() -> list[RegisteredGenerator]:
    return list(_generators)


class BulkInserter:
    """Collects rows of plain values and writes them a batch at a time with
    `core.bulk.insert_rows`: the demo loads hundreds of thousands of rows, where building model
    instances would cost more than the insert. Values go through `core.bulk.adapt`; every
    column not given gets its field default, so new fields never break the demo. `stamped`:
    `created_at`/`updated_at` are added (BaseModel tables); without, the table has no time
    stamps (link tables, clocks, item results)."""

    def __init__(
        self, model: Any, columns: list[str], batch_size: int = 5000, *, stamped: bool = True
    ) -> None:
        from django.db import connection
        from django.utils import timezone

        self.model = model
        self.batch_size = batch_size
        self.rows: list[tuple[Any, ...]] = []
        stamps = ["created_at", "updated_at"] if stamped else []
        given = {*columns, *stamps}
        rest = [
            f
            for f in model._meta.concrete_fields
            if f.column not in given
            and not f.primary_key
            and f.column not in ("created_by_id", "updated_by_id")
        ]
        self.defaults = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
        self.names = [*columns, *(f.column for f in rest), *stamps]
        self.adapt = adapter()
        now = self.adapt(timezone.now())
        self.stamp = (now, now) if stamped else ()
        self.count = 0

    def add(self, row: tuple[Any, ...]) -> None:
        self.rows.append(tuple(map(self.adapt, row)) + self.defaults + self.stamp)
        if len(self.rows) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        self.count += insert_rows(self.model, self.names, self.rows, batch=len(self.rows))
        self.rows.clear()


def reset_sequences(*models: Any) -> None:
    """After rows were inserted with explicit ids: move the models' id sequences past them
    (PostgreSQL; SQLite takes the next id from the table), so that rows created afterwards
    through the services get new ids."""
    from django.core.management.color import no_style
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(sql)


DEMO_USERS: list[dict[str, Any]] = [
    {"username": "admin", "role": Role.SYSTEM_ADMIN, "first_name": "系统管理员"},
    {"username": "security", "role": Role.SECURITY_ADMIN, "first_name": "安全管理员"},
    {"username": "auditor", "role": Role.AUDIT_ADMIN, "first_name": "审计管理员"},
    {"username": "leader", "role": Role.LEADER, "first_name": "王局长", "department": "samr-jc"},
    {"username": "staff", "role": Role.STAFF, "first_name": "李科员", "department": "samr-jc"},
    {"username": "inspector1", "role": Role.INSPECTOR, "first_name": "赵执法", "department": "samr-jc"},
    {
        "username": "zezhou",
        "role": Role.COUNTY_OFFICER,
        "first_name": "泽州县监管员",
        "department": "samr-zz",
        "division": "140525",
    },
    {"username": "reporter_gxj", "role": Role.REPORTER, "first_name": "工信局填报员", "department": "gxj"},
    {"username": "qiye", "role": Role.ENTERPRISE, "first_name": "企业用户"},
    {"username": "lab1", "role": Role.LAB, "first_name": "检验机构录入员"},
]


#: The holidays whose dates the law fixes (《全国年节及纪念日放假办法》 as amended in 2024, Art 2):
#: what the demo can enter for a year the holiday data does not cover yet. The lunar festivals
#: and the 调休 make-up days come with the State Council's yearly notice.
FIXED_HOLIDAYS = (
    (1, 1, "元旦"),
    (5, 1, "劳动节"),
    (5, 2, "劳动节"),
    (10, 1, "国庆节"),
    (10, 2, "国庆节"),
    (10, 3, "国庆节"),
)


def provisional_calendar(ctx: DemoContext, today: _date | None = None) -> list[int]:
    """For this year and next, when neither the holiday data nor an administrator covers one,
    enter its fixed-date statutory holidays (marked as the demo's) so that deadlines can be
    counted into it; said in the output, since the year still needs its holiday notice."""
    from django.utils import timezone

    from qualitycity.core.models import CalendarDay
    from qualitycity.core.services import invalidate_calendar, missing_calendar_years

    years = missing_calendar_years(today or timezone.localdate())
    for year in years:
        for month, day, name in FIXED_HOLIDAYS:
            CalendarDay.objects.get_or_create(
                date=_date(year, month, day),
                defaults={"is_workday": False, "name": f"{name}（演示：仅法定固定日期）"},
            )
        ctx.out(
            f"  working-day calendar: no holiday data for {year}; the demo entered its fixed-date "
            "holidays only (元旦, 劳动节, 国庆节) — enter the State Council notice for the lunar "
            "festivals and make-up days under 工作日历"
        )
    invalidate_calendar()
    return years


def demo_password(explicit: str | None) -> tuple[str, bool]:
    """The demo password: QCITY_DEMO_PASSWORD when set, otherwise a generated one."""
    if explicit:
        return explicit, False
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "Qc-" + "".join(secrets.choice(alphabet) for _ in range(10)) + "9", True


@transaction.atomic
def create_demo_users(password: str, enterprise_uscc: str = "", lab_uscc: str = "") -> list[str]:
    """Create the demo accounts, or reset their password and role."""
    from qualitycity.core.models import Department, Division, User

    names = []
    for spec in DEMO_USERS:
        spec = dict(spec)
        department = Department.objects.filter(code=spec.pop("department", "")).first()
        division = Division.objects.filter(code=spec.pop("division", "")).first()
        user, _created = User.objects.get_or_create(username=spec["username"])
        user.role = spec["role"]
        user.first_name = spec["first_name"]
        user.department = department
        user.division = division
        if spec["role"] == Role.ENTERPRISE:
            user.uscc = enterprise_uscc
        if spec["role"] == Role.LAB:
            user.uscc = lab_uscc
        user.password = ""
        user.set_password(password)
        user.save()
        names.append(user.username)
    return names
