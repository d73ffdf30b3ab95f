"""Market entities (市场主体), keyed by the unified social credit code."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from qualitycity.core.models import BaseModel, BaseQuerySet, Division, Industry, Scope
from qualitycity.core.models.base import actor_field
from qualitycity.registry.choices import (
    FOOD_GROUPS,
    CategoryGroup,
    EntityTagKind,
    EntityType,
    RegistrationStatus,
)

__all__ = ["Entity", "EntityQuerySet", "EntityTag", "Product", "ProductCategory", "SpecialisedTown"]


class EntityQuerySet(BaseQuerySet):
    def active(self) -> EntityQuerySet:
        return self.filter(
            registration_status__in=[RegistrationStatus.EXISTING, RegistrationStatus.OPERATING]
        )

    def published(self) -> EntityQuerySet:
        """What the public portal may show: entities, with personal data masked by the portal."""
        return self.only(
            "pk",
            "uscc",
            "name",
            "entity_type",
            "registration_status",
            "date_established",
            "legal_representative",
            "county__name",
            "county__code",
        ).select_related("county")


class Entity(BaseModel):
    """A registered market entity (市场主体 / 企业): one per USCC (GB 32100-2015)."""

    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True)
    name = models.CharField(_("entity name"), max_length=200, db_index=True)
    entity_type = models.CharField(_("entity type"), max_length=30, choices=EntityType.choices)
    legal_representative = models.CharField(_("legal representative"), max_length=50, blank=True)
    date_established = models.DateField(_("date established"), null=True, blank=True)
    registration_status = models.CharField(
        _("registration status"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.EXISTING,
    )
    address = models.CharField(_("registered address"), max_length=300, blank=True)
    former_names = models.TextField(_("former names"), blank=True, help_text=_("One per line."))
    registered_capital = models.DecimalField(
        _("registered capital (10k yuan)"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    operating_address = models.CharField(_("operating address"), max_length=300, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    specialised_town = models.ForeignKey(
        "registry.SpecialisedTown",
        verbose_name=_("specialised town"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="entities",
    )
    #: served by the county and status index (Meta.indexes), which leads with the county
    county = models.ForeignKey(
        Division,
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    township = models.ForeignKey(
        Division,
        verbose_name=_("township or street"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    industry = models.ForeignKey(
        Industry,
        verbose_name=_("industry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    #: searched through the trigram index of migration 0004 (FTS5 on SQLite, pg_trgm on PostgreSQL);
    #: a B-tree could serve none of its substring searches
    search_key = models.CharField(_("pinyin"), max_length=600, blank=True, editable=False)

    #: Who created and last changed the row, without the B-tree indexes of BaseModel: no page
    #: lists entities by them, and they cost every insert of a register import (removing a
    #: user scans the table instead, once).
    created_by = actor_field(_("created by"), db_index=False)
    updated_by = actor_field(_("updated by"), db_index=False)

    objects = EntityQuerySet.as_manager()  # type: ignore[misc]  # the manager of a custom queryset
    scope: ClassVar[Scope] = Scope(division="county", uscc="uscc")
    audit_exclude: ClassVar[tuple[str, ...]] = ("created_at", "updated_at", "search_key")

    class Meta:
        verbose_name = _("market entity")
        verbose_name_plural = _("market entities")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["county", "registration_status"], name="registry_entity_county_idx")]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from qualitycity.registry.validators import clean_uscc

        if self.uscc:
            try:
                self.uscc = clean_uscc(self.uscc)
            except ValidationError as exc:
                raise ValidationError({"uscc": exc.messages}) from exc
        if self.township_id and self.county_id and not self.county.contains(self.township):
            raise ValidationError({"township": _("The township is not in the chosen county.")})
        if self.industry is not None and self.industry.level != 4:
            raise ValidationError({"industry": _("Choose an industry class (4-digit 小类 code).")})

    def save(self, *args, **kwargs) -> None:
        from qualitycity.registry.search import entity_search_key

        self.search_key = entity_search_key(self.name, self.former_names)
        super().save(*args, **kwargs)


class SpecialisedTown(BaseModel):
    """A specialised town (专业镇) of the plan's section (十八), e.g. 泽州铸造."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True)
    county = models.ForeignKey(Division, verbose_name=_("county"), on_delete=models.PROTECT, related_name="+")
    industry_focus = models.CharField(_("industry focus"), max_length=100, blank=True)

    scope: ClassVar[Scope] = Scope(division="county")

    class Meta:
        verbose_name = _("specialised town")
        verbose_name_plural = _("specialised towns")
        ordering = ["county__code", "code"]

    def __str__(self) -> str:
        return self.name


class EntityTag(models.Model):
    """One tag on an entity (规上, 高新技术, 专精特新, 链主, 老字号 …)."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("market entity"), on_delete=models.CASCADE, related_name="tags"
    )
    tag = models.CharField(_("tag"), max_length=30, choices=EntityTagKind.choices)
    since = models.DateField(_("since"), null=True, blank=True)

    class Meta:
        verbose_name = _("entity tag")
        verbose_name_plural = _("entity tags")
        ordering = ["entity", "tag"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "tag"], name="%(app_label)s_%(class)s_unique_tag")
        ]

    def __str__(self) -> str:
        return self.get_tag_display()


class ProductCategory(BaseModel):
    """A product category of the spot-check catalogue (产品类别); a tree."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=100)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_food = models.BooleanField(_("food"), default=False)
    group = models.CharField(
        _("category group"), max_length=20, choices=CategoryGroup.choices, default=CategoryGroup.OTHER
    )
    #: The chapter of the food sampling rules (食品安全监督抽检实施细则, 1–39) or the catalogue's order.
    sequence = models.PositiveSmallIntegerField(_("sequence"), null=True, blank=True)

    class Meta:
        verbose_name = _("product category")
        verbose_name_plural = _("product categories")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        self.is_food = self.group in FOOD_GROUPS or (self.group == CategoryGroup.OTHER and self.is_food)
        super().save(*args, **kwargs)

    def ancestors(self) -> list[ProductCategory]:
        """This category and its parents, nearest first."""
        chain: list[ProductCategory] = []
        node: ProductCategory | None = self
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return chain


class Product(BaseModel):
    """A product an entity makes or sells (产品)."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("market entity"), on_delete=models.CASCADE, related_name="products"
    )
    name = models.CharField(_("product name"), max_length=200)
    category = models.ForeignKey(
        ProductCategory,
        verbose_name=_("product category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="products",
    )
    brand = models.CharField(_("brand"), max_length=100, blank=True)
    standard = models.CharField(_("executive standard"), max_length=100, blank=True)

    scope: ClassVar[Scope] = Scope(division="entity__county", uscc="entity__uscc")

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["entity", "name", "pk"]

    def __str__(self) -> str:
        return self.name
