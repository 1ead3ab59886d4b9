"""`ccc serve` on the 2025 record, opened in a real browser (Debian's chromium, headless,
driven by Playwright), as a person would use it: search, a case's history, a facet. The
public site holds no restricted record; a screenshot is kept in build/artifacts/.

`.ci/run` installs chromium and sets CCC_REQUIRE_BROWSER=1: there, a missing browser fails
the run. Elsewhere the browser test is skipped with the command that installs it."""

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import ROOT, log_digest

pytestmark = pytest.mark.both_backends  # each test on SQLite and on PostgreSQL

ARTIFACTS = ROOT / "build" / "artifacts"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


@contextlib.contextmanager
def serving(store, *options):
    """`ccc serve OPTIONS` on the store, on a free port, stopped afterwards: its address."""
    import tempfile

    port = free_port()
    cache = tempfile.TemporaryDirectory()  # the server's cache (the export it links)
    env = {**os.environ, "CCC_STORE": str(store), "XDG_CACHE_HOME": cache.name}
    server = subprocess.Popen(
        [sys.executable, "-m", "ccc", "serve", *options, "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                get(base + "/")
                break
            except OSError:
                if server.poll() is not None:
                    raise AssertionError(server.stderr.read()) from None
                time.sleep(0.2)
        else:
            raise AssertionError("ccc serve did not answer within 30 s")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)
        cache.cleanup()
    # What stopped `ccc serve` stopped the server: nothing answers on its port any more.
    with pytest.raises(OSError):
        get(base + "/")


@pytest.fixture
def site(restricted_seed, store):
    """`ccc serve` on the seeded store (the public site)."""
    with serving(store) as base:
        yield base


def test_the_public_site_withholds_every_restricted_record(restricted_seed, site, store):
    seeded = restricted_seed
    restricted = [r for r in seeded.json("log") if r["restricted"]]
    assert restricted
    for table in ("records", "cases", "record_cases", "dossiers", "amendments", "withheld"):
        rows = get(f"{site}/site-public/{table}.json?_shape=array&_size=max")
        for record in restricted:
            assert record["summary"] not in rows, (table, record["id"])
            assert f'"{record["id"]}"' not in rows, (table, record["id"])
            assert record["uuid"] not in rows, (table, record["id"])  # the site's key
    withheld = json.loads(get(f"{site}/site-public/withheld.json?_shape=array"))
    assert sum(row["records"] for row in withheld) == len(restricted)
    # The lists answer, as JSON too, a page at a time.
    history = json.loads(
        get(f"{site}/site-public/case_history.json?reference=ukraine-art1-2025&_shape=array")
    )
    assert [row["kind"] for row in history][:1] == ["case-open"]
    assert len(history) == len(seeded.json("history", "ukraine-art1-2025"))
    # The site says what it serves, never where its file lies on the server.
    databases = get(f"{site}/-/databases.json")
    assert "site-public" in databases and "/" not in databases.replace("\\/", "")
    before = log_digest(store)
    assert get(f"{site}/site-public/records.csv?_size=5").startswith("id,ref,day,year")
    assert log_digest(store) == before  # serving writes nothing to the log


def test_a_person_searches_opens_a_case_and_follows_a_facet(restricted_seed, site):
    seeded = restricted_seed
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("CCC_REQUIRE_BROWSER") == "1":
            pytest.fail("chromium is not installed; .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    restricted = [r["summary"] for r in seeded.json("log") if r["restricted"]]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            # Search from the home page, as a person types it: ranked, each word marked.
            page.goto(f"{site}/")
            page.fill("#search", "Cambodia allegations")
            page.keyboard.press("Enter")
            page.wait_for_url("**/search?q=Cambodia+allegations**")
            assert page.title().startswith("Records with “Cambodia allegations”")
            found = page.inner_text("ol.found")
            assert "Initial allegations by Thailand" in found
            assert "allegations" in page.locator("ol.found mark").all_inner_texts()
            page.screenshot(path=str(ARTIFACTS / "web-view-search.png"), full_page=True)
            # The same search as data: the JSON it links.
            link = page.get_attribute("main a:text-is('JSON')", "href")
            answer = json.loads(get(site + link))
            assert "Initial allegations by Thailand" in json.dumps(answer["rows"])
            # A plain search of the records table (its search box) is the same page.
            page.goto(f"{site}/site-public/records")
            page.fill('input[name="_search"]', "Cambodia")
            page.keyboard.press("Enter")
            page.wait_for_url("**/search?q=Cambodia**")
            assert "Initial allegations by Thailand" in page.inner_text("ol.found")
            # With a filter it stays Datasette's table.
            page.goto(f"{site}/site-public/records?_search=Cambodia&kind=allegation")
            found = page.inner_text("table.rows-and-columns")
            assert "Initial allegations by Thailand" in found
            # The case's page links its history; the history lists its meetings.
            page.goto(f"{site}/site-public/cases")
            page.click('a[href*="case_history?reference=cambodia-thailand-2025"]')
            page.wait_for_url("**reference=cambodia-thailand-2025**")
            history = page.inner_text("body")
            assert "Separate meeting with the Permanent Representative of Cambodia" in history
            assert "20 July 2025" in history
            # Counted by kind on request, then a facet: the meetings only.
            page.goto(f"{site}/site-public/records")
            page.click(".ccc-counts a:text('by kind')")
            page.wait_for_url("**_facet=kind**")
            page.click('.facet-info a[href*="kind=meeting"]')
            page.wait_for_url("**kind=meeting**")
            kinds = page.locator("table.rows-and-columns td.col-kind").all_inner_texts()
            assert kinds and set(kinds) == {"meeting"}
            page.screenshot(path=str(ARTIFACTS / "web-view-meetings.png"), full_page=True)
            # What a person sees holds nothing restricted.
            for path in ("/site-public/records?_size=max", "/site-public/cases"):
                page.goto(site + path)
                text = page.inner_text("body")
                assert not any(summary in text for summary in restricted), path
        finally:
            browser.close()
    assert Path(ARTIFACTS / "web-view-meetings.png").stat().st_size > 10_000


def test_the_restricted_site_needs_its_option(restricted_seed, store):
    seeded = restricted_seed
    restricted = [r["summary"] for r in seeded.json("log") if r["restricted"]]
    path = seeded.ok("serve", "--restricted", "--build-only").strip()
    assert path.endswith("site-restricted.db")
    import sqlite3

    with sqlite3.connect(path) as connection:
        summaries = {row[0] for row in connection.execute("SELECT summary FROM records")}
    assert set(restricted) <= summaries


def test_a_log_with_no_case_yet_has_a_site_whose_lists_answer(ccc):
    """Found by the shared-log benchmark: a site of a log with no case had no record_cases
    table, and `ccc serve` stopped. Every table is now made with its columns, and every
    list (a view) answers."""
    import sqlite3

    from ccc.reports.site import VIEWS

    ccc.ok("record", "note", "--occurred", "2025-01-01", "--summary", "Only a note.")
    path = ccc.ok("serve", "--build-only").strip()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM records").fetchone() == (1,)
        for view in VIEWS:
            connection.execute(f"SELECT * FROM {view}").fetchall()  # answers, maybe empty


def test_a_list_longer_than_a_page_is_paged_never_cut(ccc, store):
    """A canned query stopped at 1,000 rows and said so only in JSON; a list is a view,
    and Datasette pages through it: every row is reached by following `next`."""
    for n in range(130):
        ccc.ok("record", "note", "--occurred", "2025-01-02", "--summary", f"Note {n}.")
    with serving(store) as base:
        url, seen = f"{base}/site-public/changes.json?_shape=objects&_size=50", []
        while url:
            page = json.loads(get(url))
            seen.extend(row["what"] for row in page["rows"])
            url = page.get("next_url")
            if url and not url.startswith("http"):
                url = base + url
    assert len(seen) == 130 and len(set(seen)) == 130


def _browser(playwright):
    executable = shutil.which("chromium")
    if executable is None:
        if os.environ.get("CCC_REQUIRE_BROWSER") == "1":
            pytest.fail("chromium is not installed; .ci/run installs it (apt-get install chromium)")
        pytest.skip("chromium is not installed (apt-get install -y chromium)")
    return playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])


