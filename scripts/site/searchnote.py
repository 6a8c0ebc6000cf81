"""Search in each language. The theme's search (mkdocs-material, lunr.js) knows a language when
lunr has words for it (lunr-languages: stop words, and for Japanese its word splitter); the i18n
plugin lists every such language of mkdocs.yml in the search plugin's `lang`, and builds one index
for all of them. A page in a language it does not know (Uyghur) says in its search dialog how to
find things instead (overrides/partials/search.html, label `search_unsupported`)."""
from __future__ import annotations

from pathlib import Path

import material

from scripts.data.config import Settings
from scripts.words.templating import labels


# lunr's words for each language the theme ships (lunr.<code>.min.js); English is lunr's own.
LUNR = Path(material.__file__).resolve().parent / "templates" / "assets" / "javascripts" / "lunr" / "min"


def search_languages(settings: Settings) -> tuple[str, ...]:
    """The configured languages the theme's search knows. The i18n plugin (reconfigure_search)
    lists the same ones in the search plugin's `lang`, while it builds: read from the theme's
    files here, the answer does not depend on which language is being built."""
    return tuple(lang for lang in settings.languages if lang == "en" or (LUNR / f"lunr.{lang}.min.js").exists())


def search_notes(settings: Settings, known: tuple[str, ...]) -> dict[str, str]:
    """{language: what its search dialog says} for each configured language search does not know."""
    return {lang: labels(lang)["search_unsupported"].format(language=settings.language_names[lang])
            for lang in settings.languages if lang not in known}
