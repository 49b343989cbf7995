"""Turning what users write into safe HTML."""

from __future__ import annotations

import nh3

from sysdojo.core.content.parse import markdown_parser

_PARSER = markdown_parser()
_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}


def note_html(text: str) -> str:
    """Notes are Markdown with raw HTML off, then sanitized: defence in depth for user input."""
    rendered = _PARSER.render(text)
    return str(
        nh3.clean(
            rendered,
            tags=_TAGS,
            attributes={"a": {"href", "title"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer nofollow",
        )
    )