def key_to_a_case(page):
    """From the top of the home page to a case, by keyboard alone: the first Tab stop is
    the skip link; Enter, then a few Tabs (not 34) to the first case, and Enter."""
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to the content"
    page.keyboard.press("Enter")
    presses, href = 0, ""
    while not href.startswith("/case/") and presses < 40:
        page.keyboard.press("Tab")
        presses += 1
        href = page.evaluate("document.activeElement.getAttribute('href')") or ""
    assert presses < 10, presses
    page.keyboard.press("Enter")
    page.wait_for_url("**/case/**")


def test_pages_for_people_a_case_and_a_state_in_words(restricted_seed, site, store, backend):
    """The home page, a case's page and a State's page, as a person reads and keys through
    them: headings in words, lang="en", one <main>, a skip link first, links between case
    and State, nothing restricted and no login name; screenshots at 1280 and 390 px."""
    from playwright.sync_api import sync_playwright

    seeded = restricted_seed
    restricted = [r["summary"] for r in seeded.json("log") if r["restricted"]]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = _browser(playwright)
        try:
            for width in (1280, 390):
                page = browser.new_page(viewport={"width": width, "height": 900})
                page.goto(site + "/")
                assert page.locator("html").get_attribute("lang") == "en"
                assert page.locator("main").count() == 1
                page.screenshot(path=str(ARTIFACTS / f"site-home-{width}.png"), full_page=True)
                key_to_a_case(page)
                page.goto(site + "/")
                # from the home page to a case, by its title
                page.click("text=Cambodia and Thailand: allegations by Thailand")
                page.wait_for_url("**/case/cambodia-thailand-2025")
                assert page.inner_text("h1").startswith("Cambodia and Thailand")
                body = page.inner_text("main")
                assert "In dialogue." in body and "Articles 1, 8" in body
                assert "Separate meeting with the Permanent Representative of Cambodia" in body
                assert page.locator("main svg").count() == 1  # the timeline, inline
                page.screenshot(path=str(ARTIFACTS / f"site-case-{width}.png"), full_page=True)
                # from the case to a State it concerns
                page.click("main a:text('Thailand')")
                page.wait_for_url("**/state/THA")
                assert page.inner_text("h1") == "Thailand"
                assert "Cambodia and Thailand" in page.inner_text("main")
                page.screenshot(path=str(ARTIFACTS / f"site-state-{width}.png"), full_page=True)
                assert page.evaluate("document.documentElement.scrollWidth") <= width + 1
                for path in ("/", "/case/article9-2025", "/state/AGO", "/state/UKR",
                             "/case/article9-2025/dossier"):  # fmt: skip
                    response = page.goto(site + path)
                    text = page.inner_text("body")
                    assert not any(summary in text for summary in restricted), path
                    assert "tester" not in text, path  # no login name on the public site
                    assert "Restricted — secretariat only" not in text
                    assert response is None or response.status in (200, 404), path
                page.close()
        finally:
            browser.close()


