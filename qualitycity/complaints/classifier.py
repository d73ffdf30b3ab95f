"""Category suggestions (分类建议) for complaints and tip-offs, in both taxonomies: the object
(商品/服务 and their sub-categories) and the nature of the problem (质量, 安全, 价格 …).

Intake calls `suggest(text)` for every submission; staff confirm or change what it says.

How a suggestion is made
    With a trained classifier for the taxonomy (the newest active `ClassifierModel` row), the
    text is cut into words with jieba and the model gives each category a probability; the
    most probable active category is suggested with that probability as its confidence
    (method "classifier"). Without one, or when the model cannot be used, keyword rules count
    the category keywords found in the text (method "keywords"). A taxonomy with no
    suggestion at all is left out of the result, and intake leaves that category empty.

The model, and why this one
    TF-IDF over jieba words and word pairs (sublinear term frequency; words seen in one text
    only are dropped), then a linear support vector machine (`LinearSVC`, classes weighted
    against their frequency so that rare natures such as 人格尊严 are not drowned), wrapped in
    `CalibratedClassifierCV` (Platt scaling learnt on three folds; `ensemble=False` keeps one
    SVM trained on all the samples, the smallest stored model).

    Staff must see how sure a suggestion is, so the choice was between models that give
    probabilities. Measured on 20,000 generated complaints (`complaints.texts`; 4/5 train,
    1/5 held out), object / nature:

    ===========================  ===============  ===============  ==============
    model                        accuracy         calibration      fit time
                                                  error (ECE)      (relative)
    ===========================  ===============  ===============  ==============
    calibrated linear SVM        0.949 / 0.938    0.015 / 0.024    1
    logistic regression (saga)   0.942 / 0.931    0.029 / 0.026    0.45 / 0.55
    SGD, modified Huber loss     0.949 / 0.933    0.045 / 0.030    0.15
    SGD, log loss                0.948 / 0.932    0.106 / 0.070    0.15 / 0.2
    ===========================  ===============  ===============  ==============

    The calibrated SVM is as accurate as the best and the best calibrated ("0.80" is right
    about eight times in ten, where SGD's probabilities are off by two to ten points), at
    the price of four SVM fits (three folds and the final one): seconds to tens of seconds
    for 16,000 texts, paid only when staff retrain. A suggestion takes a few milliseconds.

Training
    From the bureau's own closed cases whose classification staff confirmed
    (`train_from_cases`), or from a labelled CSV/Excel file (`train_from_file`). A category
    with fewer than `QCITY_CLASSIFIER_MIN_PER_CATEGORY` samples is left out of the model (the
    report names it); with fewer than `QCITY_CLASSIFIER_MIN_SAMPLES` usable samples in all, or
    fewer than two categories, nothing is trained and the keyword rules stay in use. Accuracy
    and macro-F1 come from a stratified, seeded held-out fifth; the stored model is then
    trained on all the samples. The new model becomes the active one of its taxonomy; earlier
    ones are kept, inactive, and an administrator can reactivate one.

The stored model is a pickled scikit-learn pipeline. It is only ever written by this module
into the bureau's own database and read back from there, never taken from a user's upload.
"""

from __future__ import annotations

import logging
import pickle
import re
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qualitycity.complaints.choices import CaseStatus, CategoryKind

__all__ = [
    "HOLDOUT",
    "KINDS",
    "SEED",
    "Evaluation",
    "Tokenize",
    "TrainingReport",
    "add_words",
    "build_pipeline",
    "case_samples",
    "clear_cache",
    "evaluate_file",
    "fit_and_score",
    "min_per_category",
    "min_samples",
    "read_labelled_file",
    "suggest",
    "tokenize",
    "train_from_cases",
    "train_from_file",
    "word_ngrams",
]

logger = logging.getLogger(__name__)

KINDS: tuple[str, ...] = (CategoryKind.OBJECT.value, CategoryKind.NATURE.value)
#: The share of the samples held out to measure accuracy and macro-F1.
HOLDOUT = 0.2
#: The seed of the held-out split and of the SVM, so a retraining on the same data repeats.
SEED = 12315
#: Defaults of the settings QCITY_CLASSIFIER_MIN_SAMPLES and QCITY_CLASSIFIER_MIN_PER_CATEGORY.
MIN_SAMPLES = 200
MIN_PER_CATEGORY = 10
#: At most this many row errors are listed when a file is refused.
MAX_ROW_ERRORS = 20
#: The case fields a case's text is made of, in intake's order (subject, facts, request).
CASE_TEXT_FIELDS = ("subject", "facts", "request")


