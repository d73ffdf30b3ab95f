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