def test_the_restricted_site_says_so_on_every_page(restricted_seed, store):
    with serving(store, "--restricted") as base:
        for path in ("/", "/case/ukraine-art1-2025", "/state/UKR", "/site-restricted/records"):
            assert "Restricted — secretariat only" in get(base + path), path


AXE = ROOT / "build" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "/",
    "/case/cambodia-thailand-2025",
    "/case/ukraine-art1-2025/dossier",
    "/state/UKR",
    "/site-public",
    "/site-public/records",
    "/site-public/records?_search=Ukraine",
    "/search?q=Ukraine",
    "/search?q=nothing+holds+this",
    "/records/years",
    "/site-public/cases",
    "/site-public/deadlines",
    "/site-public/case_history?reference=ukraine-art1-2025",
]


def test_an_accessibility_audit_finds_nothing_serious_on_any_page(restricted_seed, site):
    """axe-core (.ci/run installs it from the npm registry into build/axe), injected into
    every page type: no serious or critical violation."""
    if not AXE.exists():
        if os.environ.get("CCC_REQUIRE_BROWSER") == "1":
            pytest.fail(f"axe-core is not at {AXE}; .ci/run installs it with npm")
        pytest.skip("axe-core is not installed (npm install --prefix build/axe axe-core)")
    from playwright.sync_api import sync_playwright

    found = {}
    [meeting] = json.loads(
        get(f"{site}/site-public/records.json?_shape=array&_size=1&kind=meeting")
    )
    with sync_playwright() as playwright:
        browser = _browser(playwright)
        try:
            page = browser.new_page()
            for path in [*PAGES, f"/site-public/records/{meeting['id']}"]:
                page.goto(site + path)
                assert page.locator("h1").count() == 1, path
                page.add_script_tag(path=str(AXE))
                result = page.evaluate("async () => await axe.run()")
                found[path] = [
                    (v["id"], [n["html"][:80] for n in v["nodes"][:3]])
                    for v in result["violations"]
                    if v["impact"] in ("serious", "critical")
                ]
        finally:
            browser.close()
    assert not any(found.values()), {p: v for p, v in found.items() if v}


