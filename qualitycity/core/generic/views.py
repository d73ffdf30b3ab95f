"""Generic list, detail, edit, delete, history, import and export views.

A concrete view only sets attributes; permissions and data scope come from
`Model.objects.restrict(user, action)`, applied in `dispatch`."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import models, transaction
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views import View

from qualitycity.core import audit
from qualitycity.core.choices import AuditAction
from qualitycity.core.editing import save_form
from qualitycity.core.generic.registry import ModelConfig, get_config, model_url
from qualitycity.core.generic.tables import display
from qualitycity.core.masking import mask_name
from qualitycity.core.models import AuditRecord
from qualitycity.core.permissions import restrict_queryset, user_can

PER_PAGE_CHOICES = (25, 50, 100, 200)
#: Lists count matching rows up to this many and then say "10,000+": a search over a large
#: register must not scan it twice (once for the page, once for an exact count).
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A paginator whose count stops at COUNT_CAP (`capped` tells the page to say "+")."""

    capped = False

    @cached_property
    def count(self) -> int:
        found = self.object_list.order_by()[: COUNT_CAP + 1].count()  # type: ignore[attr-defined]  # a QuerySet
        self.capped = found > COUNT_CAP
        return min(found, COUNT_CAP)


def htmx_render(request: HttpRequest, template: str, context: dict[str, Any], partial: str) -> HttpResponse:
    """Render the whole page, or only `partial` when htmx asked for a fragment."""
    if getattr(request, "htmx", False) and not request.htmx.boosted:  # type: ignore[attr-defined]
        return render(request, partial, context)
    return render(request, template, context)


class BaseModelView(LoginRequiredMixin, View):
    """Restricts `self.queryset` to what the user may do (`action`) before any handler runs."""

    model: Any = None
    action = "view"
    queryset: QuerySet

    @property
    def config(self) -> ModelConfig:
        return get_config(self.model)

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not user_can(request.user, self.model, self.action):
            raise PermissionDenied
        self.queryset = restrict_queryset(self.model._default_manager.all(), request.user, self.action)
        if self.config.select_related:
            self.queryset = self.queryset.select_related(*self.config.select_related)
        if self.config.prefetch_related:
            self.queryset = self.queryset.prefetch_related(*self.config.prefetch_related)
        return super().dispatch(request, *args, **kwargs)

    def get_object(self) -> Model:
        return get_object_or_404(self.queryset, pk=self.kwargs["pk"])

    def base_context(self) -> dict[str, Any]:
        user = self.request.user
        return {
            "model": self.model,
            "meta": self.model._meta,
            "config": self.config,
            "can_add": user_can(user, self.model, "add") and "add" in self.config.views,
            "can_change": user_can(user, self.model, "change") and "edit" in self.config.views,
            "can_delete": user_can(user, self.model, "delete") and "delete" in self.config.views,
            "can_import": user_can(user, self.model, "import") and "import" in self.config.views,
            "can_export": user_can(user, self.model, "export"),
            "list_url": model_url(self.model, "list") if "list" in self.config.views else "",
        }


class ObjectListView(BaseModelView):
    """Filter, search, sort, paginate, choose columns, export."""

    template_name = "core/generic/list.html"
    partial_name = "core/generic/_table.html"

    def filtered(self) -> tuple[Any, QuerySet]:
        filterset = self.config.filterset(
            self.request.GET or None, queryset=self.queryset, request=self.request
        )
        qs = filterset.qs if filterset.is_bound and filterset.is_valid() else self.queryset
        table = self.config.table
        ordering = table.ordering(self.request.GET.get("sort")) or table.default_ordering
        if ordering:
            qs = qs.order_by(*ordering)
        return filterset, qs

    def columns(self) -> list[Any]:
        table = self.config.table
        key = f"columns:{self.config.label}"
        if "columns" in self.request.GET:
            names = [n for n in self.request.GET.getlist("columns") if n]
            self.request.session[key] = names
        return table.chosen(self.request.session.get(key))

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        filterset, qs = self.filtered()
        fmt = request.GET.get("export")
        if fmt:
            from qualitycity.core.generic.exporting import export_response

            if not user_can(request.user, self.model, "export"):
                raise PermissionDenied
            return export_response(request, self.config, qs, self.columns(), fmt, filterset)
        try:
            per_page = int(request.GET.get("per_page", 25))
        except ValueError:
            per_page = 25
        per_page = per_page if per_page in PER_PAGE_CHOICES else 25
        paginator = CappedPaginator(qs, per_page)
        page = paginator.get_page(request.GET.get("page"))
        columns = self.columns()
        rows = [(obj, [display(c.value(obj)) for c in columns]) for obj in page.object_list]
        query = request.GET.copy()
        query.pop("page", None)
        context = {
            **self.base_context(),
            "filterset": filterset,
            "page": page,
            "rows": rows,
            "columns": columns,
            "all_columns": self.config.table.columns,
            "sort": request.GET.get("sort", ""),
            "query": query.urlencode(),
            "per_page": per_page,
            "per_page_choices": PER_PAGE_CHOICES,
        }
        return htmx_render(request, self.template_name, context, self.partial_name)


