"""How much of each additional language is translated: information for `make check`, never an
error. Core languages are complete by the other checks (every text, every page)."""
from __future__ import annotations

from dataclasses import dataclass

from scripts.data.config import Settings
from scripts.data.records import Dataset, texts_in
from scripts.words.templating import missing_labels, own_labels, REFERENCE, translation_status


@dataclass(frozen=True)
class Coverage:
    lang: str
    name: str
    fallback: str
    status: str  # draft, reviewed or none (no label file yet)
    labels: tuple[int, int]  # (translated, of)
    texts: tuple[int, int]
    pages: tuple[int, int]

    def __str__(self) -> str:
        def part(done_of: tuple[int, int], what: str) -> str:
            done, of = done_of
            return f"{what} {done}/{of} ({100 * done // of if of else 100} %)"
        return (f"{self.lang} ({self.name}, {self.status}): " + ", ".join(
            (part(self.labels, "words"), part(self.texts, "data texts"), part(self.pages, "pages")))
            + f"; the rest is shown in {self.fallback}")


def coverage(settings: Settings, data: Dataset | None, pages: dict) -> list[Coverage]:
    """One line per additional language. pages: {page name: {lang: Page}} (checks/content.py)."""
    texts = list(texts_in([*data.hotlines, *data.sites, *data.spoken_languages.values()])) if data else []
    reference = len(own_labels(REFERENCE))
    out = []
    for lang in settings.additional_languages:
        out.append(Coverage(
            lang=lang, name=settings.language_names[lang], fallback=settings.fallback(lang),
            status=translation_status(lang)["status"],
            labels=(reference - len(missing_labels(lang)), reference),
            texts=(sum(t.translated(lang) for t in texts), len(texts)),
            pages=(sum(lang in twins for twins in pages.values()), len(pages))))
    return out