def test_every_facet_value_leads_to_its_rows(restricted_seed, site):
    """The Article facet offered "1 · 8 · 9" and led to empty tables (numbers stored,
    text compared): every value of every default facet, and the array facets of the
    cases, now leads to as many rows as it says."""
    checked = 0
    for table, extra in (
        ("records", "&_facet=kind&_facet=year&_facet=status"),  # counted on request
        ("cases", "&_facet_array=articles&_facet_array=states"),
    ):
        answer = json.loads(get(f"{site}/site-public/{table}.json?_size=0{extra}"))
        for facet in answer["facet_results"].values():
            for value in facet["results"]:
                from urllib.parse import urlsplit

                parts = urlsplit(value["toggle_url"])  # as Datasette gives it, with its host
                path = parts.path.replace(f"/{table}.json", f"/{table}").replace(
                    f"/{table}", f"/{table}.json", 1
                )
                url = f"{site}{path}?{parts.query}"
                shown = json.loads(get(url))
                assert shown["filtered_table_rows_count"] == value["count"], url
                checked += 1
    assert checked > 10


def test_a_failed_build_leaves_no_partial_file_and_says_what_failed(seeded, store, monkeypatch):
    """A disk that fills during the build (simulated where the deadlines are written):
    one sentence, exit 1, no site file and no .partial left behind; the next build works."""
    import glob

    from ccc.reports import site as site_module

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    original = site_module._deadlines
    monkeypatch.setattr(site_module, "_deadlines", full_disk)
    details = seeded.json("info")
    folder = details.get("views") or details["store"]  # where the site file is written
    refused = seeded("serve", "--build-only")
    assert refused.exit_code == 1 and "No space left on device" in refused.stderr
    assert "Traceback" not in refused.output
    assert not glob.glob(os.path.join(folder, "**", "site-public*"), recursive=True)
    monkeypatch.setattr(site_module, "_deadlines", original)  # the disk has room again
    path = seeded.ok("serve", "--build-only").strip()
    assert path.startswith(folder) and not os.path.exists(path + ".partial")


def _site_tables(path):
    """Every row of every table of a site file, in a comparable form (the search index as
    the ids each word finds)."""
    import sqlite3

    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                "'records_fts%' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        out = {t: sorted(map(repr, connection.execute(f"SELECT * FROM [{t}]"))) for t in tables}
        # A dossier says the log position it was drawn from: one the update did not touch
        # says the earlier one, truly (nothing of its case has changed since).
        drawn = re.compile(r"up to position \d+ \(running digest [0-9a-f]+\)")
        out["dossiers"] = [drawn.sub("up to position ...", row) for row in out["dossiers"]]
        out["search"] = sorted(
            connection.execute(
                "SELECT records.id FROM records_fts JOIN records ON records.rowid = "
                "records_fts.rowid WHERE records_fts MATCH 'Ukraine OR Peru OR note'"
            )
        )
    return out


