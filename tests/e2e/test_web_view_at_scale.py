"""The web view on a synthetic log of 100,000 records (bench/generate.py: deterministic,
with restricted notes and replies), in a real browser: every page type answers and reads
as it does on the 2025 example, every facet value leads to its rows, a person keys from
the home page to a case, the accessibility audit finds nothing serious, and nothing
restricted shows. Screenshots of each page type at 1280 and 390 px go to
build/artifacts/. The log is built once for the module (about two minutes)."""

import json
import os
import re
import sqlite3
import subprocess
import sys
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import pytest

from tests.conftest import ROOT
from tests.e2e.test_web_view import AXE, _browser, get, key_to_a_case, serving

pytestmark = pytest.mark.filterwarnings("ignore::ResourceWarning")

RECORDS = 100_000
ARTIFACTS = ROOT / "build" / "artifacts"


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """A store of 100,000 synthetic records and the register, its views and public site
    built: (store, views.db path)."""
    work = tmp_path_factory.mktemp("large")
    store = work / "store"
    data = work / "log.json"
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), str(RECORDS), str(data)],
                   check=True)  # fmt: skip
    env = {**os.environ, "CCC_STORE": str(store), "CCC_ACTOR": "tester"}
    for command in (["register", "load"], ["import", str(data)], ["serve", "--build-only"]):
        done = subprocess.run([sys.executable, "-m", "ccc", *command], env=env,
                              capture_output=True, text=True, timeout=1200)  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
    return store, store / "views.db"


@pytest.fixture(scope="module")
def site(large):
    store, _ = large
    with serving(store) as base:
        yield base


def _restricted(views_db, limit):
    with sqlite3.connect(f"file:{views_db}?mode=ro", uri=True) as views:
        return [
            summary
            for (summary,) in views.execute(
                "SELECT summary FROM records WHERE restricted = 1 ORDER BY position LIMIT ?",
                (limit,),
            )
        ]


def test_every_page_type_answers_in_words_at_100000_records(large, site):
    """Each page type, in Chromium at 1280 and 390 px: one <h1>, lang="en", one <main>, no
    sideways scroll, nothing restricted; a screenshot of each."""
    from playwright.sync_api import sync_playwright

    _, views_db = large
    restricted = _restricted(views_db, 200)
    assert restricted  # the synthetic log has restricted records
    case = json.loads(get(f"{site}/site-public/cases.json?_shape=array&_size=1&_sort_desc=records"))
    [record] = json.loads(get(f"{site}/site-public/records.json?_shape=array&_size=1"))
    reference = case[0]["reference"]
    pages = {
        "home": "/",
        "case": f"/case/{reference}",
        "dossier": f"/case/{reference}/dossier",
        "state": "/state/UKR",
        "records": "/site-public/records",
        "search": "/search?q=letter",
        "search, page 2": "/search?q=Ukraine+letter&page=2",
        "table search": "/site-public/records?_search=letter",
        "years": "/records/years",
        "deadlines": "/site-public/deadlines",
        "record": f"/site-public/records/{record['id']}",
        "history": f"/site-public/case_history?reference={reference}",
    }
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = _browser(playwright)
        try:
            for width in (1280, 390):
                page = browser.new_page(viewport={"width": width, "height": 900})
                for name, path in pages.items():
                    response = page.goto(site + path)
                    assert response is not None and response.status == 200, path
                    assert page.locator("html").get_attribute("lang") == "en", path
                    assert page.locator("main").count() == 1, path
                    assert page.locator("h1").count() == 1, path
                    text = page.inner_text("body")
                    assert not any(summary in text for summary in restricted), path
                    assert "tester" not in text, path  # no login name on the public site
                    if name in ("home", "case", "state", "dossier", "search", "years"):  # ccc's
                        assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
                    shot = ARTIFACTS / f"site-100k-{re.sub(r'[^a-z0-9]+', '-', name)}-{width}.png"
                    page.screenshot(path=str(shot), full_page=name not in ("dossier", "state"))
                page.close()
        finally:
            browser.close()


def test_a_person_keys_from_the_home_page_to_a_case_at_100000_records(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = _browser(playwright)
        try:
            page = browser.new_page()
            page.goto(site + "/")
            key_to_a_case(page)
            assert page.locator("main svg").count() == 1  # its timeline
        finally:
            browser.close()


def test_every_facet_value_leads_to_its_rows_at_100000_records(site):
    checked = 0
    for table, extra in (
        ("records", "&_facet=kind&_facet=year&_facet=status"),  # counted on request
        ("cases", ""),
        ("deadlines", ""),
    ):
        answer = json.loads(get(f"{site}/site-public/{table}.json?_size=0{extra}"))
        for facet in answer["facet_results"].values():
            assert not facet.get("truncated") or len(facet["results"]) >= 30
            for value in facet["results"]:
                parts = urlsplit(value["toggle_url"])
                path = parts.path.replace(f"/{table}.json", f"/{table}").replace(
                    f"/{table}", f"/{table}.json", 1
                )
                query = [(k, v) for k, v in parse_qsl(parts.query) if k != "_size"]
                shown = json.loads(get(f"{site}{path}?{urlencode([*query, ('_size', '1')])}"))
                assert shown["filtered_table_rows_count"] == value["count"], path
                assert shown["rows"], (path, parts.query)
                checked += 1
    assert checked > 30


def test_nothing_restricted_is_found_by_search_or_sql_at_100000_records(large, site):
    _, views_db = large
    for summary in _restricted(views_db, 20):
        phrase = quote(f'"{summary}"')
        found = json.loads(get(f"{site}/site-public/records.json?_search={phrase}&_size=1"))
        assert found["rows"] == [], summary
        ours = get(f"{site}/search?q={phrase}")
        assert "No record on this site holds" in ours, summary
        sql = quote(f"SELECT count(*) AS n FROM records WHERE summary = '{summary}'")
        [row] = json.loads(get(f"{site}/site-public.json?sql={sql}&_shape=array"))
        assert row["n"] == 0, summary


def test_an_accessibility_audit_finds_nothing_serious_at_100000_records(large, site):
    if not AXE.exists():
        if os.environ.get("CCC_REQUIRE_BROWSER") == "1":
            pytest.fail(f"axe-core is not at {AXE}; .ci/run installs it with npm")
        pytest.skip("axe-core is not installed (npm install --prefix build/axe axe-core)")
    from playwright.sync_api import sync_playwright

    [case] = json.loads(get(f"{site}/site-public/cases.json?_shape=array&_size=1"))
    found = {}
    with sync_playwright() as playwright:
        browser = _browser(playwright)
        try:
            page = browser.new_page()
            for path in ("/", f"/case/{case['reference']}", "/state/UKR",
                         "/site-public/records", "/site-public/deadlines",
                         "/search?q=Ukraine+letter&page=2", "/records/years"):  # fmt: skip
                page.goto(site + path)
                page.add_script_tag(path=str(AXE))
                result = page.evaluate("async () => await axe.run()")
                found[path] = [
                    v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")
                ]
        finally:
            browser.close()
    assert not any(found.values()), found
