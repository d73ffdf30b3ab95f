"""Forms of the core reference data and administration."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext_lazy as _

from qualitycity.core.models import CalendarDay, Department, Division, Industry, Rule, SecurityPolicy, User


class DivisionForm(forms.ModelForm):
    class Meta:
        model = Division
        fields = ["code", "name", "level", "parent"]


class IndustryForm(forms.ModelForm):
    class Meta:
        model = Industry
        fields = ["code", "name", "level", "parent", "section"]


class DepartmentForm(forms.ModelForm):
    class Meta:
        model = Department
        fields = ["code", "name", "short_name", "kind", "division", "parent"]


class DepartmentImportForm(forms.ModelForm):
    """Import: the division by its code, the parent department by its code."""

    division = forms.ModelChoiceField(Division.objects.all(), to_field_name="code", label=_("division code"))
    parent = forms.ModelChoiceField(
        Department.objects.all(), to_field_name="code", required=False, label=_("parent department")
    )

    class Meta:
        model = Department
        fields = ["code", "name", "short_name", "kind", "division", "parent"]


class CalendarDayForm(forms.ModelForm):
    class Meta:
        model = CalendarDay
        fields = ["date", "is_workday", "name"]
        widgets = {"date": forms.DateInput(attrs={"type": "date"})}


class RuleForm(forms.ModelForm):
    class Meta:
        model = Rule
        fields = ["key", "name", "value", "unit", "legal_source", "effective_from", "is_confirmed", "note"]
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"})}


class UserForm(forms.ModelForm):
    """The system administrator's user form: role, scope, active. Passwords are set apart."""

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "phone",
            "role",
            "department",
            "division",
            "uscc",
            "is_active",
        ]


class UserImportForm(UserForm):
    department = forms.ModelChoiceField(
        Department.objects.all(), to_field_name="code", required=False, label=_("department")
    )
    division = forms.ModelChoiceField(
        Division.objects.all(), to_field_name="code", required=False, label=_("division code")
    )


class SecurityPolicyForm(forms.ModelForm):
    class Meta:
        model = SecurityPolicy
        fields = [
            "min_length",
            "min_character_classes",
            "history_size",
            "lockout_failures",
            "lockout_minutes",
            "idle_timeout_minutes",
        ]

    def clean_min_character_classes(self) -> int:
        value = self.cleaned_data["min_character_classes"]
        if not 1 <= value <= 4:
            raise forms.ValidationError(_("Between 1 and 4."))
        return value


class PolicySetPasswordForm(SetPasswordForm):
    """Set a password under the security policy (history included)."""

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(user, *args, **kwargs)
