from django.db import models
from django.utils.translation import gettext_lazy as _


class EntityType(models.TextChoices):
    """Entity types (市场主体类型) as registered."""

    ENTERPRISE = "enterprise", _("Enterprise")
    INDIVIDUAL_BUSINESS = "individual_business", _("Individual business")
    FARMER_COOPERATIVE = "farmer_cooperative", _("Farmers' cooperative")
    BRANCH = "branch", _("Branch")
    OTHER = "other", _("Other")


class RegistrationStatus(models.TextChoices):
    """Registration status (登记状态)."""

    EXISTING = "existing", _("Existing")
    OPERATING = "operating", _("Operating")
    REVOKED = "revoked", _("Licence revoked")
    CANCELLED = "cancelled", _("Deregistered")
    MOVED_OUT = "moved_out", _("Moved out")
    #: Recorded from a sample or a complaint (a producer from elsewhere, an unlicensed seller):
    #: not in this bureau's register, never in a draw pool.
    UNREGISTERED = "unregistered", _("Not in the register (recorded from a sample)")


class EntityTagKind(models.TextChoices):
    """Tags a bureau keeps on entities (plan section (十八), (二十五))."""

    ABOVE_SCALE = "above_scale", _("Industrial enterprise above designated size")
    HIGH_TECH = "high_tech", _("High-tech enterprise")
    SPECIALISED = "specialised", _("Specialised, refined, distinctive and innovative (专精特新)")
    CHAIN_LEADER = "chain_leader", _("Chain-leader enterprise")
    TIME_HONOURED = "time_honoured", _("Time-honoured brand (老字号)")
    CHIEF_QUALITY_OFFICER = "chief_quality_officer", _("Chief quality officer system")
    ODR = "odr", _("Online dispute resolution (ODR) enterprise")
    FIRST_COMPENSATION = "first_compensation", _("First-compensation commitment (先行赔付)")


class CategoryGroup(models.TextChoices):
    """The group a product category belongs to: which spot-check programme and which pass rate
    counts it (制造业产品 for industrial products; 食品 chapters 1–32; 食用农产品 chapters 33–39 of
    the 食品安全监督抽检实施细则)."""

    INDUSTRIAL = "industrial", _("Industrial product")
    PROCESSED_FOOD = "processed_food", _("Processed food")
    CATERING_FOOD = "catering_food", _("Catering food")
    FOOD_ADDITIVE = "food_additive", _("Food additive")
    FARM_PRODUCE = "farm_produce", _("Edible farm produce")
    OTHER = "other", _("Other")


FOOD_GROUPS = (
    CategoryGroup.PROCESSED_FOOD,
    CategoryGroup.CATERING_FOOD,
    CategoryGroup.FOOD_ADDITIVE,
    CategoryGroup.FARM_PRODUCE,
)
