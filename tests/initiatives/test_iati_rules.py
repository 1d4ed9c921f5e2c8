"""IATI's own rules on the IATI export: the Standard Ruleset 2.03 and the codelists, offline.

The seed is loaded once for the module (tests/conftest.py, seeded_module); the
tests of the evaluator itself (initiatives/iati_rules.py) read small documents.
"""

import datetime
import json
from collections import Counter
from pathlib import Path

import pytest
from django.core.cache import cache
from lxml import etree

from initiatives import iati_rules
from initiatives.iati_codelists import codelist, has_code
from initiatives.models import Initiative, ThemeSector

SCHEMA = Path(__file__).resolve().parents[2] / "initiatives" / "iati_schema" / "2.03"
NOW = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)
# A reporting-org identifier of the form IATI's rule 1.14.8 wants (agency XI-IATI).
REGISTERED_REF = "XI-IATI-TSAKO"


@pytest.fixture
def seeded(seeded_module, db):
    cache.clear()
    yield seeded_module
    cache.clear()


def seed_file(client):
    response = client.get("/api/v1/initiatives.xml")
    assert response.status_code == 200
    return etree.fromstring(b"".join(response.streaming_content))


def agencies():
    return codelist("OrganisationRegistrationAgency")


def failures(document, **kwargs):
    kwargs.setdefault("org_id_prefixes", agencies())
    kwargs.setdefault("now", NOW)
    return iati_rules.evaluate(document, **kwargs)


def ids(found):
    return sorted({failure.id for failure in found})


# --- The seed's file -------------------------------------------------------


def test_seed_file_passes_every_rule_of_the_standard_ruleset(client, seeded, settings):
    settings.IATI_REPORTING_ORG_REF = REGISTERED_REF

    document = seed_file(client)

    schema = etree.XMLSchema(etree.parse(str(SCHEMA / "iati-activities-schema.xsd")))
    assert schema.validate(document), schema.error_log
    assert len(document) == 9
    found = iati_rules.evaluate(document, org_id_prefixes=agencies())
    assert found == [], "\n".join(map(str, found))


def test_seed_file_with_the_placeholder_reporter_only_warns_of_it(client, seeded):
    # TSAKO (the default until the alliance registers an identifier) is no agency's.
    found = failures(seed_file(client), now=None)

    assert {(failure.id, failure.severity) for failure in found} == {("1.14.8", "warning")}
    assert len(found) == 9


def test_seed_file_codes_are_in_the_iati_codelists(client, seeded):
    document = seed_file(client)

    checks = {
        "//activity-date/@type": "ActivityDateType",
        "//activity-status/@code": "ActivityStatus",
        "//recipient-country/@code": "Country",
        "//location/administrative[@vocabulary='A4']/@code": "Country",
        "//location/administrative/@vocabulary": "GeographicVocabulary",
        "//recipient-region[@vocabulary='1']/@code": "Region",
        "//recipient-region/@vocabulary": "RegionVocabulary",
        "//sector[@vocabulary='1']/@code": "Sector",
        "//sector/@vocabulary": "SectorVocabulary",
        "//tag/@vocabulary": "TagVocabulary",
        "//participating-org/@role": "OrganisationRole",
        "//participating-org/@type | //reporting-org/@type": "OrganisationType",
        "//iati-activity/description/@type": "DescriptionType",
        "//document-link/@format": "FileFormat",
        "//document-link/category/@code": "DocumentCategory",
        "//document-link/language/@code | //@xml:lang": "Language",
        "//@default-currency | //value/@currency": "Currency",
        "//transaction-type/@code": "TransactionType",
    }
    for path, name in checks.items():
        codes = set(document.xpath(path))
        assert codes, path  # the seed's file uses each of them
        assert {code for code in codes if not has_code(name, code)} == set(), (path, name)
    # Every element that carries a code is checked above.
    coded = {element.tag for element in document.xpath("//*[@code]")}
    assert coded == {
        "activity-status",
        "recipient-country",
        "recipient-region",
        "administrative",
        "sector",
        "tag",
        "category",
        "language",
        "transaction-type",
    }