def min_samples() -> int:
    """Usable samples a taxonomy needs before a classifier replaces its keyword rules."""
    return int(getattr(settings, "QCITY_CLASSIFIER_MIN_SAMPLES", MIN_SAMPLES))


def min_per_category() -> int:
    """Samples a category needs to be learnt (at least 5: a fifth is held out, and the
    calibration splits the rest in three)."""
    return max(5, int(getattr(settings, "QCITY_CLASSIFIER_MIN_PER_CATEGORY", MIN_PER_CATEGORY)))


# --- jieba --------------------------------------------------------------------------------------

_jieba_lock = threading.Lock()
_jieba_ready = False
_jieba_words: set[str] = set()


def _jieba() -> Any:
    """jieba, initialised once per process and without its console chatter."""
    global _jieba_ready
    import jieba

    if not _jieba_ready:
        with _jieba_lock:
            if not _jieba_ready:
                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _jieba_ready = True
    return jieba


def add_words(words: Iterable[str]) -> None:
    """Teach jieba words it must not cut (the category keywords: 短斤少两, 七天无理由 …)."""
    new = [w for w in words if w and w not in _jieba_words]
    if not new:
        return
    jieba = _jieba()
    with _jieba_lock:
        for word in new:
            jieba.add_word(word)
            _jieba_words.add(word)


_PUNCTUATION = re.compile(r"^[\W_]+$")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def tokenize(text: str) -> list[str]:
    """Words of a text: jieba's cut without punctuation and spaces, lower-cased, and numbers
    replaced by their size (`<num3>` for 100–999), since the amount's size says something
    about the object but its exact value does not."""
    tokens = []
    for raw in _jieba().lcut(text):
        token = raw.strip().lower()
        if not token or _PUNCTUATION.match(token):
            continue
        if _NUMBER.match(token):
            token = f"<num{len(token.split('.')[0])}>"
        tokens.append(token)
    return tokens


def word_ngrams(tokens: Sequence[str]) -> list[str]:
    """The features of a text: its words and pairs of neighbouring words."""
    return [*tokens, *(f"{a} {b}" for a, b in pairwise(tokens))]


def _category_words() -> list[str]:
    """Every keyword and name of both taxonomies (for jieba's dictionary)."""
    from qualitycity.complaints.models import Category

    words: set[str] = set()
    for name, keywords in Category.objects.values_list("name", "keywords"):
        words.add(name)
        words.update(_split_keywords(keywords))
    return sorted(w for w in words if len(w) > 1)


def _split_keywords(keywords: str) -> list[str]:
    return [w for w in re.split(r"[\s,，、;；]+", keywords or "") if w]


class Tokenize:
    """The pipeline's first step: texts → word lists. It carries the keywords it was trained
    with and adds them to jieba before cutting, so a loaded model cuts texts the way it was
    trained, whatever the process did before. It follows scikit-learn's transformer protocol
    without importing scikit-learn, so that `suggest` with keyword rules only never loads it."""

    def __init__(self, words: tuple[str, ...] = ()) -> None:
        self.words = words

    def fit(self, texts: Any, labels: Any = None) -> Tokenize:
        return self

    def transform(self, texts: Iterable[Any]) -> list[list[str]]:
        add_words(self.words)
        return [tokenize(str(text)) for text in texts]

    def fit_transform(self, texts: Iterable[Any], labels: Any = None) -> list[list[str]]:
        return self.transform(texts)

    def get_params(self, deep: bool = True) -> dict[str, Any]:
        return {"words": self.words}

    def set_params(self, **params: Any) -> Tokenize:
        self.words = tuple(params.get("words", self.words))
        return self

    def __sklearn_is_fitted__(self) -> bool:
        return True


