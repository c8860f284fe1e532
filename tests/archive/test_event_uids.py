"""Public event ids: made of what the pages say, assigned once, kept through re-parses."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from archive import store
from archive.models import Event, EventLineage
from tests.conftest import Archive
from tests.support.archive_ops import fetch, parse
from tests.support.factories import REPORT_A, REPORT_B, REPORT_C, event

SP_URL = "https://www.socialistparty.org.uk/articles/30116/01-12-2026/roundup/"
BLOG_URL = "https://example.org/news/a-roundup/"


def uids(archive: Archive, event_ids: list[int]) -> list[str]:
    with archive.sessions() as s:
        rows = s.execute(select(Event.id, Event.event_uid).where(Event.id.in_(event_ids)))
        by_id = {event_id: uid for event_id, uid in rows}
    return [by_id[i] for i in event_ids]


def test_uid_is_site_article_and_order(archive: Archive) -> None:
    fetch(archive, SP_URL, b"<p>roundup</p>")
    first = parse(archive, SP_URL, event(0, REPORT_A), event(1, REPORT_B))
    assert uids(archive, first.event_ids) == [
        "socialistparty.org.uk:30116:1",
        "socialistparty.org.uk:30116:2",
    ]


def test_site_without_ids_uses_a_digest_of_the_url(archive: Archive) -> None:
    fetch(archive, BLOG_URL, b"<p>roundup</p>")
    first = parse(archive, BLOG_URL, event(0, REPORT_A))
    with archive.sessions() as s:
        article = store.find_article(s, BLOG_URL)
        assert article is not None
        digest = hashlib.sha256(article.canonical_url.encode()).hexdigest()[:12]
    assert uids(archive, first.event_ids) == [f"example.org:{digest}:1"]


def test_uid_survives_changes_and_reopening_new_events_count_on(archive: Archive) -> None:
    fetch(archive, SP_URL, b"<p>roundup</p>")
    first = parse(archive, SP_URL, event(0, REPORT_A), event(1, REPORT_B))
    before = uids(archive, first.event_ids)
    # Reordered, a field changed: same events, same uids.
    changed = parse(archive, SP_URL, event(0, REPORT_B, attendance=40), event(1, REPORT_A))
    assert changed.changed == 2
    assert uids(archive, changed.event_ids) == [before[1], before[0]]
    # Dropped, then found again: the reopened event keeps its uid.
    parse(archive, SP_URL, event(0, REPORT_A))
    back = parse(archive, SP_URL, event(0, REPORT_A), event(1, REPORT_B))
    assert back.reopened == 1
    assert uids(archive, back.event_ids) == before
    # A new report is the article's third event.
    more = parse(archive, SP_URL, event(0, REPORT_A), event(1, REPORT_B), event(2, REPORT_C))
    assert uids(archive, more.event_ids)[2] == "socialistparty.org.uk:30116:3"


def test_split_children_get_new_uids_linked_by_lineage(archive: Archive) -> None:
    fetch(archive, SP_URL, b"<p>roundup</p>")
    whole = parse(archive, SP_URL, event(0, REPORT_A + " " + REPORT_B))
    split = parse(archive, SP_URL, event(0, REPORT_A), event(1, REPORT_B))
    parent_uid = uids(archive, whole.event_ids)[0]
    child_uids = uids(archive, split.event_ids)
    assert parent_uid == "socialistparty.org.uk:30116:1"
    new = [u for u in child_uids if u != parent_uid]
    assert new and all(u.startswith("socialistparty.org.uk:30116:") for u in new)
    assert len(set(child_uids)) == len(child_uids)
    with archive.sessions() as s:
        links = s.scalars(select(EventLineage).where(EventLineage.kind == "split")).all()
        children = {link.child_event_id for link in links}
        parents = {link.parent_event_id for link in links}
    assert parents == {whole.event_ids[0]}
    assert {u for i, u in zip(split.event_ids, child_uids, strict=True) if i in children} == set(
        new
    )


def test_same_pages_same_uids_on_another_archive(archive: Archive) -> None:
    """The uid depends on the article and the order of its events, not on row numbers: an
    archive that saw other articles first numbers its rows differently and agrees on uids."""
    other = "https://www.socialistparty.org.uk/articles/30117/01-12-2026/other/"
    fetch(archive, other, b"<p>other</p>")
    parse(archive, other, event(0, REPORT_C))
    fetch(archive, SP_URL, b"<p>roundup</p>")
    got = parse(archive, SP_URL, event(0, REPORT_A), event(1, REPORT_B))
    assert got.event_ids[0] != 1  # another row number than in a fresh archive ...
    assert uids(archive, got.event_ids) == [  # ... the same uids
        "socialistparty.org.uk:30116:1",
        "socialistparty.org.uk:30116:2",
    ]