class ObjectDetailView(BaseModelView):
    """The object, its personal data masked unless revealed (and recorded), its history."""

    def get_template_names(self) -> list[str]:
        meta = self.model._meta
        return [
            self.config.detail_template or f"{meta.app_label}/{meta.model_name}.html",
            "core/generic/detail.html",
        ]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        obj = self.get_object()
        reveal = request.GET.get("reveal") == "1" and bool(self.config.personal_fields)
        if reveal:
            if not user_can(request.user, self.model, "change"):
                raise PermissionDenied
            audit.record(
                actor=request.user,
                action=AuditAction.VIEW_PERSONAL,
                obj=obj,
                message=",".join(self.config.personal_fields),
            )
        personal = {
            name: (getattr(obj, name) if reveal else mask_fn(getattr(obj, name)))
            for name, mask_fn in _mask_functions(self.config).items()
        }
        history = history_rows(
            AuditRecord.objects.for_object(obj).order_by("-seq")[:50], self.model, self.config, reveal
        )
        fields = detail_fields(obj, personal)
        context = {
            **self.base_context(),
            "object": obj,
            "fields": fields,
            "personal": personal,
            "revealed": reveal,
            "history": history,
            "can_reveal": bool(self.config.personal_fields) and user_can(request.user, self.model, "change"),
        }
        return render(request, self.get_template_names(), self.get_context_data(obj, context))

    def get_context_data(self, obj: Model, context: dict[str, Any]) -> dict[str, Any]:
        """Hook for a model's detail view to add to the page."""
        return context


def _local_date(field: Any, value: str) -> str:
    """An ISO date or timestamp from an audit snapshot in the reader's format (2026年11月28日)."""
    from django.utils import dateparse, formats, timezone

    if isinstance(field, models.DateTimeField):
        moment = dateparse.parse_datetime(value)
        if moment is None:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "DATETIME_FORMAT")
    day = dateparse.parse_date(value)
    return formats.date_format(day, "DATE_FORMAT") if day is not None else value


def history_rows(records: Any, model: Any, config: ModelConfig, reveal: bool) -> list[dict[str, Any]]:
    """Audit records as the history table shows them: field labels, and personal data masked
    unless the viewer revealed it (the reveal itself is recorded)."""
    masks = {} if reveal else _mask_functions(config)
    fields = {f.name: f for f in model._meta.concrete_fields}
    related: dict[tuple[Any, Any], str] = {}

    def shown(name: str, value: Any) -> Any:
        """Choice labels and related objects instead of stored values."""
        field = fields.get(name)
        if value in (None, "") or field is None:
            return value
        if name in masks:
            return masks[name](str(value))
        if field.choices:
            return dict(field.flatchoices).get(value, value)
        if isinstance(field, models.DateTimeField | models.DateField) and isinstance(value, str):
            return _local_date(field, value)
        if field.is_relation and field.related_model is not None:
            key = (field.related_model, value)
            if key not in related:
                obj = field.related_model._default_manager.filter(pk=value).first()
                related[key] = str(obj) if obj is not None else str(value)
            return related[key]
        return value

    rows = []
    for rec in records:
        changes = []
        for name, pair in rec.changes.items():
            before, after = [*pair, None, None][:2]
            label = str(fields[name].verbose_name) if name in fields else name
            changes.append((label, shown(name, before), shown(name, after)))
        rows.append({"rec": rec, "changes": changes})
    return rows


HIDDEN_FIELDS = {"id", "password", "search_key", "prefix"}
TRAILING_FIELDS = ("created_at", "created_by", "updated_at", "updated_by")


def detail_fields(obj: Model, personal: dict[str, Any]) -> list[tuple[str, Any]]:
    """(label, value) of a detail page: the model's own fields, then who created and changed it."""
    own: list[tuple[str, Any]] = []
    trailing: list[tuple[str, Any]] = []
    for field in obj._meta.concrete_fields:
        if field.name in HIDDEN_FIELDS:
            continue
        if field.name in personal:
            value = personal[field.name]
        elif field.choices:
            value = getattr(obj, f"get_{field.name}_display")()
        else:
            value = getattr(obj, field.name)
        (trailing if field.name in TRAILING_FIELDS else own).append((str(field.verbose_name), value))
    return own + trailing


def _mask_functions(config: ModelConfig) -> dict[str, Any]:
    from qualitycity.core import masking

    return {name: getattr(masking, kind, mask_name) for name, kind in config.personal_fields.items()}