def build_pipeline(words: Sequence[str] = ()) -> Any:
    """An unfitted pipeline: jieba words → TF-IDF of words and word pairs → calibrated
    linear SVM (see the module docstring for the choice)."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import Pipeline
    from sklearn.svm import LinearSVC

    return Pipeline(
        [
            ("tokenize", Tokenize(tuple(words))),
            ("tfidf", TfidfVectorizer(analyzer=word_ngrams, sublinear_tf=True, min_df=2)),
            (
                "model",
                CalibratedClassifierCV(
                    # dual: there are about as many features as texts, and the primal solver
                    # is ten to thirty times slower on them; tol 1e-3 halves the time without
                    # a measurable change in accuracy on the generated benchmark.
                    LinearSVC(
                        C=0.5,
                        class_weight="balanced",
                        dual=True,
                        tol=1e-3,
                        max_iter=5000,
                        random_state=SEED,
                    ),
                    method="sigmoid",
                    cv=3,
                    ensemble=False,
                ),
            ),
        ]
    )


# --- suggesting ---------------------------------------------------------------------------------


@dataclass
class _Loaded:
    key: tuple[int, str]
    pipeline: Any  # None when the stored model could not be loaded


_cache: dict[str, _Loaded] = {}
_cache_lock = threading.Lock()


def clear_cache() -> None:
    """Forget the loaded models (tests; a process that wants to reload at once)."""
    with _cache_lock:
        _cache.clear()


def _active_keys() -> dict[str, tuple[int, str]]:
    """The active model of each taxonomy as (pk, trained_at): one small query, so a model
    trained or reactivated elsewhere is picked up by the next suggestion."""
    from qualitycity.complaints.models import ClassifierModel

    rows = (
        ClassifierModel.objects.filter(is_active=True)
        .order_by("kind", "-trained_at", "-pk")
        .values_list("kind", "pk", "trained_at")
    )
    keys: dict[str, tuple[int, str]] = {}
    for kind, pk, trained_at in rows:
        keys.setdefault(kind, (pk, trained_at.isoformat()))
    return keys


def _load(kind: str, key: tuple[int, str]) -> Any:
    """The pipeline of the model `key`, from this process's cache or the database."""
    cached = _cache.get(kind)
    if cached is not None and cached.key == key:
        return cached.pipeline
    from qualitycity.complaints.models import ClassifierModel

    pipeline = None
    blob = ClassifierModel.objects.filter(pk=key[0]).values_list("blob", flat=True).first()
    if blob is not None:
        try:
            # Written by this module into the bureau's database only (see the module docstring).
            pipeline = pickle.loads(bytes(blob))  # noqa: S301
        except Exception:
            logger.exception("classifier model %s could not be loaded; keyword rules are used", key[0])
    with _cache_lock:
        _cache[kind] = _Loaded(key, pipeline)
    return pipeline


def _active_pipelines() -> dict[str, Any]:
    pipelines = {}
    for kind, key in _active_keys().items():
        pipeline = _load(kind, key)
        if pipeline is not None:
            pipelines[kind] = pipeline
    return pipelines


def _classify(pipeline: Any, text: str, active: set[str]) -> dict[str, Any] | None:
    features = pipeline[:-1].transform([text])
    if not features.nnz:
        return None  # not one word the model knows: its answer would be the class priors
    probabilities = pipeline[-1].predict_proba(features)[0]
    ranked = sorted(zip(pipeline.classes_, probabilities, strict=True), key=lambda cp: -cp[1])
    for code, probability in ranked:
        if code in active:
            return {"code": str(code), "confidence": round(float(probability), 3), "method": "classifier"}
    return None


def _keywords(text: str, categories: list[tuple[str, list[str]]]) -> dict[str, Any] | None:
    """Keyword rules: the category with most keywords found in the text. Confidence grows
    with the hits (0.5 for one, at most 0.9) and shrinks with the other categories' hits."""
    folded = text.casefold()
    hits = {code: sum(1 for w in words if w.casefold() in folded) for code, words in categories}
    total = sum(hits.values())
    if not total:
        return None
    best = max(hits.values())
    code = next(c for c, n in hits.items() if n == best)  # ties: the first in the admin's order
    confidence = min(0.9, 0.4 + 0.1 * best) * best / total
    return {"code": code, "confidence": round(confidence, 3), "method": "keywords"}


def _active_categories() -> dict[str, list[tuple[str, list[str]]]]:
    from qualitycity.complaints.models import Category

    result: dict[str, list[tuple[str, list[str]]]] = {kind: [] for kind in KINDS}
    rows = Category.objects.filter(is_active=True).order_by("kind", "order", "code")
    for kind, code, keywords in rows.values_list("kind", "code", "keywords"):
        result.setdefault(kind, []).append((code, _split_keywords(keywords)))
    return result