def test_seed_sectors_every_activity_adds_up_to_100(client, seeded):
    document = seed_file(client)

    for element in document:
        percentages = [
            float(value) for value in element.xpath("sector[@vocabulary='1']/@percentage")
        ]
        assert percentages and sum(percentages) == pytest.approx(100)
    # Blue Peace 2.0: water cooperation and youth engagement, half each.
    (blue_peace,) = document.xpath(
        "iati-activity[iati-identifier='TSAKO-blue-peace-central-asia-2']"
    )
    assert blue_peace.xpath("sector/@code") == ["14010", "15150"]
    assert blue_peace.xpath("sector/@percentage") == ["50", "50"]


def test_seed_budget_shares_carry_their_note(client, seeded):
    document = seed_file(client)

    for slug in ("folur-uzbekistan", "dsl-ip-global-coordination"):
        (element,) = document.xpath(f"iati-activity[iati-identifier='TSAKO-{slug}']")
        assert element.find("budget") is None
        text = element.findtext("transaction/description/narrative")
        assert "IUCN's budget share" in text, slug


def test_every_seeded_theme_has_a_dac_sector(seeded):
    mapped = set(ThemeSector.objects.filter(vocabulary="1").values_list("theme__slug", flat=True))
    themes = set(Initiative.themes.through.objects.values_list("theme__slug", flat=True).distinct())

    assert themes <= mapped
    for code in ThemeSector.objects.values_list("code", flat=True):
        assert has_code("Sector", code)


# --- The evaluator: each rule the export used to break ----------------------------


def document(*activities):
    body = "".join(activities)
    return etree.fromstring(f'<iati-activities version="2.03">{body}</iati-activities>'.encode())


def an_activity(inner="", dates=None, geography=None, sectors=None, lang=' xml:lang="en"'):
    dates = dates or '<activity-date type="1" iso-date="2024-01-01"/>'
    if geography is None:
        geography = '<recipient-country code="UZ"/>'
    if sectors is None:
        sectors = '<sector vocabulary="1" code="41030"/>'
    return (
        f'<iati-activity default-currency="EUR" last-updated-datetime="2026-01-01T00:00:00"{lang}>'
        "<iati-identifier>XI-IATI-TSAKO-x</iati-identifier>"
        '<reporting-org ref="XI-IATI-TSAKO" type="23"><narrative>TsAKO</narrative></reporting-org>'
        "<title><narrative>Title</narrative></title>"
        '<description type="1"><narrative>Text</narrative></description>'
        '<participating-org role="2"><narrative>IUCN</narrative></participating-org>'
        f'<activity-status code="2"/>{dates}{geography}{sectors}{inner}'
        "</iati-activity>"
    )


def test_a_clean_activity_passes():
    assert failures(document(an_activity())) == []


def test_an_activity_without_a_sector_fails_6_2_2():
    assert ids(failures(document(an_activity(sectors="")))) == ["6.2.2"]


def test_a_budget_over_a_year_fails_7_5_3():
    budget = (
        '<budget type="1" status="1"><period-start iso-date="2024-01-01"/>'
        '<period-end iso-date="2029-12-31"/><value value-date="2024-01-01">1</value></budget>'
    )

    assert ids(failures(document(an_activity(budget)))) == ["7.5.3"]


@pytest.mark.parametrize(
    ("end", "passes"),
    [
        ("2024-12-31", True),  # a leap year, whole: 365 days from its first day
        ("2025-01-01", False),  # 366 days
    ],
)
def test_time_limit_allows_365_days(end, passes):
    budget = (
        '<budget><period-start iso-date="2024-01-01"/>'
        f'<period-end iso-date="{end}"/><value value-date="2024-01-01">1</value></budget>'
    )

    assert (failures(document(an_activity(budget))) == []) is passes


def test_several_countries_without_percentages_fail_3_1_1_and_3_1_2():
    countries = '<recipient-country code="KZ"/><recipient-country code="KG"/>'

    assert ids(failures(document(an_activity(geography=countries)))) == ["3.1.1", "3.1.2"]


def test_country_percentages_short_of_100_fail_3_1_2():
    countries = (
        '<recipient-country code="KZ" percentage="60"/>'
        '<recipient-country code="KG" percentage="30"/>'
    )

    assert ids(failures(document(an_activity(geography=countries)))) == ["3.1.2"]


