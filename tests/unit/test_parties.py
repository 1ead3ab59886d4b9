import csv

import pytest

from ccc.domain.names import depositary_names
from ccc.domain.parties import resolve_party, resolve_state
from ccc.errors import InvalidInput
from tests.conftest import ROOT


@pytest.mark.parametrize("text", ["Türkiye", "Turkey", "TUR", "turkiye", "TR"])
def test_turkiye_is_found_by_any_of_its_names(text):
    assert resolve_state(text) == "TUR"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Swaziland", "SWZ"),
        ("Eswatini", "SWZ"),
        ("Democratic Republic of the Congo", "COD"),
        ("Cape Verde", "CPV"),
        ("The former Yugoslav Republic of Macedonia", "MKD"),
        ("Czechia", "CZE"),
        ("Bahamas (The)", "BHS"),
        ("Netherlands (Kingdom of the)", "NLD"),
        ("St. Kitts and Nevis", "KNA"),
        ("Viet Nam", "VNM"),
        ("Côte d'Ivoire", "CIV"),
        ("ukraine", "UKR"),
    ],
)
def test_variant_and_depositary_names_resolve_to_iso_codes(text, code):
    assert resolve_state(text) == code


def test_every_state_in_the_shipped_depositary_table_resolves_by_its_un_name():
    with (ROOT / "ccc" / "data" / "states-parties.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 166
    assert {row["name"]: resolve_state(row["name"]) for row in rows} == {
        row["name"]: row["iso3"] for row in rows
    }
    assert depositary_names()["TUR"] == "Türkiye"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ICBL", "ICBL"),
        ("International Campaign to Ban Landmines", "ICBL"),
        ("Human Rights Watch", "HRW"),
        ("icrc", "ICRC"),
        ("Implementation Support Unit", "ISU"),
        ("Secretary-General", "UN Secretary-General"),
        ("President", "President of the Convention"),
        ("Article 5 Committee", "Committee on Article 5 Implementation"),
    ],
)
def test_organisations_are_found_by_name_or_alias(text, name):
    party = resolve_party(text)
    assert (party.kind, party.name) == ("organisation", name)


def test_groups_are_named_with_an_optional_count():
    everyone = resolve_party("all States Parties")
    assert (everyone.kind, everyone.name, everyone.count) == ("group", "all States Parties", None)
    three = resolve_party("3 States Parties with outstanding Article 9 obligations")
    assert (three.kind, three.name, three.count) == (
        "group",
        "States Parties with outstanding Article 9 obligations",
        3,
    )
    named = resolve_party({"group": "Article 9 letters", "members": ["Ukraine", "Peru"]})
    assert (named.count, named.members) == (2, ("UKR", "PER"))
    assert resolve_party("group:Friends of the Chair").name == "Friends of the Chair"


def test_an_unknown_name_is_refused_with_the_closest_matches():
    with pytest.raises(InvalidInput, match=r"'Ukrane' is not .*closest: Ukraine \(UKR\)"):
        resolve_party("Ukrane")
    with pytest.raises(InvalidInput, match="not a State we know"):
        resolve_state("Atlantis")
