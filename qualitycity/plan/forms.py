"""Forms of the progress reports: the department's report (tablet and desktop) and the bureau's
review. The checks themselves live in `plan.reports`; the forms only collect the input."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from qualitycity.plan.models import Indicator, ProgressReport
from qualitycity.plan.reports import EVIDENCE_TYPES, ValueInput, check_evidence


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name; each is checked by `reports.check_evidence`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(EVIDENCE_TYPES)}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        files = [single(d, initial) for d in items if d]
        for upload in files:
            try:
                check_evidence(upload)
            except ValidationError as exc:
                raise ValidationError(exc.message_dict.get("files", exc.messages)) from exc
        return files


class ReportForm(forms.Form):
    """What was done, figures, the department's reported indicator values, evidence."""

    work_done = forms.CharField(
        label=_("what was done"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    figures = forms.CharField(label=_("figures"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    evidence = MultipleFileField(
        label=_("evidence"),
        help_text=_("pdf, jpg, png, docx, xlsx or ofd, at most 20 MB each."),
    )

    def __init__(
        self, *args: Any, report: ProgressReport, indicators: list[Indicator], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.report = report
        self.indicators = indicators
        self.initial.setdefault("work_done", report.work_done)
        self.initial.setdefault("figures", report.figures)
        drafts = {v.indicator_id: v for v in report.values.all()}
        for ind in indicators:
            draft = drafts.get(ind.pk)
            self.fields[f"value_{ind.pk}"] = forms.DecimalField(
                label=ind.name, required=False, max_digits=14, decimal_places=3
            )
            self.fields[f"unit_{ind.pk}"] = forms.CharField(
                label=_("unit of {indicator}").format(indicator=ind.name), required=False, max_length=30
            )
            self.initial.setdefault(f"unit_{ind.pk}", ind.unit)
            if draft is not None:
                self.initial.setdefault(f"value_{ind.pk}", draft.value)

    def value_rows(self) -> list[tuple[Indicator, forms.BoundField, forms.BoundField]]:
        return [(ind, self[f"value_{ind.pk}"], self[f"unit_{ind.pk}"]) for ind in self.indicators]

    def values(self) -> list[ValueInput]:
        found = []
        for ind in self.indicators:
            value = self.cleaned_data.get(f"value_{ind.pk}")
            if value is None:
                continue
            unit = self.cleaned_data.get(f"unit_{ind.pk}") or ""
            found.append(ValueInput(indicator=ind, value=value, unit=unit, as_of=self.report.period_end))
        return found


class ReviewForm(forms.Form):
    """The bureau's decision: return with comments, or accept with a score."""

    DECISIONS = (("accept", _("Accept")), ("return", _("Return with comments")))

    decision = forms.ChoiceField(label=_("decision"), choices=DECISIONS, widget=forms.RadioSelect)
    comment = forms.CharField(
        label=_("bureau's comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    quality_score = forms.IntegerField(
        label=_("quality score (0–100)"), required=False, min_value=0, max_value=100
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == "return" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Say what the department should change."))
        if data.get("decision") == "accept" and data.get("quality_score") is None:
            self.add_error("quality_score", _("Give a score from 0 to 100."))
        return data


class PeriodForm(forms.Form):
    """Open the expected reports of a period."""

    period = forms.CharField(
        label=_("period"), max_length=10, help_text=_("2026-Q3, 2026-09, 2026-H2 or 2026.")
    )
