"""The batch path of the entity import (issue 3 item 3): whole chunks of rows at a time.

The generic import (core/generic/importing.py) checks and saves one row at a time through
the import form; at 300,000 rows that is minutes. This importer checks a chunk of rows with
dictionary look-ups (counties, townships, industries, towns, tags) and no database
(`check_rows`, which the generic import runs in its reading process, pinyin keys included),
then (`process_checked`) looks up the chunk's existing USCCs and the actor's scope and
writes inside the transaction the generic commit opens: new entities with plain inserts
(`core.bulk`, ids allocated up front; the search index filled once, at the end of the
import), changed ones with bulk_update, bulk audit records (`core.audit.record_many`) and
the change hooks (registry.hooks). Its errors are the import form's: the same messages,
row numbers and column names (tests/test_import_export.py compares the two paths).

One difference on purpose: re-importing a file updates only the columns the file has; a
column the file lacks keeps the entity's value (the form path blanks it)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from operator import itemgetter
from typing import Any

from django import forms
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycity.core import audit
from qualitycity.core.bulk import (
    IMPORT_CACHE_MIB,
    adapter,
    allocate_ids,
    insert_rows,
    rows_where_in,
    sqlite_cache,
)
from qualitycity.core.choices import AuditAction
from qualitycity.core.generic.importing import RowOutcome, SeenKeys, _cell
from qualitycity.core.models import Division, Industry
from qualitycity.core.permissions import restrict_queryset
from qualitycity.core.uscc import USCCError, normalize, validate
from qualitycity.registry.choices import EntityType, RegistrationStatus
from qualitycity.registry.forms import EntityForm, parse_capital, parse_chinese_date, parse_tags, tag_lookup
from qualitycity.registry.hooks import entity_changed
from qualitycity.registry.models import Entity, EntityTag, SpecialisedTown
from qualitycity.registry.search import entity_search_key, former_name_list, search_index_paused
from qualitycity.registry.validators import USCC_MESSAGES

#: Plain text columns: field → max length (from the model).
TEXT_FIELDS = ("name", "legal_representative", "address", "operating_address", "contact_phone")
#: Columns written to the entity row (tags are rows of their own).
ROW_FIELDS = tuple(EntityForm.Meta.fields)
#: Columns naming another row: a checked row holds its id.
RELATED_FIELDS = frozenset(
    f.name for f in Entity._meta.concrete_fields if f.is_relation and f.name in ROW_FIELDS
)


def _choice_lookup(choices: Any) -> dict[str, str]:
    from django.conf import settings
    from django.utils import translation

    lookup: dict[str, str] = {}
    for value, label in choices:
        lookup[str(value)] = value
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                lookup.setdefault(str(label), value)
    return lookup


class EntityBatchImporter:
    """Checks (and, when committing, writes) chunks of register rows; see the module docstring."""

    chunk_size = 2000

    def __init__(
        self, config: Any, actor: Any, mapping: dict[int, str], headers: list[str], *, commit: bool
    ) -> None:
        self.config = config
        self.actor = actor
        self.commit = commit
        self.mapping = mapping
        self.fields = set(mapping.values())
        self.column_of = {name: str(headers[i]) for i, name in mapping.items()}
        self.form = config.import_form()
        self.seen = SeenKeys()
        self.change_qs = restrict_queryset(Entity.objects.all(), actor, "change")
        division = getattr(actor, "scope_division", None)
        counties = list(Division.objects.counties())
        allowed = {c.pk for c in counties if division is None or c.pk == division.pk}
        self.counties: dict[str, Division] = {}
        self.county_names: dict[str, Division] = {}
        for c in counties:
            self.counties.setdefault(c.code, c)
            self.county_names.setdefault(c.name, c)
        self.allowed_counties = allowed
        self.townships: dict[str, Division] = {}
        self.township_names: dict[str, Division] = {}
        for t in Division.objects.filter(level="township"):
            self.townships.setdefault(t.code, t)
            self.township_names.setdefault(t.name, t)
        self.industries = {i.code: i for i in Industry.objects.all()}
        self.towns: dict[str, SpecialisedTown] = {}
        self.town_names: dict[str, SpecialisedTown] = {}
        for town in SpecialisedTown.objects.all():
            self.towns[town.code] = town
            self.town_names[town.name] = town
        self.types = _choice_lookup(EntityType.choices)
        self.statuses = _choice_lookup(RegistrationStatus.choices)
        self.tags = tag_lookup()
        self.dates: dict[str, Any] = {}
        self.max_length: dict[str, int] = {
            f: int(Entity._meta.get_field(f).max_length or 0)  # type: ignore[union-attr]  # CharFields
            for f in TEXT_FIELDS
        }
        self.required = _("This field is required.")
        self.audit_fields = [f for f in Entity._meta.concrete_fields if f.name not in Entity.audit_exclude]
        self._plan_inserts()

    def _plan_inserts(self) -> None:
        """What a new entity's row is made of: every column but the id, each with its default
        and how its value is adapted for the database (once per import, not per row)."""
        self.fields_written = [f for f in Entity._meta.concrete_fields if not f.primary_key]
        self.defaults: dict[str, Any] = {f.name: f.get_default() for f in self.fields_written}
        self.row_of = itemgetter(*(f.name for f in self.fields_written))
        #: positions in the row (0 is the id) of the dates, times and decimals
        self.adapted = [
            position
            for position, f in enumerate(self.fields_written, start=1)
            if f.get_internal_type() in ADAPTED_FIELDS and f.name not in FIXED_FIELDS
        ]
        self.audit_names = [f.name for f in self.audit_fields if not f.primary_key]

    # -- checking ---------------------------------------------------------------------------

    def _error(self, outcome: RowOutcome, name: str, message: str) -> None:
        outcome.errors.append({"field": name, "column": self.column_of.get(name, ""), "message": message})

    def _form_message(self, name: str, value: Any) -> str:
        """The import form field's own message for a value the fast path refused."""
        try:
            self.form.fields[name].clean(value)
        except forms.ValidationError as exc:
            return str(exc.messages[0])
        return _("Invalid value.")

    def _code_choice(
        self, outcome: RowOutcome, name: str, value: Any, by_code: dict, by_name: dict, allowed: Any = None
    ) -> Any:
        text = str(value).strip()
        code = text.split()[0] if text else text
        found = by_code.get(code) or by_name.get(text)
        if found is not None and (allowed is None or found.pk in allowed):
            return found
        message = _("“{value}” is outside your area.") if found is not None else _("Unknown value “{value}”.")
        self._error(outcome, name, message.format(value=text))
        return None

    def _industry(self, outcome: RowOutcome, value: Any) -> Industry | None:
        text = str(value).strip().upper()
        if len(text) > 1 and text[0].isalpha() and text[1:].isdigit():
            text = text[1:]
        found = self.industries.get(text)
        if found is None:
            self._error(outcome, "industry", _("Unknown industry code “{value}”.").format(value=value))
            return None
        if found.level != 4:
            self._error(
                outcome,
                "industry",
                _("Industry code “{value}” is a {level}; give a 4-digit class (小类).").format(
                    value=value, level=_("section") if found.level == 1 else _("higher level")
                ),
            )
            return None
        return found

    def _date(self, outcome: RowOutcome, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        try:
            return self.dates[value]
        except KeyError:
            pass
        try:
            parsed = parse_chinese_date(value)
        except forms.ValidationError as exc:
            self._error(outcome, "date_established", str(exc.messages[0]))
            return None
        if len(self.dates) < 50_000:
            self.dates[value] = parsed
        return parsed

    def check(self, number: int, values: list[Any]) -> tuple[RowOutcome, dict[str, Any], list[str] | None]:
        """One row → (outcome, cleaned field values, tags or None when there is no tag column)."""
        outcome = RowOutcome(row=number, ok=False, values=values)
        data = {name: _cell(values[i] if i < len(values) else None) for i, name in self.mapping.items()}
        raw_uscc = str(data.get("uscc", "")).strip()
        key = normalize(raw_uscc) if raw_uscc else None
        earlier = self.seen.earlier_row(key, number) if key is not None else None
        if earlier is not None:
            label = str(self.form.fields["uscc"].label)
            self._error(outcome, "uscc", _("Same {field} as row {row}.").format(field=label, row=earlier))
            return outcome, {}, None
        clean: dict[str, Any] = {}
        if not raw_uscc:
            self._error(outcome, "uscc", self.required)
        elif len(raw_uscc) > 40:
            self._error(outcome, "uscc", self._form_message("uscc", raw_uscc))
        else:
            try:
                clean["uscc"] = validate(raw_uscc)
            except USCCError as exc:
                self._error(outcome, "uscc", str(USCC_MESSAGES.get(exc.code, _("Invalid code."))))
        for name in TEXT_FIELDS:
            if name not in self.fields and name != "name":
                continue
            text = str(data.get(name, "")).strip()
            if not text and name == "name":
                self._error(outcome, name, self.required)
            elif len(text) > self.max_length[name]:
                self._error(outcome, name, self._form_message(name, text))
            else:
                clean[name] = text
        kind = str(data.get("entity_type", "")).strip()
        if kind in self.types:
            clean["entity_type"] = self.types[kind]
        else:
            self._error(outcome, "entity_type", self._form_message("entity_type", kind))
        if "registration_status" in self.fields:
            status = str(data.get("registration_status", "")).strip()
            if not status:
                clean["registration_status"] = RegistrationStatus.EXISTING.value
            elif status in self.statuses:
                clean["registration_status"] = self.statuses[status]
            else:
                self._error(outcome, "registration_status", self._form_message("registration_status", status))
        if "date_established" in self.fields:
            value = data.get("date_established", "")
            clean["date_established"] = self._date(outcome, value) if value not in (None, "") else None
        county_value = data.get("county", "")
        if county_value in (None, ""):
            self._error(outcome, "county", self.required)
        else:
            clean["county"] = self._code_choice(
                outcome, "county", county_value, self.counties, self.county_names, self.allowed_counties
            )
        for name, by_code, by_name in (
            ("township", self.townships, self.township_names),
            ("specialised_town", self.towns, self.town_names),
        ):
            if name in self.fields:
                value = data.get(name, "")
                clean[name] = (
                    None if value in (None, "") else self._code_choice(outcome, name, value, by_code, by_name)
                )
        if "industry" in self.fields:
            value = data.get("industry", "")
            clean["industry"] = None if value in (None, "") else self._industry(outcome, value)
        if "registered_capital" in self.fields:
            try:
                clean["registered_capital"] = parse_capital(data.get("registered_capital"))
            except forms.ValidationError as exc:
                self._error(outcome, "registered_capital", str(exc.messages[0]))
        if "former_names" in self.fields:
            text = re.sub(r"[、；;]", "\n", str(data.get("former_names") or ""))
            clean["former_names"] = "\n".join(former_name_list(text))
        tags: list[str] | None = None
        if "tags" in self.fields:
            try:
                tags = parse_tags(data.get("tags"), self.tags)
            except forms.ValidationError as exc:
                self._error(outcome, "tags", str(exc.messages[0]))
        county = clean.get("county")
        township = clean.get("township")
        if county is not None and township is not None and not county.contains(township):
            self._error(outcome, "township", _("The township is not in the chosen county."))
        town = clean.get("specialised_town")
        if county is not None and town is not None and town.county_id != county.pk:
            self._error(outcome, "specialised_town", _("The specialised town is in another county."))
        outcome.ok = not outcome.errors
        return outcome, clean, tags

    # -- writing ----------------------------------------------------------------------------

    def check_rows(self, rows: list[tuple[int, list[Any]]]) -> list[Checked]:
        """Check a chunk of rows, and give the valid ones their pinyin key: no database, so
        the generic import runs this in its reading process (core.prefetch)."""
        checked = [self.check(number, list(values)) for number, values in rows]
        for outcome, clean, _tags in checked:
            if not outcome.ok:
                continue
            # ids, not model instances, cross to the writing process (pickling those is slow)
            for name in RELATED_FIELDS:
                related = clean.get(name)
                if related is not None:
                    clean[name] = related.pk
            if self.commit:
                clean["search_key"] = entity_search_key(clean["name"], clean.get("former_names", ""))
        return checked

    def process(self, rows: list[tuple[int, list[Any]]]) -> list[RowOutcome]:
        return self.process_checked(self.check_rows(rows))

    def process_checked(self, checked: list[Checked]) -> list[RowOutcome]:
        """Write a checked chunk: look up the existing entities, then create and update."""
        keys = [clean["uscc"] for outcome, clean, _t in checked if outcome.ok]
        # most rows of a register import are new: find which exist first, then load only those
        found = [pk for (pk,) in rows_where_in("SELECT id FROM registry_entity", "uscc", keys)]
        existing = {e.uscc: e for e in Entity.objects.filter(pk__in=found)} if found else {}
        allowed = (
            set(self.change_qs.filter(pk__in=[e.pk for e in existing.values()]).values_list("pk", flat=True))
            if existing
            else set()
        )
        creates: list[tuple[dict[str, Any], list[str] | None]] = []
        updates: list[tuple[Entity, dict[str, Any], list[str] | None]] = []
        for outcome, clean, tags in checked:
            if not outcome.ok:
                continue
            current = existing.get(clean["uscc"])
            if current is not None:
                clean.pop("search_key", None)  # an update recomputes it when the name changes
            if current is not None and current.pk not in allowed:
                self._error(outcome, "uscc", _("This record exists outside your area."))
                outcome.ok = False
                continue
            outcome.created = current is None
            if not self.commit:
                continue
            if current is None:
                creates.append((clean, tags))
            else:
                updates.append((current, clean, tags))
        if self.commit:
            self._write(creates, updates)
        return [outcome for outcome, _c, _t in checked]

    def _create(self, creates: list[tuple[dict[str, Any], list[str] | None]]) -> list[audit.Entry]:
        """Insert the new entities with one plain insert per batch (ids allocated up front) and
        return their audit entries: the values `core.audit.snapshot` gives for the saved rows."""
        actor_id = self.actor.pk if self.actor.is_authenticated else None
        now = timezone.now()
        adapt = adapter()
        fixed = {
            "created_at": adapt(now),
            "updated_at": adapt(now),
            "created_by": actor_id,
            "updated_by": actor_id,
        }
        ids = allocate_ids(Entity, len(creates))
        rows: list[tuple[Any, ...]] = []
        entries: list[audit.Entry] = []
        new_tags: list[EntityTag] = []
        for pk, (clean, tags) in zip(ids, creates, strict=True):
            values = {**self.defaults, **fixed, **clean}
            row = [pk, *self.row_of(values)]
            for position in self.adapted:
                row[position] = adapt(row[position])
            rows.append(tuple(row))
            changes = {"id": [None, pk]}
            for name in self.audit_names:
                value = values[name]
                if value is not None:
                    changes[name] = [None, value if type(value) in PLAIN else _json_value(value)]
            entries.append(
                audit.Entry(AuditAction.CREATE, "registry.entity", str(pk), values["name"], changes, "import")
            )
            new_tags.extend(EntityTag(entity_id=pk, tag=t) for t in tags or ())
        insert_rows(Entity, ["id", *(str(field.column) for field in self.fields_written)], rows)
        if new_tags:
            EntityTag.objects.bulk_create(new_tags, batch_size=1000, ignore_conflicts=True)
        return entries

    def _snapshot(self, obj: Model) -> dict[str, Any]:
        return {f.name: _json_value(f.value_from_object(obj)) for f in self.audit_fields}

    def _write(
        self,
        creates: list[tuple[dict[str, Any], list[str] | None]],
        updates: list[tuple[Entity, dict[str, Any], list[str] | None]],
    ) -> None:
        entries = self._create(creates) if creates else []
        new_tags: list[EntityTag] = []
        changed: list[Entity] = []
        changed_fields: set[str] = set()
        hook_calls: list[tuple[Entity, dict[str, tuple[Any, Any]]]] = []
        tag_before = self._tags_of([e.pk for e, _c, tags in updates if tags is not None])
        removed_tags: list[tuple[int, list[str]]] = []
        for entity, clean, tags in updates:
            before = self._snapshot(entity)
            for name in ROW_FIELDS:
                if name in clean:
                    setattr(entity, f"{name}_id" if name in RELATED_FIELDS else name, clean[name])
            after = self._snapshot(entity)
            diff = audit.diff(before, after)
            changes = {k: (v[0], v[1]) for k, v in diff.items()}
            if tags is not None:
                old = tag_before.get(entity.pk, [])
                if sorted(set(tags)) != old:
                    changes["tags"] = (old, sorted(set(tags)))
                    new_tags.extend(EntityTag(entity=entity, tag=t) for t in tags if t not in old)
                    removed_tags.append((entity.pk, [t for t in old if t not in tags]))
                    diff["tags"] = [old, sorted(set(tags))]
            if not diff:
                continue
            if {"name", "former_names"} & diff.keys():
                entity.search_key = entity_search_key(entity.name, entity.former_names)
                changed_fields.add("search_key")
            entity.updated_by = self.actor if self.actor.is_authenticated else None
            changed_fields.update(k for k in diff if k != "tags")
            changed.append(entity)
            entries.append(
                audit.Entry(
                    AuditAction.UPDATE, "registry.entity", str(entity.pk), entity.name, diff, "import"
                )
            )
            hook_calls.append((entity, changes))
        if changed and changed_fields - {"tags"}:
            now = timezone.now()
            for entity in changed:
                entity.updated_at = now
            fields = sorted(changed_fields | {"updated_by", "updated_at"})
            Entity.objects.bulk_update(changed, fields, batch_size=500)
        for pk, gone in removed_tags:
            if gone:
                EntityTag.objects.filter(entity_id=pk, tag__in=gone).delete()
        if new_tags:
            EntityTag.objects.bulk_create(new_tags, batch_size=1000, ignore_conflicts=True)
        audit.record_many(actor=self.actor, entries=entries)
        for entity, changes in hook_calls:
            entity_changed(entity, changes, self.actor)

    @staticmethod
    def _tags_of(pks: list[int]) -> dict[int, list[str]]:
        found: dict[int, list[str]] = {}
        for pk, tag in EntityTag.objects.filter(entity_id__in=pks).values_list("entity_id", "tag"):
            found.setdefault(pk, []).append(tag)
        return {pk: sorted(tags) for pk, tags in found.items()}

    def finish(self) -> None:
        """Nothing is left over after the last chunk."""

    @contextmanager
    def session(self) -> Iterator[None]:
        """What the whole import runs in: a larger SQLite page cache for the index inserts
        and, when writing, the search index filled once at the end for all the new rows
        (inside the import's transaction: a failed import leaves it as it was)."""
        with sqlite_cache(IMPORT_CACHE_MIB):
            if not self.commit:
                yield
                return
            with search_index_paused(allocate_ids(Entity, 1)[0]):
                yield


#: One checked row: its outcome, its cleaned values, its tags (None without a tag column).
Checked = tuple[RowOutcome, dict[str, Any], list[str] | None]

#: Types a snapshot stores as they are.
PLAIN = frozenset({str, int, bool})


#: Fields the same for every new row of a chunk, adapted once.
FIXED_FIELDS = frozenset({"created_at", "updated_at", "created_by", "updated_by"})

#: Fields whose python values `core.bulk.adapt` turns into what a plain insert writes.
ADAPTED_FIELDS = frozenset({"DateTimeField", "DateField", "DecimalField"})


def _json_value(value: Any) -> Any:
    """A field value as `core.audit.snapshot` stores it (JSON-safe)."""
    if value is None or isinstance(value, str | int | bool):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return audit._json_default(value)
