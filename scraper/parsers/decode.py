"""Bytes to text: the one place that decides a page's character encoding.

Pages arrive with every kind of encoding story: an HTTP ``charset``, a ``<meta charset>``, a
byte-order mark, windows-1252 blogs, and declarations that are simply wrong (a page that says
UTF-8 but was saved as windows-1252, or says ISO-8859-1 but holds UTF-8). Curly quotes, £ and
accents must come out right in every case, so we decide here, once, and hand lxml text rather
than letting each layer guess again.
"""

from __future__ import annotations

import codecs
import re

# A BOM is the strongest evidence there is: it wins over any declaration.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
# <meta charset="x"> and <meta http-equiv="Content-Type" content="text/html; charset=x">;
# browsers only look at the first 1024 bytes, we allow a little more for long heads.
_META_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_SNIFF_BYTES = 4096

# WHATWG: these labels all mean windows-1252 in a browser, and the bytes 0x80-0x9F of real
# pages labelled Latin-1 are nearly always Windows punctuation (curly quotes, dashes).
_AS_CP1252 = frozenset(
    {
        "iso-8859-1",
        "iso8859-1",
        "latin-1",
        "latin1",
        "l1",
        "us-ascii",
        "ascii",
        "cp1252",
        "windows-1252",
        "x-cp1252",
        "iso_8859-1",
        "cp819",
        "ibm819",
    }
)
# Multi-byte UTF-8 lead/continuation pairs: evidence that bytes declared as a single-byte
# charset are really UTF-8 (mis-declared pages).
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")


# Magic numbers of binary formats that servers label text/html (an image handler's error
# page, a download behind an article URL): such a body is no page at all.
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"RIFF", "a RIFF file (WebP, WAV, AVI)"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"\x7fELF", "a program"),
    (b"OggS", "Ogg media"),
    (b"ID3", "an MP3 file"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"\x00\x00\x01\x00", "an icon"),
)
# Control bytes no text has (tab, newlines and form feed are text).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\r\x0b\x0c")
# A body whose first bytes are more than this share of control bytes is binary data.
_MAX_CONTROL_SHARE = 0.05


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` for a UTF-16 page without a byte-order mark (markup is mostly
    ASCII, so every other byte is NUL), else None."""
    sample = data[:_SNIFF_BYTES]
    half = len(sample) // 2
    if half < 32:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd > 0.4 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.4 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def binary_kind(data: bytes) -> str | None:
    """What a body that is no text is ("a PNG image", "binary data"), or None for text
    (in any encoding this module reads, UTF-16 and UTF-32 included)."""
    for magic, kind in _BINARY_MAGIC:
        if data.startswith(magic):
            return kind
    if any(data.startswith(bom) for bom, _ in _BOMS) or _utf16_without_bom(data):
        return None
    sample = data[:_SNIFF_BYTES]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if sample and controls > _MAX_CONTROL_SHARE * len(sample):
        return "binary data (control bytes)"
    return None


def _canonical(label: str) -> str | None:
    """A Python codec name for a declared label, or None when the label is unknown."""
    low = label.strip().strip("\"'").lower()
    if low in _AS_CP1252:
        return "windows-1252"
    try:
        name = codecs.lookup(low).name
    except LookupError:
        return None
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "windows-1252"
    # A page cannot really be UTF-16 without a BOM once it has been read as ASCII-compatible.
    if name.startswith("utf-16") or name.startswith("utf-32"):
        return "utf-8"
    return name


def declared_encoding(data: bytes, content_type: str | None) -> str | None:
    """The encoding the page claims: HTTP header first, then ``<meta>``."""
    if content_type:
        m = _HTTP_CHARSET.search(content_type)
        if m:
            enc = _canonical(m.group(1))
            if enc:
                return enc
    found = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if found:
        return _canonical(found.group(1).decode("ascii", "replace"))
    return None


# Bytes that, read as windows-1252, are no character of real text: undefined there (0x81,
# 0x8D, 0x8F, 0x90, 0x9D) or the halves of a byte-order mark (þ, ÿ). A page that is not UTF-8
# only because of such bytes is UTF-8 with some junk, not a windows-1252 page.
_NOT_CP1252_TEXT = frozenset(b"\x81\x8d\x8f\x90\x9d\xfe\xff")
# A page with at least this many valid multi-byte UTF-8 characters per invalid byte is UTF-8
# with some bad bytes (each replaced alone), not windows-1252 (where a valid pair is chance).
_UTF8_PER_BAD_BYTE = 0.25
_ESCAPED = re.compile("[\udc80-\udcff]")


def _utf8_or_cp1252(data: bytes) -> str:
    """Bytes that are not valid UTF-8: UTF-8 with each bad byte replaced by U+FFFD when the
    rest says UTF-8 (multi-byte characters, or bad bytes no windows-1252 text has), else
    windows-1252. Why per byte: a stray or truncated byte must cost one character, never
    turn the whole page into mojibake, nor glue a letter (ÿ, Ã) onto the word before it,
    which hides the sentence's end and a sign-off and so merges reports."""
    escaped = data.decode("utf-8", "surrogateescape")
    bad = [ord(c) - 0xDC00 for c in _ESCAPED.findall(escaped)]
    good = sum(1 for c in escaped if c > "\x7f") - len(bad)
    if (good and good >= len(bad) * _UTF8_PER_BAD_BYTE) or any(b in _NOT_CP1252_TEXT for b in bad):
        return _ESCAPED.sub("\ufffd", escaped)
    return data.decode("windows-1252", "replace")


def _utf8(data: bytes) -> str | None:
    """The bytes read as UTF-8, or None when they are not UTF-8 (decoded once: a page is
    tens of kilobytes and this runs on every parse)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode page bytes to text, trusting evidence in the order BOM > UTF-16 by its bytes >
    valid declaration >
    UTF-8 validity > windows-1252. A declaration the bytes contradict is overruled: UTF-8
    that does not decode falls back to windows-1252 unless the rest of it is UTF-8 (then each
    bad byte is replaced alone, :func:`_utf8_or_cp1252`), and a single-byte declaration over bytes
    that are valid UTF-8 with multi-byte sequences is read as UTF-8.

    The parser hands BeautifulSoup this text, never bytes, so no encoding is guessed twice
    (bs4 runs its own detection only on bytes)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, "replace")
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:  # whatever it is labelled: its bytes say so
        return data.decode(utf16, "replace")
    declared = declared_encoding(data, content_type)
    if declared == "utf-8" or declared is None:
        text = _utf8(data)
        return text if text is not None else _utf8_or_cp1252(data)
    if declared == "windows-1252":
        text = _utf8(data) if _UTF8_MULTIBYTE.search(data) else None
        return text if text is not None else data.decode("windows-1252", "replace")
    try:
        return data.decode(declared)
    except (UnicodeDecodeError, LookupError):
        text = _utf8(data)
        return text if text is not None else data.decode("windows-1252", "replace")