def suggest(text: str) -> dict[str, Any]:
    """The suggested category of each taxonomy for a case's text:
    {"object": {"code", "confidence", "method"}, "nature": {…}}; method is "classifier" or
    "keywords", confidence lies between 0 and 1. A taxonomy with nothing to suggest is left
    out. Never raises on odd text: a model that fails falls back to the keyword rules."""
    text = str(text or "")
    categories = _active_categories()
    try:
        pipelines = _active_pipelines() if text.strip() else {}
    except Exception:
        logger.exception("classifier models could not be read; keyword rules are used")
        pipelines = {}
    result: dict[str, Any] = {}
    for kind in KINDS:
        entries = categories.get(kind, [])
        suggestion = None
        pipeline = pipelines.get(kind)
        if pipeline is not None:
            try:
                suggestion = _classify(pipeline, text, {code for code, _words in entries})
            except Exception:
                logger.exception("the %s classifier failed on a text; keyword rules are used", kind)
        if suggestion is None:
            suggestion = _keywords(text, entries)
        if suggestion is not None:
            result[kind] = suggestion
    return result


# --- labelled data ------------------------------------------------------------------------------


def _label_lookup(kind: str) -> dict[str, str]:
    """Category code, name and "parent·name" (each case-folded) → code, for one taxonomy."""
    from qualitycity.complaints.models import Category

    lookup: dict[str, str] = {}
    for category in Category.objects.filter(kind=kind).select_related("parent"):
        for key in (category.name, str(category), category.code):
            lookup[key.strip().casefold()] = category.code
    return lookup


def _check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValidationError(
            _("Unknown taxonomy {kind}: use one of {kinds}.").format(kind=kind, kinds=", ".join(KINDS))
        )
    return kind


def _find_column(headers: list[str], wanted: str, filename: str) -> str:
    for header in headers:
        if header.casefold() == wanted.strip().casefold():
            return header
    raise ValidationError(
        _("The file {filename} has no column “{column}”; its columns are: {columns}.").format(
            filename=filename, column=wanted, columns="、".join(headers)
        )
    )


def read_labelled_file(
    path: str | Path, text_column: str | Sequence[str], label_column: str, kind: str
) -> tuple[list[str], list[str]]:
    """Texts and category codes from a CSV (UTF-8, UTF-8 with BOM or GBK) or Excel file.

    `text_column` names one column or several (joined with a space, e.g. subject, facts and
    request); labels may be category codes, names or "parent·name". Refuses, naming the
    column or the rows, a missing column, an empty file, an empty text or label and a label
    that is no category of the taxonomy."""
    from qualitycity.core.spreadsheets import SpreadsheetError, read_table

    _check_kind(kind)
    path = Path(path)
    filename = path.name
    text_columns = [text_column] if isinstance(text_column, str) else list(text_column)
    if not text_columns:
        raise ValidationError(_("Name the column that holds the text."))
    lookup = _label_lookup(kind)
    texts: list[str] = []
    labels: list[str] = []
    errors: list[str] = []
    try:
        with read_table(path, filename=filename) as table:
            text_headers = [_find_column(table.headers, c, filename) for c in text_columns]
            label_header = _find_column(table.headers, label_column, filename)
            for row in table:
                values = row.as_dict()
                text = " ".join(str(values[h]) for h in text_headers if values[h] is not None).strip()
                raw_label = values[label_header]
                label = str(raw_label).strip() if raw_label is not None else ""
                if not text:
                    errors.append(
                        _("Row {row}, column {column} ({header}): the text is empty.").format(
                            row=row.number, column=table.column_of(text_headers[0]), header=text_headers[0]
                        )
                    )
                elif not label:
                    errors.append(
                        _("Row {row}, column {column} ({header}): the category is empty.").format(
                            row=row.number, column=table.column_of(label_header), header=label_header
                        )
                    )
                elif label.casefold() not in lookup:
                    errors.append(
                        _(
                            "Row {row}, column {column} ({header}): “{label}” is no category of {taxonomy}."
                        ).format(
                            row=row.number,
                            column=table.column_of(label_header),
                            header=label_header,
                            label=label,
                            taxonomy=CategoryKind(kind).label,
                        )
                    )
                else:
                    texts.append(text)
                    labels.append(lookup[label.casefold()])
                if len(errors) >= MAX_ROW_ERRORS:
                    errors.append(_("… and possibly more; correct these rows first."))
                    break
    except SpreadsheetError as exc:
        from qualitycity.core.generic.importing import spreadsheet_message

        raise ValidationError(spreadsheet_message(exc)) from exc
    if errors:
        raise ValidationError(errors)
    if not texts:
        raise ValidationError(_("The file {filename} has no data rows.").format(filename=filename))
    return texts, labels


