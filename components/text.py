"""Small text pieces shared by every component module."""

from __future__ import annotations

from dash import html


def quotation(text: str) -> html.Span:
    """The report's own words inside text of any language, marked as Chinese."""
    return html.Span(text, lang="zh-CN", className="quotation")
