from qualitycity.core.models.audit import AuditChainHead, AuditRecord
from qualitycity.core.models.base import BaseModel, BaseQuerySet, Scope, has_feature
from qualitycity.core.models.jobs import Job
from qualitycity.core.models.org import Department, Division, Industry
from qualitycity.core.models.reference import CalendarDay, Rule
from qualitycity.core.models.users import ApiToken, PasswordHistory, SecurityPolicy, User

__all__ = [
    "ApiToken",
    "AuditChainHead",
    "AuditRecord",
    "BaseModel",
    "BaseQuerySet",
    "CalendarDay",
    "Department",
    "Division",
    "Industry",
    "Job",
    "PasswordHistory",
    "Rule",
    "Scope",
    "SecurityPolicy",
    "User",
    "has_feature",
]
