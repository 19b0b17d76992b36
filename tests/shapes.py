"""Tiny publications of every shape, written into a temporary folder (tests/test_shapes.py builds them).

``write_shape`` writes a publication.yaml, a few chapters per language (text from the sample, so from
the seeds), optionally a data file and a chart, and the project's templates; translated chapters are
marked as translations of the current source (``publisher status --mark``), as an editor would.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import ROOT

from publisher.load.config import load_publication
from publisher.text.status import mark

TITLES = {
    "en": ("Study visit", "The visit", "Training"),
    "tr": ("Çalışma ziyareti", "Ziyaret", "Eğitim"),
    "it": ("Visita di studio", "La visita", "Formazione"),
}
PARAGRAPHS = {
    "en": (
        "Transferring good practices was at the heart of the project. The main occasion for it was the study "
        "visit to the Molise Region, organised by the Italian co-applicants.",
        "The first day opened with a welcome by the Mayor of Ripalimosani and a city councillor. Each co-applicant "
        "then presented the services of its organisation.",
        "The training days introduced the Protection System for Asylum Seekers and Refugees (SPRAR), a network of "
        "local authorities which carry out integrated reception projects.",
    ),
    "tr": (
        "İyi uygulamaların aktarılması projenin merkezindeydi. Bunun başlıca fırsatı, İtalyan eş başvuru "
        "sahiplerinin düzenlediği Molise Bölgesi çalışma ziyaretiydi.",
        "İlk gün Ripalimosani Belediye Başkanı ve bir belediye meclis üyesinin karşılamasıyla açıldı.",
        "Eğitim günlerinde Sığınmacılar ve Mülteciler için Koruma Sistemi (SPRAR) tanıtıldı.",
    ),
    "it": (
        "Il trasferimento di buone pratiche era al centro del progetto. L’occasione principale è stata la visita "
        "di studio nella regione Molise, organizzata dai co-richiedenti italiani.",
        "Il primo giorno si è aperto con il benvenuto del Sindaco di Ripalimosani e di un consigliere comunale.",
        "Le giornate di formazione hanno presentato il Sistema di protezione per richiedenti asilo e rifugiati "
        "(SPRAR).",
    ),
}
DATA = "# The study visit (content/data/activities.yaml of the sample).\ninstitutional_days: 2\ntraining_days: 2\n"
CHART = """\
kind: donut
title: {en: "Days of the study visit", tr: "Çalışma ziyaretinin günleri", it: "Giorni della visita di studio"}
source: {en: "Source: project activity report.", tr: "Kaynak: Proje faaliyet raporu.", it: "Fonte: rapporto."}
categories:
  - {en: Institutional visits, tr: Kurumsal ziyaretler, it: Visite istituzionali}
  - {en: Training, tr: Eğitim, it: Formazione}
series:
  - name: {en: Days, tr: Gün, it: Giorni}
    values: [data.visit.institutional_days, data.visit.training_days]
"""


def _only(text: str, languages: tuple[str, ...]) -> str:
    """Keep the ``{en: …, tr: …, it: …}`` entries of ``languages`` in the chart spec's lines."""
    import re

    def keep(match: re.Match[str]) -> str:
        parts = [p.strip() for p in re.split(r",\s*(?=[a-z]{2}:)", match.group(1))]
        return "{" + ", ".join(p for p in parts if p[:2] in languages) + "}"

    return re.sub(r"\{((?:[a-z]{2}: [^{}]*?)(?:, [a-z]{2}: [^{}]*?)*)\}", keep, text)


def write_shape(
    root: Path,
    *,
    languages: tuple[str, ...] = ("en", "tr", "it"),
    print_settings: str = "print: {trim: A5, binding: saddle-stitch}\n",
    chapters: int = 3,
    paragraphs: int = 2,
    charts: bool = True,
) -> Path:
    """A one-document publication of the given shape; returns ``root``.

    ``paragraphs``: how many times each chapter repeats the sample's paragraphs (a longer book).
    ``charts``: a data file and a chart drawn from it, shown in the first chapter; without, the
    publication has no ``content/data`` and no ``figures`` folder at all.
    """
    root.mkdir(parents=True)
    titles = ", ".join(f"{lang}: {TITLES[lang][0]}" for lang in languages)
    runs = ", ".join(f"{lang}: {10 * (i + 1)}" for i, lang in enumerate(languages))
    (root / "publication.yaml").write_text(
        f"title: {{{titles}}}\nlanguages: [{', '.join(languages)}]\ndate: 2020-01-06\n"
        f"documents:\n  - id: visit\n    title: {{{titles}}}\n    print_runs: {{{runs}}}\n" + print_settings,
        encoding="utf-8",
    )
    if (ROOT / "templates").is_dir():  # the sample's overrides of the built-in theme, if it has any
        shutil.copytree(ROOT / "templates", root / "templates")
    if charts:
        (root / "content" / "data").mkdir(parents=True)
        (root / "content" / "data" / "visit.yaml").write_text(DATA, encoding="utf-8")
        (root / "figures").mkdir()
        (root / "figures" / "days.yaml").write_text(_only(CHART, languages), encoding="utf-8")
    for lang in languages:
        folder = root / "content" / lang / "visit"
        folder.mkdir(parents=True)
        for number in range(1, chapters + 1):
            title = TITLES[lang][(number - 1) % 3]
            body = "\n\n".join(PARAGRAPHS[lang] * paragraphs)
            figure = "\n\n![Days of the study visit](figure:days)\n" if charts and number == 1 else "\n"
            (folder / f"{number:02d}-part-{number}.md").write_text(
                f"---\ntitle: {title} {number}\n---\n\n{body}{figure}", encoding="utf-8"
            )
    publication = load_publication(root)
    for lang in languages[1:]:
        for path in sorted((root / "content" / lang / "visit").glob("*.md")):
            mark(publication, path)
    return root
