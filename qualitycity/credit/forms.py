"""Forms of the credit configuration (risk models, indicators, joint-punishment rules)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from qualitycity.credit.choices import RestrictedAction
from qualitycity.credit.models import JointPunishmentRule, RiskIndicator, RiskModel


class RiskModelForm(forms.ModelForm):
    class Meta:
        model = RiskModel
        fields = ["name", "classes", "note"]
        help_texts = {
            "classes": _(
                'From low to high risk, e.g. [{"code": "A", "label": "信用风险低", "min_score": 0}, …]'
            ),
        }

    def clean_classes(self) -> Any:
        classes = self.cleaned_data["classes"]
        if not isinstance(classes, list) or len(classes) < 2:
            raise forms.ValidationError(_("Give at least two classes."))
        previous = None
        for item in classes:
            if not isinstance(item, dict) or not item.get("code") or "min_score" not in item:
                raise forms.ValidationError(_("Every class needs a code and a min_score."))
            if previous is not None and float(item["min_score"]) <= previous:
                raise forms.ValidationError(_("Thresholds must rise from class to class."))
            previous = float(item["min_score"])
        return classes


class RiskIndicatorForm(forms.ModelForm):
    class Meta:
        model = RiskIndicator
        fields = ["model", "group", "rule", "name", "points", "cap", "params", "is_active"]


class JointPunishmentRuleForm(forms.ModelForm):
    restricted_actions = forms.MultipleChoiceField(
        label=_("restricted actions"), choices=RestrictedAction.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = JointPunishmentRule
        fields = [
            "name",
            "condition",
            "params",
            "restricted_actions",
            "notify_departments",
            "legal_basis",
            "is_active",
        ]