def test_a_new_record_updates_the_site_as_a_whole_build_would(restricted_seed, store):
    """A new public record is added to the site built before ("Updated"), and the site is
    then what a whole build makes, row for row, search included; a restricted record, or a
    correction, makes the site whole again ("Built") and nothing restricted is in it."""
    import shutil as files

    seeded = restricted_seed
    path = seeded.ok("serve", "--build-only").strip()
    letter = seeded.ok("record", "letter", "--to", "Peru", "--subject", "Article 7",
                       "--case", "ukraine-art1-2025", "--occurred", "2025-10-01",
                       "--summary", "A new letter, on Peru's report.").strip()  # fmt: skip
    seeded.ok("record", "note", "--occurred", "2025-10-02", "--summary", "A new note.")
    updated = seeded("serve", "--build-only")
    assert updated.exit_code == 0 and "Updated the site" in updated.stderr
    incremental = _site_tables(path)
    assert any("A new letter, on Peru" in row for row in incremental["records"])
    files.copy(path, path + ".incremental")
    os.remove(path)
    assert "Built the site" in seeded("serve", "--build-only").stderr
    assert _site_tables(path) == incremental
    # A restricted record, or a correction: the site is made whole again.
    seeded.ok("record", "note", "--occurred", "2025-10-03", "--summary", "Zanzibar.",
              "--restricted")  # fmt: skip
    assert "Built the site" in seeded("serve", "--build-only").stderr
    assert not any("Zanzibar" in row for row in _site_tables(path)["records"])
    seeded.ok("correct", letter, "--set", "occurred=2025-10-04", "--reason", "Sent on the 4th.")
    assert "Built the site" in seeded("serve", "--build-only").stderr
    assert "Using the site" in seeded("serve", "--build-only").stderr


def test_a_whole_build_read_a_page_at_a_time_withholds_what_it_read_whole(
    restricted_seed, store, monkeypatch
):
    """The whole build reads the records a page at a time: with a page of one record, a
    reply to a letter restricted after the reply was recorded (on another page) is still
    withheld, and the site is the same, row for row, as one read in a single page; so
    is the restricted site."""
    from ccc.reports import site as site_module

    seeded = restricted_seed
    letter = seeded.ok("record", "letter", "--to", "Peru", "--subject", "Article 7",
                       "--summary", "Letter to Peru on its report.", "--occurred",
                       "2025-09-01").strip()  # fmt: skip
    seeded.ok("record", "communication", "--from", "Peru", "--in-reply-to", letter,
              "--summary", "Peru answered on its report.", "--occurred", "2025-10-01")  # fmt: skip
    seeded.ok("correct", letter, "--set", "restricted=true", "--reason", "Sent in confidence.")
    for restricted in ([], ["--restricted"]):
        path = seeded.ok("serve", "--build-only", *restricted).strip()
        whole = _site_tables(path)
        os.remove(path)
        with monkeypatch.context() as patched:
            patched.setattr(site_module, "PAGE", 1)
            assert "Built the site" in seeded("serve", "--build-only", *restricted).stderr
        assert _site_tables(path) == whole
        shown = any("Peru answered on its report" in row for row in whole["records"])
        assert shown == bool(restricted)  # withheld from the public site only
    public = _site_tables(seeded.ok("serve", "--build-only").strip())
    assert not any("Letter to Peru" in row for row in public["records"])


