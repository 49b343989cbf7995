"""Render a parsed page to HTML once, at sync: Markdown, code highlighting, the page's blocks.

The output is stored and served as is, so everything here must be safe to put in a page:
raw HTML in Markdown is off, and every text from a block is escaped.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from sysdojo.core.content.executable import (
    Evaluation,
    design_section_html,
    estimate_section_html,
    executable_evaluate,
)
from sysdojo.core.content.model import DataBlock, Flashcard, Page, QuizQuestion
from sysdojo.core.content.parse import PAGE_LINK, markdown_parser, slugify
from sysdojo.core.estimate import estimate_render

UrlFor = Callable[[str], str]

_FORMATTER = HtmlFormatter(cssclass="sd-code", wrapcode=True)


@dataclass(frozen=True)
class TocEntry:
    level: int
    title: str
    anchor: str


@dataclass(frozen=True)
class RenderedPage:
    html: str
    toc: tuple[TocEntry, ...]
    text: str  # plain text of the body, for the search index
    headings: str  # the section titles, space separated, for the search index


@dataclass(frozen=True)
class RenderContext:
    """What rendering needs to know about the rest of the curriculum."""

    url_for: UrlFor
    titles: Mapping[str, str]
    written: frozenset[str]


def pygments_css() -> str:
    css: str = _FORMATTER.get_style_defs(".sd-code")  # type: ignore[no-untyped-call]
    return css


def _highlight(code: str, language: str) -> str:
    try:
        lexer = get_lexer_by_name(language) if language else None
    except ClassNotFound:
        lexer = None
    if lexer is None:
        return f'<div class="sd-code"><pre><code>{html.escape(code)}</code></pre></div>\n'
    highlighted: str = highlight(code, lexer, _FORMATTER)
    return highlighted


class _Renderer(RendererHTML):
    """markdown-it's HTML renderer with our fences, heading ids and page links."""

    def __init__(self, page: Page, context: RenderContext) -> None:
        super().__init__()
        self.page = page
        self.context = context
        self.evaluation: Evaluation | None = None
        self.anchors: list[TocEntry] = []
        self._seen: set[str] = set()

    def heading_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        if token.tag in ("h2", "h3"):
            title = tokens[idx + 1].content.strip()
            anchor = slugify(title)
            while anchor in self._seen:
                anchor += "-2"
            self._seen.add(anchor)
            token.attrSet("id", anchor)
            self.anchors.append(TocEntry(level=int(token.tag[1]), title=title, anchor=anchor))
        return self.renderToken(tokens, idx, options, env)

    def link_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        href = str(token.attrs.get("href", ""))
        match = PAGE_LINK.match(href)
        if match:
            target, anchor = match.group(1), match.group(2)
            token.attrSet("href", self.context.url_for(target) + (f"#{anchor}" if anchor else ""))
            if target not in self.context.written:
                token.attrSet("class", "sd-coming")
                token.attrSet("title", "coming: this page is not written yet")
        elif href.startswith(("http://", "https://")):
            token.attrSet("rel", "noopener noreferrer")
        return self.renderToken(tokens, idx, options, env)

    def fence(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        info = token.info.strip()
        block = next((b for b in self.page.blocks if b.kind == info), None)
        if block is not None:
            return _render_block(self.page, block, self.context, self.evaluation)
        return _highlight(token.content, info.split()[0] if info else "")


_INLINE = markdown_parser()


def inline_html(text: str) -> str:
    """Render one line of Markdown (a flashcard side, a quiz prompt) without a wrapping paragraph."""
    return str(_INLINE.renderInline(text))


def _flashcards_html(cards: Sequence[Flashcard]) -> str:
    items = "".join(
        f'<details class="sd-flashcard"><summary>{inline_html(c.question)}</summary>'
        f'<div class="sd-flashcard-answer">{inline_html(c.answer)}</div></details>'
        for c in cards
    )
    return f'<div class="sd-flashcards">{items}</div>\n'


def _question_html(page: Page, index: int, question: QuizQuestion) -> str:
    name = f"q{index}"
    if question.type == "numeric":
        unit = f' <span class="sd-unit">{html.escape(question.unit)}</span>' if question.unit else ""
        field = (
            f'<label class="sd-numeric">Your answer <input type="number" step="any" name="answer" '
            f'required inputmode="decimal">{unit}</label>'
        )
    else:
        kind = "radio" if question.type == "single" else "checkbox"
        field = "".join(
            f'<label class="sd-choice"><input type="{kind}" name="answer" value="{i}"> '
            f"{inline_html(choice)}</label>"
            for i, choice in enumerate(question.choices)
        )
    hint = " (choose all that apply)" if question.type == "multiple" else ""
    return (
        f'<form class="sd-quiz-question" method="post" data-page="{html.escape(page.id)}" '
        f'data-question="{index}" id="quiz-{name}">'
        f"<fieldset><legend>{index + 1}. {inline_html(question.prompt)}{hint}</legend>{field}</fieldset>"
        f'<button type="submit" class="sd-button">Check</button>'
        f'<div class="sd-quiz-feedback" aria-live="polite"></div></form>'
    )


def _quiz_html(page: Page, questions: Sequence[QuizQuestion]) -> str:
    body = "".join(_question_html(page, i, q) for i, q in enumerate(questions))
    return f'<div class="sd-quiz">{body}</div>\n'


def _stops_html(path: Page, context: RenderContext) -> str:
    stops = path.stops
    items = []
    for stop in stops:
        title = html.escape(context.titles.get(stop.page_id, stop.page_id))
        if stop.page_id in context.written:
            # The path travels with the link, so the lesson can offer this path's previous and next stop.
            href = f"{context.url_for(stop.page_id)}?path={path.id}"
            link = f'<a href="{html.escape(href)}">{title}</a>'
            status = ""
        else:
            link = f'<span class="sd-coming-title">{title}</span>'
            status = ' <span class="sd-badge sd-badge-coming">coming</span>'
        items.append(
            f'<li class="sd-stop" data-page="{html.escape(stop.page_id)}">{link}{status}'
            f' <span class="sd-minutes">{stop.minutes} min</span>'
            f'<p class="sd-why">{inline_html(stop.why)}</p></li>'
        )
    total = sum(s.minutes for s in stops)
    hours = f"{total / 60:.1f}".rstrip("0").rstrip(".")
    return (
        f'<p class="sd-stops-total">{len(stops)} stops, about {hours} hours in all.</p>'
        f'<ol class="sd-stops">{"".join(items)}</ol>\n'
    )


def _render_block(page: Page, block: DataBlock, context: RenderContext, evaluation: Evaluation | None) -> str:
    if block.kind == "flashcards":
        return _flashcards_html(page.flashcards)
    if block.kind == "quiz":
        return _quiz_html(page, page.quiz)
    if block.kind == "stops":
        return _stops_html(page, context)
    if block.kind in ("estimate", "architecture") and evaluation is not None:
        action = context.url_for(page.id) + "design"
        if block.kind == "estimate":
            return estimate_section_html(evaluation, action=action)
        return design_section_html(evaluation, action=action)
    return ""  # answer-key: read by the debrief, never shown


def _plain_text(tokens: Sequence[Token]) -> str:
    """The words a reader sees, without Markdown markup; quiz answers and answer keys stay out."""
    parts: list[str] = []
    for token in tokens:
        if token.type == "inline":
            parts.extend(c.content for c in token.children or () if c.type in ("text", "code_inline"))
        elif token.type in ("fence", "code_block") and token.info.strip() not in ("quiz", "answer-key"):
            parts.append(token.content)
    return " ".join(" ".join(parts).split())


def page_render(page: Page, context: RenderContext) -> RenderedPage:
    parser = markdown_parser()
    renderer = _Renderer(page, context)
    parser.renderer = renderer
    body = page.body
    # Evaluated once per page: the placeholders and both sections use the same figures.
    evaluation = executable_evaluate(page.executable, source=page.source) if page.executable else None
    renderer.evaluation = evaluation
    if evaluation is not None and evaluation.result is not None:
        # Prose says {{read_qps}}; the reader sees the computed figure, so text and math never disagree.
        body = estimate_render(body, evaluation.result, source=page.source, line_offset=page.body_line - 1)
    tokens = parser.parse(body)
    body_html = str(parser.renderer.render(tokens, parser.options, {}))
    toc = tuple(renderer.anchors)
    return RenderedPage(
        html=body_html,
        toc=toc,
        text=_plain_text(tokens),
        headings=" ".join(entry.title for entry in toc),
    )