class ObjectEditView(BaseModelView):
    """Create (no pk) or update; audit record in the same transaction; scope re-checked."""

    action = "change"
    template_name = "core/generic/edit.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if "pk" not in kwargs:
            self.action = "add"
        return super().dispatch(request, *args, **kwargs)

    def get_form(self, data: Any = None, files: Any = None, instance: Model | None = None) -> Any:
        initial = self.initial_from_query() if data is None and instance is None else None
        form = self.config.form(data=data, files=files, instance=instance, initial=initial)
        if hasattr(form, "limit_to_user"):
            form.limit_to_user(self.request.user)
        return form

    def get_instance(self) -> Model | None:
        return self.get_object() if "pk" in self.kwargs else None

    def initial_from_query(self) -> dict[str, Any]:
        """A new object's form starts from the query string's values of its fields (a link
        such as a risk signal's "suggested targeted plan" pre-fills the form)."""
        from django import forms

        fields = self.config.form.base_fields
        initial: dict[str, Any] = {}
        for name in self.request.GET:
            if name in fields:
                many = isinstance(fields[name], forms.ModelMultipleChoiceField)
                initial[name] = self.request.GET.getlist(name) if many else self.request.GET[name]
        return initial

    def render_form(self, form: Any, instance: Model | None) -> HttpResponse:
        context = {**self.base_context(), "form": form, "object": instance}
        return render(self.request, self.template_name, context)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        instance = self.get_instance()
        return self.render_form(self.get_form(instance=instance), instance)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        instance = self.get_instance()
        form = self.get_form(request.POST, request.FILES, instance=instance)
        if not form.is_valid():
            return self.render_form(form, instance)
        try:
            obj = save_form(form, actor=request.user)
        except PermissionDenied:
            form.add_error(None, _("You cannot save an object outside your own area."))
            return self.render_form(form, instance)
        messages.success(request, _("Saved {obj}.").format(obj=obj))
        return redirect(model_url(obj, "detail"))


class ObjectDeleteView(BaseModelView):
    action = "delete"
    template_name = "core/generic/delete.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return render(request, self.template_name, {**self.base_context(), "object": self.get_object()})

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseRedirect:
        obj = self.get_object()
        from django.db.models import ProtectedError

        try:
            with transaction.atomic():
                before = audit.snapshot(obj)
                pk = obj.pk
                audit.record(
                    actor=request.user, action=AuditAction.DELETE, obj=obj, before=before, after=None
                )
                obj.delete()
        except ProtectedError:
            messages.error(request, _("{obj} is still in use and cannot be deleted.").format(obj=obj))
            return redirect(model_url(self.model, "detail", pk=pk))
        messages.success(request, _("Deleted {obj}.").format(obj=obj))
        return redirect(model_url(self.model, "list"))


class ObjectHistoryView(BaseModelView):
    template_name = "core/generic/history.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        obj = self.get_object()
        paginator = Paginator(AuditRecord.objects.for_object(obj).order_by("-seq"), 50)
        page = paginator.get_page(request.GET.get("page"))
        history = history_rows(page.object_list, self.model, self.config, reveal=False)
        context = {**self.base_context(), "object": obj, "page": page, "history": history}
        return render(request, self.template_name, context)


class ObjectImportView(BaseModelView):
    """Upload a file; a background job checks every row and shows a preview to confirm."""

    action = "import"
    template_name = "core/generic/import.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.GET.get("template"):
            from qualitycity.core.generic.importing import template_response

            return template_response(self.config)
        from qualitycity.core.generic.importing import UploadForm, expected_headers

        context = {**self.base_context(), "form": UploadForm(), "headers": expected_headers(self.config)}
        return render(request, self.template_name, context)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from qualitycity.core.generic.importing import UploadForm, expected_headers, start_import

        if "job" in request.POST:
            return self.remap(request)
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            context = {**self.base_context(), "form": form, "headers": expected_headers(self.config)}
            return render(request, self.template_name, context, status=400)
        job = start_import(self.config, form.cleaned_data["file"], actor=request.user)
        return redirect("core:job_detail", pk=job.pk)

    def remap(self, request: HttpRequest) -> HttpResponse:
        """The mapping step: the job page posts the user's column → field mapping (`job` and
        `col_<index>` fields) and the file is checked again with it."""
        from qualitycity.core.generic.importing import mapping_from_post, remap_import
        from qualitycity.core.models import Job

        try:
            job_pk = int(request.POST["job"])
        except ValueError as exc:
            raise Http404 from exc
        job = get_object_or_404(Job.objects.filter(owner_id=request.user.pk), pk=job_pk)
        if job.model_label != self.config.label:
            raise Http404
        try:
            remap_import(job, mapping_from_post(request.POST), actor=request.user)
        except PermissionDenied:
            messages.error(request, _("This import cannot be checked again in its current state."))
        return redirect("core:job_detail", pk=job.pk)


def max_sync_export() -> int:
    return int(settings.QCITY_EXPORT_SYNC_LIMIT)