def test_a_region_with_countries_must_share_100_with_them_3_4_2():
    geography = (
        '<recipient-country code="KZ" percentage="50"/>'
        '<recipient-region code="619" vocabulary="1" percentage="40"/>'
    )

    assert ids(failures(document(an_activity(geography=geography)))) == ["3.4.2"]


def test_an_activity_with_no_country_or_region_fails_3_7_1():
    assert ids(failures(document(an_activity(geography="")))) == ["3.7.1"]


def test_sector_percentages_must_add_up_to_100_per_vocabulary():
    sectors = (
        '<sector vocabulary="1" code="41030" percentage="33.33"/>'
        '<sector vocabulary="1" code="14010" percentage="33.33"/>'
        '<sector vocabulary="2" code="410" percentage="50"/>'
        '<sector vocabulary="2" code="140" percentage="40"/>'
    )

    found = failures(document(an_activity(sectors=sectors)))

    # Once, for DAC 5: the ruleset's loop over the other vocabularies substitutes
    # its `paths` only ("subs"), so its condition never holds, in IATI's validator too.
    assert Counter(failure.id for failure in found) == {"2.1.2": 1}


def test_several_sectors_without_percentages_fail_2_1_1():
    sectors = '<sector vocabulary="1" code="41030"/><sector vocabulary="1" code="14010"/>'

    assert ids(failures(document(an_activity(sectors=sectors)))) == ["2.1.1"]


def test_an_actual_start_in_the_future_fails_11_1_4():
    dates = '<activity-date type="2" iso-date="2027-01-01"/>'

    assert ids(failures(document(an_activity(dates=dates)))) == ["11.1.4"]


def test_a_commitment_dated_in_the_future_fails_11_2_1_and_11_2_2():
    transaction = (
        '<transaction><transaction-type code="2"/><transaction-date iso-date="2027-01-01"/>'
        '<value value-date="2027-01-01">1</value></transaction>'
    )

    assert ids(failures(document(an_activity(transaction)))) == ["11.2.1", "11.2.2"]


def test_planned_dates_out_of_order_fail_11_1_2():
    dates = (
        '<activity-date type="1" iso-date="2025-01-01"/>'
        '<activity-date type="3" iso-date="2024-12-31"/>'
    )

    assert ids(failures(document(an_activity(dates=dates)))) == ["11.1.2"]


def test_narratives_without_a_language_fail_4_1_1():
    assert ids(failures(document(an_activity(lang="")))) == ["4.1.1"]


def test_an_identifier_not_starting_with_the_reporter_warns_1_1_21():
    tree = document(an_activity().replace("XI-IATI-TSAKO-x", "OTHER-x"))

    assert ids(failures(tree)) == ["1.1.21"]


def test_a_reporter_of_no_registration_agency_warns_1_14_8():
    tree = document(an_activity().replace("XI-IATI-TSAKO", "TSAKO"))

    assert ids(failures(tree)) == ["1.14.8"]
    # A publisher the IATI Registry knows is not checked (idCondition).
    assert ids(failures(tree, registered_ids={"TSAKO"})) == []


def test_a_case_with_a_false_condition_is_skipped():
    ruleset = {
        "//iati-activity": {
            "atleast_one": {
                "cases": [
                    {"condition": "false()", "paths": ["budget"], "ruleInfo": {"id": "x"}},
                    {"condition": "true()", "paths": ["budget"], "ruleInfo": {"id": "y"}},
                ]
            }
        }
    }

    assert ids(failures(document(an_activity()), ruleset=ruleset)) == ["y"]


def test_an_unknown_rule_type_is_an_error_not_a_pass():
    ruleset = {"//iati-activity": {"made_up": {"cases": [{"paths": ["title"]}]}}}

    with pytest.raises(ValueError, match="made_up"):
        failures(document(an_activity()), ruleset=ruleset)


def test_every_rule_type_of_the_standard_ruleset_is_implemented():
    ruleset = json.loads(iati_rules.RULESET.read_text("utf-8"))
    used = set()
    for rules in ruleset.values():
        for rule, spec in rules.items():
            used.add(rule)
            for case in spec["cases"]:
                used.update(case.get("do", {}))

    assert used - {"loop"} <= iati_rules.RULE_TYPES
    assert len(used) >= 15
