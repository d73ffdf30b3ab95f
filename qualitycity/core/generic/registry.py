"""Declare a model to the generic machinery once; URLs and views follow the naming rules.

URL names are `<app>:<model>_<action>`; paths are plural kebab-case."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.urls import URLPattern, path, reverse

LIST_ACTIONS = ("list", "add", "import", "export")
OBJECT_ACTIONS = ("detail", "edit", "delete", "history")


@dataclass
class ModelConfig:
    """What the generic views need to know about one model."""

    model: type[Model]
    table: Any
    filterset: Any
    form: Any = None
    import_form: Any = None
    url_path: str = ""
    detail_template: str = ""
    #: Fields holding personal data: masked unless the viewer asks and is recorded.
    personal_fields: dict[str, str] = field(default_factory=dict)
    #: Natural key used by imports to find the existing row (e.g. "uscc").
    import_key: str = ""
    #: A class that validates and writes a whole import file in bulk (see registry.importing).
    batch_importer: Any = None
    #: Relations loaded with every list and export query.
    select_related: tuple[str, ...] = ()
    #: Many-valued relations the table shows, loaded with every list and export query.
    prefetch_related: tuple[str, ...] = ()
    views: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


_registry: dict[str, ModelConfig] = {}


def register_model(config: ModelConfig) -> ModelConfig:
    _registry[config.label] = config
    return config


def get_config(model: type[Model] | Model | str) -> ModelConfig:
    label = model if isinstance(model, str) else model._meta.label_lower
    return _registry[label]


def registered_models() -> list[ModelConfig]:
    return list(_registry.values())


def register_model_view(model: type[Model], action: str):
    """Attach a view class to a model for an action (list, add, detail, edit, …)."""

    def decorator(view_cls: type) -> type:
        get_config(model).views[action] = view_cls
        return view_cls

    return decorator


def url_name(model: type[Model] | Model, action: str) -> str:
    meta = model._meta
    return f"{meta.app_label}:{meta.model_name}_{action}"


def model_url(obj: Model | type[Model], action: str, **kwargs: Any) -> str:
    if isinstance(obj, Model) and action in OBJECT_ACTIONS:
        kwargs.setdefault("pk", obj.pk)
    return reverse(url_name(obj, action), kwargs=kwargs or None)


def model_urls(model: type[Model]) -> list[URLPattern]:
    """One URL per registered view of `model`, named by the rules."""
    config = get_config(model)
    name = model._meta.model_name
    base = config.url_path
    patterns = []
    for action, view in config.views.items():
        if action == "list":
            route = f"{base}/"
        elif action in LIST_ACTIONS:
            route = f"{base}/{action}/"
        elif action == "detail":
            route = f"{base}/<int:pk>/"
        else:
            route = f"{base}/<int:pk>/{action}/"
        patterns.append(path(route, view.as_view(model=model), name=f"{name}_{action}"))
    return patterns
