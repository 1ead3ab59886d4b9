"""At a terminal as people expect of git and gh, tried in a real pseudo-terminal: prose
wraps at words, long answers go through a pager that can be turned off, `log` shows a
screenful and says how to see more, errors wrap, and a misspelt option is told the
nearest ones. Piped, everything is as written."""

import re

import pytest

from tests.terminal import at_terminal

PAPER = ["report", "activities", "--from", "2025-01-01", "--to", "2025-12-31"]


def test_the_paper_wraps_at_words_at_a_terminal_and_is_as_written_when_piped(seeded):
    piped = seeded.ok(*PAPER)
    written = [line for line in piped.splitlines() if re.match(r"\d+\. ", line)]
    assert len(written) == 12 and max(len(line) for line in written) > 400  # one line each
    for width in (80, 100):
        code, screen = at_terminal(*PAPER, columns=width, keep=f"paper-{width}")
        assert code == 0
        assert max(len(line) for line in screen.splitlines()) <= width
        # every word of the paper is there, in order: wrapping cut nothing
        assert screen.split() == piped.split()
        # a numbered paragraph's next lines hang under its text
        first = screen.splitlines().index(
            next(line for line in screen.splitlines() if line.startswith("1. "))
        )
        assert (
            screen.splitlines()[first + 1].startswith("   ")
            and screen.splitlines()[first + 1][3] != " "
        )


def test_long_answers_go_through_the_pager_unless_told_not_to(seeded):
    marked = {"CCC_PAGER": "sed 's/^/| /'"}  # a pager that marks every line it shows
    code, screen = at_terminal("log", columns=100, env=marked)
    assert code == 0 and all(line.startswith("| ") for line in screen.splitlines() if line)
    code, screen = at_terminal("--no-pager", "log", columns=100, env=marked)
    assert code == 0 and not any(line.startswith("| ") for line in screen.splitlines())
    code, screen = at_terminal("log", columns=100, env={"CCC_PAGER": ""})
    assert not any(line.startswith("| ") for line in screen.splitlines())
    # PAGER is used when CCC_PAGER is not set
    code, screen = at_terminal("status", columns=100, env={"PAGER": "sed 's/^/> /'"})
    assert "> Cases" in screen
    assert "|" not in seeded.ok("status").split("\t")[0]  # piped: never paged


def test_the_log_shows_a_screenful_at_a_terminal_and_says_how_to_see_more(seeded):
    seeded.ok("register", "load")
    total = len(seeded.json("log"))
    assert total > 300  # piped and as JSON, every record
    _, screen = at_terminal("log", columns=100, keep="log-screenful")
    ids = [line.split()[0] for line in screen.splitlines() if re.match(r"[0-9a-f]{8}  ", line)]
    assert len(ids) == 50
    assert "The newest 50 records are shown; `ccc log --all` shows every one" in " ".join(
        screen.split()
    )
    _, screen = at_terminal("log", "--all", columns=100)
    assert len([line for line in screen.splitlines() if re.match(r"[0-9a-f]{8}  ", line)]) == total
    _, screen = at_terminal("log", "--limit", "3", columns=100)
    assert len([line for line in screen.splitlines() if re.match(r"[0-9a-f]{8}  ", line)]) == 3
    assert "newest" not in screen


def test_an_error_wraps_at_words_at_a_terminal(seeded):
    code, screen = at_terminal("case", "show", "no-such-case-of-the-committee-at-all", columns=60)
    assert code != 0 and "Traceback" not in screen
    lines = [line for line in screen.splitlines() if line]
    assert len(lines) > 1 and max(len(line) for line in lines) <= 60
    words = " ".join(lines).split()
    assert "no-such-case-of-the-committee-at-all" in " ".join(words)  # a name is never broken


@pytest.mark.parametrize(
    ("typed", "meant"),
    [(["status", "--jsn"], "--json"), (["log", "--limt", "3"], "--limit")],
)
def test_a_misspelt_option_is_told_the_nearest_one(ccc, typed, meant):
    said = ccc.refuses(*typed)
    assert f"did you mean `{meant}`" in said