# --- training -----------------------------------------------------------------------------------


@dataclass
class TrainingReport:
    """What a training run did: the samples and categories it learnt from, the categories it
    left out for too few samples, the held-out scores and the time the stored model took."""

    kind: str
    samples: int
    labels: list[str]
    accuracy: float
    macro_f1: float
    training_seconds: float
    skipped: dict[str, int] = field(default_factory=dict)
    model: Any = None  # the stored ClassifierModel; None when nothing was stored


@dataclass
class Evaluation:
    """Scores on a labelled file: of the active model, of the keyword rules when no model is
    active (`method` "keywords"), or of a model trained on 4/5 of the file (`holdout`)."""

    kind: str
    samples: int
    accuracy: float
    macro_f1: float
    method: str
    model_id: int | None = None
    training_seconds: float | None = None


def _usable(kind: str, texts: list[str], labels: list[str]) -> tuple[list[str], list[str], dict[str, int]]:
    """Drops the categories with too few samples; refuses when too little is left."""
    counts = Counter(labels)
    per_category = min_per_category()
    skipped = {label: n for label, n in sorted(counts.items()) if n < per_category}
    keep = [i for i, label in enumerate(labels) if label not in skipped]
    kept_labels = {labels[i] for i in keep}
    if len(keep) < min_samples() or len(kept_labels) < 2:
        raise ValidationError(
            _(
                "Too few samples to train the classifier of {taxonomy}: {samples} usable in "
                "{categories} categories, but at least {minimum} are needed in two or more "
                "categories with {per_category} or more each. The keyword rules stay in use."
            ).format(
                taxonomy=CategoryKind(kind).label,
                samples=len(keep),
                categories=len(kept_labels),
                minimum=min_samples(),
                per_category=per_category,
            )
        )
    return [texts[i] for i in keep], [labels[i] for i in keep], skipped


def fit_and_score(
    texts: Sequence[str], labels: Sequence[str], words: Sequence[str] = (), *, refit: bool = True
) -> tuple[Any, float, float, float]:
    """(pipeline, accuracy, macro-F1, seconds). Cuts the texts once; trains on a stratified,
    seeded 4/5 and scores the other fifth; with `refit`, trains the returned pipeline on all
    the samples (the seconds are that training's), else returns the 4/5 one."""
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import train_test_split

    tokens = build_pipeline(words)[0].transform(texts)
    indices = list(range(len(labels)))
    train_idx, test_idx = train_test_split(indices, test_size=HOLDOUT, stratify=labels, random_state=SEED)
    pipeline = build_pipeline(words)
    started = time.perf_counter()
    pipeline[1:].fit([tokens[i] for i in train_idx], [labels[i] for i in train_idx])
    seconds = time.perf_counter() - started
    predicted = pipeline[1:].predict([tokens[i] for i in test_idx])
    expected = [labels[i] for i in test_idx]
    accuracy = float(accuracy_score(expected, predicted))
    macro_f1 = float(f1_score(expected, predicted, average="macro", zero_division=0))
    if refit:
        pipeline = build_pipeline(words)
        started = time.perf_counter()
        pipeline[1:].fit(tokens, list(labels))
        seconds = time.perf_counter() - started
    # The terms dropped by min_df are kept only for inspection; they would double the blob.
    tfidf = pipeline.named_steps["tfidf"]
    if hasattr(tfidf, "stop_words_"):
        del tfidf.stop_words_
    return pipeline, accuracy, macro_f1, seconds


