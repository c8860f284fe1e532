"""How a layout marks up body blocks, and the small text helpers every layout shares."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from tests.support.sitegen.spec import ArticleSpec, Block


@dataclass(frozen=True)
class Markup:
    """How one layout marks up body blocks."""

    heading: str = "<h3>{}</h3>"
    paragraph: str = "<p>{}</p>"
    signoff_styles: dict[str, str] = field(
        default_factory=lambda: {
            "em": "<p><em>{}</em></p>",
            "plain": "<p>{}</p>",
            "strong": "<p><strong>{}</strong></p>",
        }
    )
    signoff_default: str = "em"
    lead_in: str = "<p><strong>{}</strong></p>"
    blockquote: str = "<blockquote><p>{}</p></blockquote>"
    rule: str = "<hr>"
    list_open: str = "<ul>"
    list_close: str = "</ul>"
    list_item: str = "<li>{}</li>"
    caption: Callable[[str, str], str] = lambda text, src: (
        f'<figure><img src="{src}" alt="{text}"><figcaption>{text}</figcaption></figure>'
    )
    joiner: str = "\n"


MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def dmy(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def iso_with_offset(d: date, hour: int) -> str:
    """A UK local time as ISO 8601 (BST roughly April to October, good enough for fixtures)."""
    offset = "+01:00" if 4 <= d.month <= 10 else "+00:00"
    return f"{d.isoformat()}T{hour:02d}:00:00{offset}"


def esc(text: str) -> str:
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    return html.escape(text, quote=True)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "photo"


def _inline(block: Block) -> str:
    body = esc(block.text)
    if block.label:
        return f"<strong>{esc(block.label)}</strong> {body}"
    return body


def render_body(blocks: Iterable[Block], mk: Markup) -> str:
    """Body blocks in one layout's markup; consecutive list items share one list."""
    out: list[str] = []
    in_list = False
    pending_lead: str | None = None
    for block in blocks:
        if block.kind != "list_item" and in_list:
            out.append(mk.list_close)
            in_list = False
        if block.kind == "heading":
            out.append(mk.heading.format(esc(block.text)))
        elif block.kind == "paragraph":
            inner = _inline(block)
            if pending_lead is not None:
                inner = f"<strong>{pending_lead}</strong> {inner}"
                pending_lead = None
            out.append(mk.paragraph.format(inner))
        elif block.kind == "signoff":
            style = block.style or mk.signoff_default
            out.append(mk.signoff_styles[style].format(esc(block.text)))
        elif block.kind == "lead_in":
            if block.style == "inline":
                pending_lead = esc(block.text)
            else:
                out.append(mk.lead_in.format(esc(block.text)))
        elif block.kind == "caption":
            if block.style == "plain":
                out.append(mk.paragraph.format(esc(block.text)))
            else:
                src = f"/images/{_slug(block.text)}.jpg"
                out.append(mk.caption(attr(block.text), src))
        elif block.kind == "rule":
            out.append(mk.rule)
        elif block.kind == "list_item":
            if not in_list:
                out.append(mk.list_open)
                in_list = True
            out.append(mk.list_item.format(_inline(block)))
        elif block.kind == "blockquote":
            out.append(mk.blockquote.format(_inline(block)))
        if pending_lead is not None and block.kind not in ("lead_in",):
            raise ValueError("an inline lead_in must be followed by a paragraph")
    if in_list:
        out.append(mk.list_close)
    if pending_lead is not None:
        raise ValueError("an inline lead_in must be followed by a paragraph")
    return mk.joiner.join(out)


def charset_meta(spec: ArticleSpec, encoding: str, http_equiv: bool = False) -> str:
    declared = encoding if spec.meta_charset is True else spec.meta_charset
    if declared is False:
        return ""
    if http_equiv:
        return f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">'
    return f'<meta charset="{declared}">'