def _until(condition, seconds=30):
    """Wait for `condition()` to hold, as a person reloading the page would: True when it
    did within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def test_the_running_site_shows_what_is_recorded_without_a_restart(restricted_seed, store):
    """While `ccc serve` runs, another officer records: a new record appears on its pages
    (added in place), and a correction too (the site made whole again), each within a
    few seconds, from the same server; nothing restricted appears."""
    seeded = restricted_seed
    with serving(store, "--refresh", "0.5") as base:
        before = get(base + "/")
        position = re.search(r"up to position (\d+)", before).group(1)
        letter = seeded.ok("record", "letter", "--to", "Peru", "--subject", "Article 7",
                           "--case", "ukraine-art1-2025", "--occurred", "2025-10-01",
                           "--summary", "A letter to Peru on its report.").strip()  # fmt: skip
        search = f"{base}/site-public/records.json?_search=Peru&_shape=array"
        assert _until(lambda: "A letter to Peru on its report." in get(search))
        assert "A letter to Peru on its report." in get(base + "/case/ukraine-art1-2025")
        shown = re.search(r"up to position (\d+)", get(base + "/")).group(1)
        assert int(shown) > int(position)  # the frame says the log position it now shows
        seeded.ok("record", "note", "--occurred", "2025-10-03", "--summary", "Zanzibar.",
                  "--restricted")  # fmt: skip
        seeded.ok("correct", letter, "--set", "occurred=2025-10-04", "--reason", "Sent on the 4th.")
        amendments = f"{base}/site-public/amendments.json?_shape=array"
        assert _until(lambda: "Sent on the 4th." in get(amendments))
        assert "4 October 2025" in get(base + "/case/ukraine-art1-2025")
        for page in ("/", "/site-public/records.json?_shape=array&_size=max"):
            assert "Zanzibar" not in get(base + page)
        assert int(re.search(r"up to position (\d+)", get(base + "/")).group(1)) > int(shown)


def _text(html):
    """A page's words, as a reader sees them (tags out, spaces folded)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" ,", ",")


def test_a_state_page_says_what_party_show_says(restricted_seed, store):
    """A State's page gives its seats on the Committee, its obligations counted by status
    and its replies with the days taken, as `ccc party show` gives them; on the public
    site, a reply to a restricted letter is neither listed nor counted."""
    seeded = restricted_seed
    seeded.ok("register", "load")  # the depositary's records: each State's obligations
    chair = seeded.json("party", "show", "Japan", "--public")
    [seat] = chair["committee"]
    with serving(store) as base:
        japan = _text(get(base + "/state/JPN"))
        assert f"{seat['period']} (Chair)" in japan
        known = len(chair["obligations"])
        assert f"The log knows of {known} obligations of Japan" in japan
        untracked = sum(o["status"] == "not_tracked" for o in chair["obligations"])
        assert f"{untracked} not tracked" in japan
        angola = _text(get(base + "/state/AGO"))
        assert seeded.json("party", "show", "Angola", "--public")["replies"] == []
        assert "The site holds no reply of Angola to a letter." in angola
        assert "draft law" not in angola and "Article 9 legislation" not in angola
    with serving(store, "--restricted") as base:
        [reply] = seeded.json("party", "show", "Angola")["replies"]
        angola = _text(get(base + "/state/AGO"))
        assert f"Angola replied to 1 letter, in {reply['days']} days on average" in angola
        assert "Letter to Angola on its Article 9 legislation." in angola


def test_an_obligation_met_though_its_deadline_is_unknown_is_counted_met(ccc, store):
    """Fictional: an extension decided with no new deadline, then clearance declared
    complete. Article 5 is then met (lateness unknowable): the State's page counts it met
    and does not list it among the obligations not yet met, and `deadlines` says "met"."""
    ccc.ok("register", "load")
    ccc.ok("record", "mined-areas-declared", "--state", "Ukraine", "--occurred", "2006-11")
    ccc.ok("record", "article5-extension-granted", "--state", "Ukraine", "--meeting", "17MSP",
           "--new-deadline", "unknown", "--occurred", "2016-12-01")  # fmt: skip
    ccc.ok("record", "article5-completed", "--state", "Ukraine", "--occurred", "2024-05-01")
    [cleared] = [
        o for o in ccc.json("party", "show", "Ukraine")["obligations"] if o["article"] == "5"
    ]
    assert cleared["status"] == "met"
    with serving(store) as base:
        ukraine = _text(get(base + "/state/UKR"))
    assert re.search(r"obligations of Ukraine: [^.]*\b1 met[;.]", ukraine), ukraine[:2000]
    assert "None is waiting: every obligation the log tracks is met." in ukraine
    assert "Obligations not yet met" not in ukraine
    # Kinds in words, not as typed after `ccc record`.
    assert "Article 5 extension granted: Ukraine" in ukraine and "article5" not in ukraine


