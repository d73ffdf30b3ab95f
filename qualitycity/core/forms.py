"""Forms of the core reference data and administration."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm
from django.utils.translation import gettext
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
    """A new rule version is added with a later effective date; an existing version keeps its
    key, value, unit and date so cases decided under it do not change."""

    FROZEN = ("key", "value", "unit", "effective_from")

    class Meta:
        model = Rule
        fields = ["key", "name", "value", "unit", "legal_source", "effective_from", "is_confirmed", "note"]
        widgets = {"effective_from": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in self.FROZEN:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Fixed once in force: add a new version instead.")


USER_FIELDS = [
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


class UserForm(forms.ModelForm):
    """The system administrator's user form: role, scope, active, and a password that must
    meet the security policy (required for a new user, optional when editing)."""

    password1 = forms.CharField(label=_("Password"), widget=forms.PasswordInput, required=False, strip=False)
    password2 = forms.CharField(
        label=_("Password again"), widget=forms.PasswordInput, required=False, strip=False
    )

    class Meta:
        model = User
        fields = USER_FIELDS

    def clean(self) -> dict[str, Any]:
        from django.contrib.auth.password_validation import validate_password

        data = super().clean() or {}
        p1, p2 = data.get("password1"), data.get("password2")
        if not self.instance.pk and not p1:
            self.add_error("password1", _("A new user needs a password."))
        if p1 or p2:
            if p1 != p2:
                self.add_error("password2", _("The two passwords differ."))
            else:
                try:
                    validate_password(str(p1), user=self.instance)
                except forms.ValidationError as exc:
                    self.add_error("password1", exc)
        return data

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        if self.cleaned_data.get("password1"):
            user.set_password(self.cleaned_data["password1"])
        if commit:
            user.save()
        return user


class UserImportForm(forms.ModelForm):
    """Import users by user name; passwords are never imported (the admin sets them)."""

    department = forms.ModelChoiceField(
        Department.objects.all(), to_field_name="code", required=False, label=_("department")
    )
    division = forms.ModelChoiceField(
        Division.objects.all(), to_field_name="code", required=False, label=_("division code")
    )

    class Meta:
        model = User
        fields = USER_FIELDS


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


class DepartmentChoiceField(forms.ModelChoiceField):
    """A department given by its code, full name or short name, as published lists write it."""

    def __init__(self, **kwargs: Any) -> None:
        self.all_choices = Department.objects.all()
        super().__init__(Department.objects.all(), to_field_name="code", **kwargs)

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if isinstance(value, Department):
            return value
        text = str(value).strip()
        qs = self.queryset
        assert qs is not None  # set in __init__
        found = qs.filter(code=text).first() or qs.filter(name=text).first()
        if found is None:
            by_short_name = list(qs.filter(short_name=text)[:2])
            if len(by_short_name) > 1:
                raise forms.ValidationError(
                    gettext("“{value}” is the short name of several departments: give the full name.").format(
                        value=text
                    ),
                    code="invalid_choice",
                )
            found = by_short_name[0] if by_short_name else None
        if found is None:
            known = (
                self.all_choices.filter(code=text).exists()
                or self.all_choices.filter(name=text).exists()
                or self.all_choices.filter(short_name=text).exists()
            )
            message = (
                gettext("“{value}” is outside your area.")
                if known
                else gettext("Unknown department “{value}”: give its name, short name or code.")
            )
            raise forms.ValidationError(message.format(value=text), code="invalid_choice")
        return found


class CodeListField(forms.CharField):
    """Several related objects in one cell, by code or name, separated by 、，,;；/ or new lines:
    "food-01、food-04" or "泽州县，高平市". Cleans to a list of objects; names every unknown one."""

    SEPARATORS = r"[、，,;；/\n]+"

    def __init__(self, queryset: Any, *, fields: tuple[str, ...] = ("code", "name"), **kwargs: Any) -> None:
        self.queryset = queryset
        self.lookup_fields = fields
        super().__init__(**kwargs)

    def clean(self, value: Any) -> list[Any]:  # type: ignore[override]  # a list, not a string
        import re

        if isinstance(value, list | tuple):
            return list(value)
        text = super().clean(value) or ""
        parts = [p.strip() for p in re.split(self.SEPARATORS, str(text)) if p.strip()]
        found, unknown = [], []
        for part in parts:
            obj = None
            for name in self.lookup_fields:
                obj = self.queryset.filter(**{name: part}).first()
                if obj is not None:
                    break
            if obj is None:
                unknown.append(part)
            elif obj not in found:
                found.append(obj)
        if unknown:
            raise forms.ValidationError(
                gettext("{field}: not found: {values}.").format(
                    field=self.label or "", values="、".join(unknown)
                ),
                code="invalid_choice",
            )
        return found


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (photos from a tablet's camera); the caller checks each."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []
