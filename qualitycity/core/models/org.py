"""Reference data: administrative divisions, industries and departments."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitycity.core.choices import DepartmentKind, DivisionLevel
from qualitycity.core.models.base import BaseModel, BaseQuerySet, Scope


def division_prefix(code: str) -> str:
    """The code prefix shared by a division and everything inside it (GB/T 2260 / 统计用区划代码).

    140000 → "14", 140500 → "1405", 140525 → "140525", 140525100 → "140525100".
    """
    if len(code) == 6:
        if code.endswith("0000"):
            return code[:2]
        if code.endswith("00"):
            return code[:4]
    return code


class DivisionQuerySet(BaseQuerySet):
    def counties(self) -> DivisionQuerySet:
        return self.filter(level__in=[DivisionLevel.COUNTY, DivisionLevel.STATS_ZONE])

    def inside(self, division: Division) -> DivisionQuerySet:
        return self.filter(code__startswith=division.prefix)


class Division(BaseModel):
    """An administrative division (行政区划): province, city, county, township or street."""

    code = models.CharField(_("division code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.CharField(_("level"), max_length=20, choices=DivisionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    prefix = models.CharField(_("code prefix"), max_length=12, db_index=True, editable=False)
    search_key = models.CharField(_("pinyin"), max_length=300, blank=True, editable=False)

    objects = DivisionQuerySet.as_manager()  # type: ignore[misc]  # the manager of a custom queryset
    scope: ClassVar[Scope] = Scope(division="")
    audit_exclude: ClassVar[tuple[str, ...]] = ("created_at", "updated_at", "search_key", "prefix")

    class Meta:
        verbose_name = _("division")
        verbose_name_plural = _("divisions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        from qualitycity.core.pinyin import search_key

        self.prefix = division_prefix(self.code)
        self.search_key = search_key(self.name)
        super().save(*args, **kwargs)

    @property
    def is_county(self) -> bool:
        return self.level in (DivisionLevel.COUNTY, DivisionLevel.STATS_ZONE)

    def contains(self, other: Division | None) -> bool:
        return other is not None and other.code.startswith(self.prefix)


class Industry(BaseModel):
    """A class of the national industry classification GB/T 4754-2017 (国民经济行业分类)."""

    code = models.CharField(_("industry code"), max_length=5, unique=True)
    name = models.CharField(_("name"), max_length=100)
    level = models.PositiveSmallIntegerField(_("level"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent industry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    section = models.CharField(_("section"), max_length=1)

    class Meta:
        verbose_name = _("industry")
        verbose_name_plural = _("industries")
        ordering = ["section", "code"]

    def __str__(self) -> str:
        return f"{self.full_code} {self.name}"

    @property
    def full_code(self) -> str:
        """The code as many systems write it: section letter plus digits (C3391)."""
        return self.code if self.level == 1 else f"{self.section}{self.code}"


class Department(BaseModel):
    """A government unit (部门 / 责任单位): the measures of the plan name lead and co-responsible
    ones; the market-supervision bureau has a branch per county."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(
        _("kind"), max_length=30, choices=DepartmentKind.choices, default=DepartmentKind.GOVERNMENT
    )
    division = models.ForeignKey(
        Division, verbose_name=_("division"), on_delete=models.PROTECT, related_name="departments"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
    )

    scope: ClassVar[Scope] = Scope(division="division", department="")

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["division__code", "code"]

    def __str__(self) -> str:
        return self.name
