"""Stable choice values of the platform core."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of the platform; the last three are separated (三权分立)."""

    LEADER = "leader", _("Bureau leader")
    STAFF = "staff", _("Bureau staff")
    INSPECTOR = "inspector", _("Inspector")
    COUNTY_OFFICER = "county_officer", _("County bureau officer")
    REPORTER = "reporter", _("Department reporter")
    ENTERPRISE = "enterprise", _("Enterprise user")
    LAB = "lab", _("Testing institution user")
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    SECURITY_ADMIN = "security_admin", _("Security administrator")
    AUDIT_ADMIN = "audit_admin", _("Audit administrator")


class DivisionLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    CITY = "city", _("City")
    COUNTY = "county", _("County")
    STATS_ZONE = "stats_zone", _("Statistical zone")
    TOWNSHIP = "township", _("Township or street")


class DepartmentKind(models.TextChoices):
    MARKET_SUPERVISION = "market_supervision", _("Market supervision bureau")
    GOVERNMENT = "government", _("Government department")
    OTHER = "other", _("Other unit")


class AuditAction(models.TextChoices):
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logout")
    EXPORT = "export", _("Export")
    IMPORT = "import", _("Import")
    VIEW_PERSONAL = "view_personal", _("View of personal data")
    SETTINGS = "settings", _("Settings change")


class RuleUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("Working days")
    CALENDAR_DAYS = "calendar_days", _("Calendar days")
    MONTHS = "months", _("Months")
    YEARS = "years", _("Years")
    PERCENT = "percent", _("Percent")
    COUNT = "count", _("Count")
    YUAN = "yuan", _("Yuan")


class JobStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    AWAITING_CONFIRMATION = "awaiting_confirmation", _("Awaiting confirmation")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")


class JobKind(models.TextChoices):
    EXPORT = "export", _("Export")
    IMPORT_VALIDATE = "import_validate", _("Import check")
    IMPORT_COMMIT = "import_commit", _("Import")
    ANNUAL_REPORT_SWEEP = "annual_report_sweep", _("Annual-report sweep")
    LIST_MOVE = "list_move", _("Move to the serious violation list")
    RISK_RECOMPUTE = "risk_recompute", _("Risk class re-scoring")
    OTHER = "other", _("Other")


class ImportMode(models.TextChoices):
    ALL_OR_NOTHING = "all_or_nothing", _("All or nothing: import only if every row is valid")
    VALID_ROWS = "valid_rows", _("Import the valid rows and give me a file of the rejected ones")
