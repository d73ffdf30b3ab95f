"""Complaint classifier: accuracy, macro-F1 and training time on generated complaint texts.

Setup (not timed): N complaints and tip-offs from `complaints.texts.generate` (seeded; N by
BENCH_SCALE), as intake joins them (subject, facts, request). For each taxonomy (object,
nature) a stratified, seeded 4/5 trains and the other fifth is held out, exactly as
`qcity complaints classifier train` measures a model (`classifier.fit_and_score`).
Value: held-out accuracy and macro-F1, and the training time: jieba cutting the texts once
plus fitting TF-IDF and the calibrated linear SVM on the 4/5.
Baselines, same run, same split: a majority-class predictor's accuracy and macro-F1, the
keyword rules that suggest while no model is trained, and the time jieba alone takes to cut
all N texts (the floor under any jieba-based training).

Run alone without writing docs/benchmarks.md: `python bench/bench_classifier.py [scale]`."""

from __future__ import annotations

import random
import time
from collections import Counter
from typing import Any

SIZES = {"tiny": 2_000, "city": 20_000, "province": 60_000}
SEED = 2026


def _texts(n: int) -> list[dict[str, Any]]:
    from qualitycity.complaints.texts import generate

    rng = random.Random(SEED)
    return [generate(rng, kind="tip_off" if rng.random() < 0.15 else "complaint") for _ in range(n)]


def run(scale: str) -> list[dict[str, Any]]:
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import train_test_split

    from qualitycity.complaints import classifier

    n = SIZES.get(scale, SIZES["city"])
    samples = _texts(n)
    texts = [f"{s['subject']} {s['facts']} {s['request']}" for s in samples]
    jieba = classifier._jieba()  # initialised outside the timings
    jieba.lcut("预热")
    started = time.perf_counter()
    for text in texts:
        jieba.lcut(text)
    cut_seconds = time.perf_counter() - started
    categories = classifier._active_categories()

    results = []
    for kind in classifier.KINDS:
        labels = [s[f"{kind}_code"] for s in samples]
        started = time.perf_counter()
        _pipeline, accuracy, macro_f1, fit_seconds = classifier.fit_and_score(
            texts, labels, classifier._category_words(), refit=False
        )
        total_seconds = time.perf_counter() - started
        # The same split fit_and_score made, for the baselines.
        train_idx, test_idx = train_test_split(
            list(range(n)), test_size=classifier.HOLDOUT, stratify=labels, random_state=classifier.SEED
        )
        expected = [labels[i] for i in test_idx]
        majority = Counter(labels[i] for i in train_idx).most_common(1)[0][0]
        majority_pred = [majority] * len(expected)
        keyword_pred = [
            (classifier._keywords(texts[i], categories[kind]) or {}).get("code", "") for i in test_idx
        ]
        results.append(
            {
                "name": f"complaint classifier, {kind} ({len(set(labels))} categories)",
                "scale": f"{scale} ({n:,} generated texts; 4/5 train, 1/5 held out)",
                "value": (
                    f"accuracy {accuracy:.3f}, macro-F1 {macro_f1:.3f}; training {total_seconds:.1f} s "
                    f"(fit {fit_seconds:.1f} s)"
                ),
                "baseline": (
                    f"majority class ({majority}): accuracy {accuracy_score(expected, majority_pred):.3f}, "
                    f"macro-F1 {f1_score(expected, majority_pred, average='macro', zero_division=0):.3f}; "
                    f"keyword rules: accuracy {accuracy_score(expected, keyword_pred):.3f}, "
                    f"macro-F1 {f1_score(expected, keyword_pred, average='macro', zero_division=0):.3f}; "
                    f"jieba cutting all {n:,} texts: {cut_seconds:.1f} s"
                ),
                "ratio": f"training {total_seconds / cut_seconds:.2f}× jieba cutting",
            }
        )
    return results


if __name__ == "__main__":
    import sys
    import tempfile

    from run import setup_django

    with tempfile.TemporaryDirectory(prefix="qcity-bench-") as var_dir:
        setup_django(var_dir)
        for row in run(sys.argv[1] if len(sys.argv) > 1 else "tiny"):
            print(" | ".join(str(row[k]) for k in ("name", "scale", "value", "baseline", "ratio")))
