"""An article as its author wrote it (blocks, title, date, URL), independent of any site's markup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

BLOCK_KINDS: tuple[str, ...] = (
    "heading",
    "paragraph",
    "signoff",
    "caption",
    "rule",
    "list_item",
    "blockquote",
    "lead_in",
)


# Styles a block may ask for instead of its layout's usual markup.
#   signoff: "em" (<p><em>), "plain" (<p>), "strong" (<p><strong>)
#   caption: "plain" (the caption text as an ordinary paragraph, no caption markup at all)
#   lead_in: "inline" (bold lead-in run into the start of the next paragraph)
BLOCK_STYLES: dict[str, tuple[str, ...]] = {
    "signoff": ("em", "plain", "strong"),
    "caption": ("plain",),
    "lead_in": ("inline",),
}


@dataclass(frozen=True)
class Block:
    """One body block of an article spec.

    ``label`` is a bold run at the start of a paragraph or list item ("Coventry:").
    """

    kind: str
    text: str = ""
    label: str | None = None
    style: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")
        if self.style is not None and self.style not in BLOCK_STYLES.get(self.kind, ()):
            raise ValueError(f"block kind {self.kind!r} has no style {self.style!r}")


@dataclass(frozen=True)
class ArticleSpec:
    """An article as its author wrote it, independent of any site's markup.

    ``encoding`` None means the layout's usual encoding. ``meta_charset`` True declares the
    real encoding in the page, False declares none, a string declares that (possibly wrong)
    charset. ``bom`` prefixes a UTF-8 byte-order mark.
    """

    title: str
    url: str
    published: date | None
    blocks: tuple[Block, ...]
    byline: str | None = None
    canonical: str | None = None
    encoding: str | None = None
    meta_charset: str | bool = True
    bom: bool = False

    @property
    def canonical_url(self) -> str:
        return self.canonical or self.url


@dataclass(frozen=True)
class RenderedPage:
    """Bytes as a server would send them, with the Content-Type header it would send."""

    body: bytes
    content_type: str
    encoding: str
