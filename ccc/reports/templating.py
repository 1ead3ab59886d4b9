"""Jinja2 for reports: templates from a folder the secretariat chooses, else ccc's own."""

from __future__ import annotations

import os
from contextlib import suppress
from functools import cache
from typing import Any

from ccc.errors import InvalidInput
from ccc.reports import words

KEEP_CAPITAL = {
    "Action",
    "Actions",
    "Article",
    "Articles",
    "Committee",
    "Convention",
    "Intersessional",
    "Meeting",
    "Meetings",
    "Siem",
    "State",
    "States",
    "United",
}


def lower_first(text: str) -> str:
    """Lower-case a phrase's first letter where it now runs inside a sentence, unless the
    first word is a name, an acronym or one of the Convention's capitalised terms."""
    first = text.split(" ", 1)[0]
    if not first or first in KEEP_CAPITAL or first.isupper() or not first[1:].islower():
        return text
    from ccc.domain.names import key, organisation_index

    if key(first) in organisation_index():  # a name of an organisation keeps its capital
        return text
    return text[:1].lower() + text[1:]


def environment(templates: str | None = None, *, html: bool = False) -> Any:
    """The Jinja environment for these templates, made once per process: an environment
    compiles each template on first use, and the site's build renders hundreds of
    dossiers (592 compilations took 23 s at 100,000 records)."""
    if templates is not None and not os.path.isdir(templates):
        raise InvalidInput(
            f"--templates {templates} is not a folder; give the folder of your templates."
        )
    return _environment(templates, html)


@cache
def _environment(templates: str | None, html: bool) -> Any:
    """Templates from `templates` first, then ccc's own. For an HTML document every
    template it uses, the sentence macros included, escapes every value (a summary
    holding `<script>` prints as text); nothing from the log is ever marked safe."""
    import jinja2

    loaders: list[jinja2.BaseLoader] = [jinja2.PackageLoader("ccc.reports", "templates")]
    if templates:
        loaders.insert(0, jinja2.FileSystemLoader(templates))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        bytecode_cache=_compiled_templates(html),
        autoescape=html,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters.update(
        upper_first=words.first_upper,
        lower_first=lower_first,
        listing=words.listing,
        on=words.on,
        party=words.party,
        parties=words.parties,
        state=words.state,
        articles=words.articles,
        actions=words.actions,
        several=words.several,
        day=_in_words,  # an ISO day in words
        edtf=_in_words,  # an EDTF date in words at its precision ("December 2023")
    )
    return env


def _compiled_templates(html: bool) -> Any:
    """Jinja's cache of compiled templates, in the user's cache folder (private to them):
    compiling the paper's templates took 0.15-0.4 s of every `report activities`. Jinja
    checks each entry against its template's source, so an edited template is compiled
    again. None (compile every time) when the folder cannot be made.

    One folder per escaping: a template compiles differently with autoescape on (HTML)
    and off (Markdown), and Jinja's key for an entry is the template's name and file
    only, so one shared folder gave the HTML paper a template compiled without escaping
    (tests/reliability/test_markup.py found it)."""
    import jinja2

    class Quiet(jinja2.FileSystemBytecodeCache):  # a full disk costs speed, never a paper
        def dump_bytecode(self, bucket: Any) -> None:
            with suppress(OSError):
                super().dump_bytecode(bucket)

    from platformdirs import user_cache_dir

    root = os.environ.get("CCC_CACHE") or os.path.join(user_cache_dir("ccc", False), "templates")
    folder = os.path.join(root, "html-escaped" if html else "text")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return Quiet(folder)


def _in_words(value: str) -> str:
    from ccc.domain.dates import in_words

    return in_words(str(value))


def render(name: str, context: dict[str, Any], templates: str | None = None) -> str:
    import jinja2

    html = name.endswith(".html.j2")
    try:
        return str(environment(templates, html=html).get_template(name).render(**context))
    except jinja2.TemplateSyntaxError as error:
        raise InvalidInput(
            f"the template {error.filename or error.name} has an error at line {error.lineno}: "
            f"{error.message}; fix it or remove it from --templates."
        ) from error
    except jinja2.TemplateError as error:
        raise InvalidInput(
            f"the templates could not draft the report ({error}); check the templates in "
            "--templates against ccc's own."
        ) from error
