"""The site's own search page (/search) and its count of records by year (/records/years),
on the 2025 example with two restricted records: what a person types is searched as
words, the records found are ranked, marked and paged, and a restricted record is never
found on the public site."""

import asyncio
import html
import json
import re

import pytest

from tests.e2e.test_web_view import get, serving


def fts_query(typed):
    from ccc.reports.datasette_plugins.ccc_pages import fts_query

    return fts_query(typed)


@pytest.mark.parametrize(
    ("typed", "query"),
    [
        ("Ukraine", '"Ukraine"'),
        ("mines  Ukraine", '"mines" "Ukraine"'),
        ('"separate meeting" Cambodia', '"separate meeting" "Cambodia"'),
        ("Ukrain*", '"Ukrain"*'),
        ("NEAR(a b) OR summary:x", '"NEAR(a" "b)" "OR" "summary:x"'),
        ('unclosed "quote here', '"unclosed" "quote here"'),
        ("?? -- ***", ""),
        ("", ""),
    ],
)
def test_what_a_person_types_is_searched_as_words_never_as_syntax(typed, query):
    assert fts_query(typed) == query


def _main(page):
    main = page.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return html.unescape(re.sub(r"<[^>]+>", "", main))


@pytest.fixture
def site(restricted_seed, store):
    with serving(store) as base:
        yield base


def test_a_search_finds_every_word_ranked_marked_and_nothing_restricted(restricted_seed, site):
    seeded = restricted_seed
    page = get(f"{site}/search?q=Cambodia+Thailand")
    words = _main(page)
    assert "Initial allegations by Thailand" in words
    count = int(re.search(r"([\d,]+) records? holds? “Cambodia Thailand”", words).group(1))
    # the same count as Datasette's own search of the table (every word, any column)
    table = json.loads(get(f"{site}/site-public/records.json?_search=Cambodia+Thailand&_size=0"))
    assert count == table["filtered_table_rows_count"] > 1
    assert "<mark>Thailand</mark>" in page
    assert "the most relevant first" in words
    newest = _main(get(f"{site}/search?q=Cambodia+Thailand&order=newest"))
    assert "the newest first" in newest
    # A restricted record's own words find nothing on the public site.
    for record in seeded.json("log"):
        if record["restricted"]:
            found = _main(get(f"{site}/search?q={record['summary'].replace(' ', '+')}"))
            assert "No record on this site holds" in found, record["summary"]
    # Syntax is words: no error, no trace of SQL.
    for typed in ("NEAR(", 'summary:"x', "*", "%22"):
        answer = get(f"{site}/search?q={typed}")
        assert "Search the records" in answer, typed
        assert "SQL" not in _main(answer) and "error" not in _main(answer).lower(), typed


def test_the_records_are_counted_by_year_in_the_order_of_the_years(restricted_seed, store):
    restricted_seed.ok("register", "load")  # the depositary's dates: many years
    with serving(store) as site:
        _counted_by_year(site)


def _counted_by_year(site):
    words = _main(get(f"{site}/records/years"))
    counted = [
        (int(y), int(n.replace(",", ""))) for y, n in re.findall(r"(\d{4}): ([\d,]+) record", words)
    ]
    years = [y for y, _n in counted]
    assert years == sorted(years, reverse=True) and len(years) > 3
    for year, n in counted[:3]:
        table = json.loads(get(f"{site}/site-public/records.json?year={year}&_size=0"))
        assert table["filtered_table_rows_count"] == n, year


def test_too_many_records_to_rank_come_newest_first_and_the_page_says_why(restricted_seed, store):
    """In process, with the plugin's limits made small, as a million records would need:
    beyond RANKED_AT_MOST found, the newest come first and the page says why; a page holds
    SEARCH_PAGE records and links the next, never cutting the list short."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    from ccc.reports import site as site_module

    path = restricted_seed.ok("serve", "--build-only").strip().splitlines()[-1]
    datasette = Datasette(
        [path], plugins_dir=site_module.PLUGINS, template_dir=site_module.TEMPLATES
    )
    [plugin] = [p for p in pm.get_plugins() if getattr(p, "__name__", "") == "ccc_pages.py"]
    limits = plugin.RANKED_AT_MOST, plugin.SEARCH_PAGE
    plugin.RANKED_AT_MOST, plugin.SEARCH_PAGE = 3, 2
    try:

        async def fetch(url):
            return (await datasette.client.get(url)).text

        first = _main(asyncio.run(fetch("/search?q=Ukraine")))
        second = _main(asyncio.run(fetch("/search?q=Ukraine&order=newest&page=2")))
        count = int(re.search(r"([\d,]+) records hold “Ukraine”", first).group(1))
        # Every page in turn (the later half read from the oldest end): each record once,
        # newest first, as Datasette's own search lists them.
        pages = [
            asyncio.run(fetch(f"/search?q=Ukraine&order=newest&page={n}"))
            for n in range(1, (count + 1) // 2 + 1)
        ]
        table = json.loads(asyncio.run(fetch(
            "/site-public/records.json?_search=Ukraine&_shape=array&_size=max&_col=day"
        )))  # fmt: skip
        plugin.SEARCH_PAGE = 1000  # the same list as one page, read from the newest end
        whole = asyncio.run(fetch("/search?q=Ukraine&order=newest"))
    finally:
        plugin.RANKED_AT_MOST, plugin.SEARCH_PAGE = limits
    assert count > 4
    listed = [i for page in pages for i in re.findall(r"/records/([0-9a-f]{32})", page)]
    assert sorted(listed) == sorted(row["id"] for row in table) and len(listed) == count
    assert listed == re.findall(r"/records/([0-9a-f]{32})", whole)
    day = {row["id"]: row["day"] for row in table}
    assert [day[i] for i in listed] == sorted((day[i] for i in listed), reverse=True)
    assert "1 to 2, the newest first. That is too many to rank by relevance" in first
    assert "ccc ranks up to 3" in first and "the next 2" in first
    assert "3 to 4, the newest first" in second and "the previous 2" in second
