"""Markup in any field prints as text in every HTML output: a published paper or dossier
never runs a script that someone typed into the log."""

from __future__ import annotations

import pytest

X = "<script>alert(1)</script><img src=x onerror=alert(2)>"
EVIL = ("<script", "<img")  # as markup; escaped, the text itself may stay


@pytest.fixture
def marked(ccc, tmp_path):
    """A log in which every free-text field that reaches a paper holds markup."""
    ccc.ok("case", "open", "x-case", "--title", f"T {X}", "--state", "UKR", "--occurred",
           "2025-01-02", "--summary", f"Opened {X}")  # fmt: skip
    common = ["--occurred", "2025-02-03", "--case", "x-case"]
    ccc.ok("record", "letter", "--to", f"group:all {X}", "--to", "Ukraine",
           "--subject", f"S {X}", "--summary", f"L {X}", *common)  # fmt: skip
    ccc.ok("record", "communication", "--from", "Ukraine", "--subject", X,
           "--summary", f"C {X}", *common)  # fmt: skip
    ccc.ok("record", "meeting", "--with", "Ukraine", "--margins-of", f"M {X}",
           "--venue", X, "--represented-by", f"R {X}", "--summary", f"M {X}", *common)  # fmt: skip
    ccc.ok("record", "allegation", "--against", "Ukraine", "--nature", "use", "--place", X,
           "--summary", f"A {X}", *common)  # fmt: skip
    ccc.ok("record", "workshop", "--subject", f"W {X}", "--speaker", f"group:all {X}",
           "--audience", f"group:all {X}", "--occurred", "2025-03-04",
           "--summary", f"W {X}")  # fmt: skip
    ccc.ok("record", "committee-meeting", "--venue", X, "--format", X, "--occurred",
           "2025-03-05", "--summary", f"CM {X}")  # fmt: skip
    ccc.ok("record", "observations", "--type", "preliminary", "--at", f"At {X}",
           "--occurred", "2025-06-17", "--summary", f"O {X}")  # fmt: skip
    ccc.ok("case", "close", "x-case", "--outcome", f"Closed {X}", "--occurred", "2025-07-01")
    ccc.ok("case", "reopen", "x-case", "--reason", f"Again {X}", "--occurred", "2025-07-02")
    return ccc


@pytest.mark.parametrize("public", [False, True])
def test_the_activities_paper_in_html_escapes_every_field(marked, public):
    args = ["report", "activities", "--from", "2025-01-01", "--to", "2025-12-31"]
    html = marked.ok(*args, "--format", "html", *(["--public"] if public else []))
    assert not [bad for bad in EVIL if bad in html]
    if not public:
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown, as text
    markdown = marked.ok(*args)
    assert "<script>alert(1)</script>" in markdown  # Markdown keeps the text as typed


def test_the_case_dossier_in_html_escapes_every_field(marked):
    html = marked.ok("report", "case", "x-case", "--format", "html")
    assert not [bad for bad in EVIL if bad in html]
    assert "&lt;script&gt;" in html


def test_the_html_paper_escapes_after_the_markdown_one_was_drafted(marked, tmp_path):
    """Compiled templates are kept between runs (CCC_CACHE): a template compiled for the
    Markdown paper (no escaping) must never serve the HTML one. Each run a new process,
    as people run them, sharing one cache folder."""
    import os
    import subprocess
    import sys

    env = {**os.environ, "CCC_CACHE": str(tmp_path / "cache")}
    args = [sys.executable, "-m", "ccc", "report", "activities", "--from", "2025-01-01",
            "--to", "2025-12-31"]  # fmt: skip
    for _ in range(2):  # the second time, both come from the cache
        markdown = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
        assert "<script>alert(1)</script>" in markdown.stdout
        html = subprocess.run([*args, "--format", "html"], env=env, capture_output=True,
                              text=True, check=True).stdout  # fmt: skip
        assert not [bad for bad in EVIL if bad in html]
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