def _train(kind: str, texts: list[str], labels: list[str], *, source: str, actor: Any) -> TrainingReport:
    from qualitycity.complaints.models import ClassifierModel
    from qualitycity.core import audit
    from qualitycity.core.choices import AuditAction

    texts, labels, skipped = _usable(kind, texts, labels)
    pipeline, accuracy, macro_f1, seconds = fit_and_score(texts, labels, _category_words())
    blob = pickle.dumps(pipeline, protocol=pickle.HIGHEST_PROTOCOL)
    learnt = sorted(set(labels))
    with transaction.atomic():
        ClassifierModel.objects.filter(kind=kind, is_active=True).update(is_active=False)
        model = ClassifierModel.objects.create(
            kind=kind,
            trained_at=timezone.now(),
            source=source[:200],
            samples=len(labels),
            labels=learnt,
            accuracy=round(accuracy, 4),
            macro_f1=round(macro_f1, 4),
            training_seconds=round(seconds, 3),
            blob=blob,
            is_active=True,
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            obj=model,
            message=f"classifier trained on {source[:150]}",
            extra={"samples": len(labels), "accuracy": model.accuracy, "macro_f1": model.macro_f1},
        )
    return TrainingReport(
        kind=kind,
        samples=len(labels),
        labels=learnt,
        accuracy=accuracy,
        macro_f1=macro_f1,
        training_seconds=seconds,
        skipped=skipped,
        model=model,
    )


def case_samples(kind: str) -> tuple[list[str], list[str]]:
    """Texts and confirmed category codes of the closed cases (the text as intake builds it)."""
    from qualitycity.complaints.models import ComplaintCase

    _check_kind(kind)
    column = "object_category" if kind == CategoryKind.OBJECT else "problem_category"
    rows = ComplaintCase.objects.filter(
        status=CaseStatus.CLOSED, classification_confirmed=True, **{f"{column}__isnull": False}
    ).values_list(*CASE_TEXT_FIELDS, f"{column}__code")
    texts, labels = [], []
    for *parts, code in rows.iterator(chunk_size=2000):
        texts.append(" ".join(str(p) for p in parts))
        labels.append(code)
    return texts, labels


def train_from_cases(kind: str, *, actor: Any = None) -> TrainingReport:
    """Train the classifier of a taxonomy on the closed cases whose classification staff
    confirmed. Raises a ValidationError (the keyword rules stay) when there are too few."""
    texts, labels = case_samples(kind)
    return _train(kind, texts, labels, source=_("closed cases"), actor=actor)


def train_from_file(
    path: str | Path,
    text_column: str | Sequence[str],
    label_column: str,
    kind: str = CategoryKind.OBJECT,
    *,
    actor: Any = None,
) -> TrainingReport:
    """Train the classifier of a taxonomy on a labelled file (see `read_labelled_file`)."""
    texts, labels = read_labelled_file(path, text_column, label_column, kind)
    return _train(kind, texts, labels, source=Path(path).name, actor=actor)


def _scores(expected: Sequence[str], predicted: Sequence[str]) -> tuple[float, float]:
    from sklearn.metrics import accuracy_score, f1_score

    return (
        float(accuracy_score(expected, predicted)),
        float(f1_score(expected, predicted, average="macro", zero_division=0)),
    )


def evaluate_file(
    path: str | Path,
    text_column: str | Sequence[str],
    label_column: str,
    kind: str = CategoryKind.OBJECT,
    *,
    holdout: bool = False,
) -> Evaluation:
    """Accuracy and macro-F1 on a labelled file: of the active model of the taxonomy (of the
    keyword rules when none is active), or with `holdout` of a model trained on a stratified
    4/5 of the file and scored on the rest (nothing is stored)."""
    texts, labels = read_labelled_file(path, text_column, label_column, kind)
    if holdout:
        texts, labels, _skipped = _usable(kind, texts, labels)
        _pipeline, accuracy, macro_f1, seconds = fit_and_score(texts, labels, _category_words(), refit=False)
        return Evaluation(
            kind=kind,
            samples=len(labels),
            accuracy=accuracy,
            macro_f1=macro_f1,
            method="holdout",
            training_seconds=seconds,
        )
    key = _active_keys().get(kind)
    pipeline = _load(kind, key) if key else None
    if pipeline is not None and key is not None:
        accuracy, macro_f1 = _scores(labels, [str(p) for p in pipeline.predict(texts)])
        return Evaluation(kind, len(labels), accuracy, macro_f1, method="classifier", model_id=key[0])
    entries = _active_categories().get(kind, [])
    predicted = [(_keywords(text, entries) or {}).get("code", "") for text in texts]
    accuracy, macro_f1 = _scores(labels, predicted)
    return Evaluation(kind, len(labels), accuracy, macro_f1, method="keywords")
