"""Small text pieces shared by every component module."""

from __future__ import annotations

from dash import html

from i18n import HTML_LANG, t


def quotation(text: str) -> html.Span:
    """The report's own words inside text of any language, marked as Chinese."""
    return html.Span(text, lang="zh-CN", className="quotation")


def status_marker(fact, lang: str) -> html.Span | None:
    """ "待核 / unreviewed" beside a fact the extractor proposed and no editor has
    reviewed yet; None for a reviewed fact."""
    if fact.get("status", "reviewed") != "proposed":
        return None
    return html.Span(
        t("status.proposed", lang),
        className="status-proposed badge",
        lang=HTML_LANG[lang],
    )
