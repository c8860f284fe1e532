"""`archive check-site`: the canary against a local mirror of the archived site, before and
after a redesign (tests/support/histories.py renders both)."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.conftest import Archive, Cli
from tests.support.histories import RunPlan, article_url, nightly, record_run, roundup_page
from tests.support.mirror import MirrorSite, serve


def mirror(numbers: range, redesigned: bool = False) -> MirrorSite:
    site = MirrorSite()
    for n in numbers:
        site.add(urlsplit(article_url(n)).path, roundup_page(n, redesigned))
    site.add_listing("/", "The Socialist", [urlsplit(article_url(n)).path for n in numbers])
    return site


def test_the_canary_reports_each_field_and_fails_on_a_redesign(archive: Archive, cli: Cli) -> None:
    record_run(archive.sessions, RunPlan(new=list(range(5))), nightly(1))
    with serve(mirror(range(5))) as site:
        code, out, err = cli("check-site", "socialist", "--base-url", site.base_url)
    assert code == 0, out + err
    assert out.count("REGRESSED") == 0 and out.rstrip().endswith("no regression")
    assert "  body selector  archive True   now True   ok" in out
    assert "  reporter       archive 3      now 3      ok" in out
    assert len([line for line in out.splitlines() if line.startswith("https://")]) == 3

    with serve(mirror(range(5), redesigned=True)) as site:
        code, out, _ = cli("check-site", "socialist", "--base-url", site.base_url, "--count", "2")
    assert code == 1
    assert "  body selector  archive True   now False  lost" in out
    assert "  events         archive 3      now 1      fewer" in out
    assert out.rstrip().endswith("check-site socialistparty.org.uk: 2 of 2 article(s) regressed")


def test_an_empty_archive_checks_what_the_home_page_links(archive: Archive, cli: Cli) -> None:
    with serve(mirror(range(2))) as site:
        code, out, err = cli("check-site", "socialistparty.org.uk", "--base-url", site.base_url)
    assert code == 0, out + err
    assert "  events         archive -      now 3      new" in out


def test_an_unknown_spider_is_one_line(archive: Archive, cli: Cli) -> None:
    code, _, err = cli("check-site", "nosuchspider")
    assert code == 2 and "no crawl run of spider 'nosuchspider'" in err
    assert len(err.strip().splitlines()) == 1
