"""``sitemap.xml``: every page of the web edition, with its language versions (when ``base_url`` is set)."""

from __future__ import annotations

from html import escape

from publisher.html.paths import chapter_path, index_path, search_path, statement_path
from publisher.load.config import Publication


def sitemap(publication: Publication, available: dict[tuple[str, str], list[str]]) -> str:
    """``sitemap.xml``: every page, with its language versions as ``xhtml:link`` alternates."""
    groups: list[dict[str, str]] = [{publication.source_language: "index.html"}]
    groups.append({lang: f"{lang}/index.html" for lang in publication.languages})
    for page in (search_path, statement_path):
        groups.append({lang: page(lang) for lang in publication.languages if any(o == lang for _, o in available)})
    for document in publication.documents:
        langs = [lang for lang in document.languages if (document.id, lang) in available]
        groups.append({lang: index_path(lang, document.id) for lang in langs})
        slugs = sorted({slug for lang in langs for slug in available[(document.id, lang)]})
        for slug in slugs:
            groups.append(
                {
                    lang: chapter_path(lang, document.id, slug)
                    for lang in langs
                    if slug in available[(document.id, lang)]
                }
            )
    base = publication.base_url
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
    ]
    for group in groups:
        for path in group.values():
            lines.append(f"  <url><loc>{escape(f'{base}/{path}')}</loc>")
            if len(group) > 1:
                for lang, other in group.items():
                    lines.append(
                        f'    <xhtml:link rel="alternate" hreflang="{lang}" href="{escape(f"{base}/{other}")}"/>'
                    )
                source = group.get(publication.source_language)
                if source:
                    lines.append(
                        f'    <xhtml:link rel="alternate" hreflang="x-default" href="{escape(f"{base}/{source}")}"/>'
                    )
            lines.append("  </url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"
