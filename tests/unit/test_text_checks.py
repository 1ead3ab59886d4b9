"""Which characters a text field refuses (inputs.base.control_character), at the edges of
each range: what a terminal would act on is refused, its neighbours are kept."""

from __future__ import annotations

import pytest

from ccc.application.inputs import control_character

REFUSED = [0x00, 0x08, 0x0B, 0x0D, 0x1B, 0x1F, 0x7F, 0x85, 0x9F, 0x2028, 0x2029, 0x202A,
           0x202E, 0x2066, 0x2069, 0xD800, 0xDFFF]  # fmt: skip
KEPT = [0x20, 0x7E, 0xA0, 0xE9, 0x2027, 0x202F, 0x2065, 0x206A, 0xD7FF, 0xE000, 0x1F600]


@pytest.mark.parametrize("code", REFUSED)
def test_what_a_terminal_would_act_on_is_found_first(code):
    text = f"ok {chr(code)} then \x1b"
    assert control_character(text, multiline=False) == chr(code)
    assert control_character(text, multiline=True) == chr(code)


@pytest.mark.parametrize("code", KEPT)
def test_printable_neighbours_are_kept(code):
    assert control_character(f"a{chr(code)}b", multiline=False) is None


def test_tabs_and_line_feeds_only_where_several_lines_are_allowed():
    for char in "\n\t":
        assert control_character(f"one{char}two", multiline=True) is None
        assert control_character(f"one{char}two", multiline=False) == char
    assert control_character("one\r\ntwo", multiline=True) == "\r"