def test_a_case_page_offers_its_dossier_as_a_word_document(restricted_seed, site):
    """The case page links the dossier as Word: the same dossier `ccc report case --public
    --format docx` writes, every record a row, nothing restricted in it."""
    import io

    import docx

    seeded = restricted_seed
    assert 'href="/case/article9-2025/dossier.docx"' in get(site + "/case/article9-2025")
    with urllib.request.urlopen(site + "/case/article9-2025/dossier.docx", timeout=10) as got:
        assert got.headers["content-type"].endswith("wordprocessingml.document")
        assert 'filename="article9-2025.docx"' in got.headers["content-disposition"]
        document = docx.Document(io.BytesIO(got.read()))
    markdown = seeded.ok("report", "case", "article9-2025", "--public")
    assert document.paragraphs[0].text == markdown.splitlines()[0].removeprefix("# ")
    table = document.tables[-1]  # every record, after the letters and replies
    shown = seeded.json("history", "article9-2025", "--public")
    assert len(table.rows) == 1 + len(shown)
    words = " ".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    words += " ".join(p.text for p in document.paragraphs)
    for record in seeded.json("log"):
        if record["restricted"]:
            assert record["summary"] not in words


def test_the_pages_link_the_public_export_that_verifies_them(restricted_seed, site, tmp_path):
    """Every page names the log position and running digest it was built from and links
    the log's public export: downloaded, it verifies (`ccc verify`), ends at that digest,
    and holds no restricted record's words."""
    seeded = restricted_seed
    home = get(site + "/")
    digest = re.search(r"running digest <code>([0-9a-f]{64})</code>", home).group(1)
    assert 'href="/-/export/public.jsonl"' in home
    export = tmp_path / "public.jsonl"
    export.write_text(get(site + "/-/export/public.jsonl"), encoding="utf-8")
    manifest = get(site + "/-/export/public.jsonl.manifest.json")
    (tmp_path / "public.jsonl.manifest.json").write_text(manifest, encoding="utf-8")
    assert json.loads(manifest)["final_digest"] == digest
    assert json.loads(manifest)["public"] is True
    assert "every digest holds" in seeded.ok("verify", str(export))
    text = export.read_text(encoding="utf-8")
    for record in seeded.json("log"):
        if record["restricted"]:
            assert record["summary"] not in text


def test_a_case_awaiting_a_reply_says_from_whom_since_when_and_how_late(restricted_seed, store):
    """The status sentence of a case awaiting a reply names the State, the letter's day,
    the day the reply was asked for and the days overdue since then (counted to the day
    the site was built), on the case's page and the home page."""
    from datetime import date

    seeded = restricted_seed
    seeded.ok("record", "letter", "--to", "Peru", "--subject", "Article 9",
              "--case", "article9-2025", "--occurred", "2025-06-11",
              "--reply-requested-by", "2025-07-11", "--summary", "A letter to Peru.")  # fmt: skip
    late = (date.today() - date(2025, 7, 11)).days
    sentence = (
        "Awaiting a reply from Peru to the letter of 11 June 2025, requested by 11 July "
        f"2025: {late:,} days overdue."
    )
    with serving(store) as base:
        assert sentence in _text(get(base + "/case/article9-2025"))
        assert sentence in _text(get(base + "/"))


def test_what_the_log_tracks_moves_every_states_page_on_an_update(restricted_seed, store):
    """A coverage record names no State but moves every State's obligations: the site
    updated in place holds, State pages included, what a whole build holds."""
    seeded = restricted_seed
    seeded.ok("register", "load")
    path = seeded.ok("serve", "--build-only").strip()
    seeded.ok("record", "coverage", "--article", "7", "--from", "2020-01-01")
    assert "Updated the site" in seeded("serve", "--build-only").stderr
    incremental = _site_tables(path)
    japan = seeded.json("party", "show", "Japan", "--public")["obligations"]
    statuses = sorted(row for row in incremental["state_obligations"] if "'JPN'" in row)
    assert len(statuses) == len(japan) and any("overdue" in row for row in statuses)
    os.remove(path)
    assert "Built the site" in seeded("serve", "--build-only").stderr
    assert _site_tables(path) == incremental
