"""The seeded content in fixtures/: it loads, survives a re-run and says what the sources say.

The seed is loaded once for the module (tests/conftest.py, seeded_module) and
each test runs in a savepoint, rolled back after it. The runs of `seed` on an
empty database are in test_seed.py.
"""

import datetime
import json
import re
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from modeltranslation.translator import translator
from reversion.models import Version

from common.models import AllianceProfile, Country, Region, Theme
from events.models import Event, EventSpokenLanguage, ExpectedOutcome
from initiatives.models import CountryCoverage, CountryShare, Initiative, RegionShare
from members.models import ContactPerson, Organisation

FIXTURES = sorted((settings.BASE_DIR / "fixtures").glob("*.json"))
SEEDED_APPS = {"common", "members", "events", "initiatives"}
KAZAKH_LETTERS = re.compile("[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")


def fixture_records():
    return [record for path in FIXTURES for record in json.loads(path.read_text("utf-8"))]


def seed():
    out = StringIO()
    call_command("seed", stdout=out)
    return out.getvalue()


# Rows derived from the seeded ones, never in a fixture: what the country filter reads.
DERIVED = {CountryCoverage}


def seeded_objects():
    for model in apps.get_models():
        if model._meta.app_label in SEEDED_APPS and model not in DERIVED:
            yield from model._default_manager.all()


def org(slug):
    return Organisation.objects.get(slug=slug)


def event(slug):
    return Event.objects.get(slug=slug)


def initiative(slug):
    return Initiative.objects.get(slug=slug)


def roles_of(obj, role):
    return [p.organisation.slug for p in obj.participations.filter(role=role)]


@pytest.fixture
def seeded(seeded_module, db):
    """The seed's output; each test reads and changes the module's seeded database."""
    return seeded_module


# --- Loading ------------------------------------------------------------------------------


def test_fixtures_files_are_the_seven_in_load_order():
    assert [path.name for path in FIXTURES] == [
        "01_countries.json",
        "02_themes.json",
        "03_alliance.json",
        "04_organisations.json",
        "05_events.json",
        "06_initiatives.json",
        # Not from the sources: the alliance's own classification of its themes
        # by IATI sector (README, IATI file), which staff edit in the admin.
        "07_theme_sectors.json",
    ]


def test_fixtures_records_carry_no_pk_except_the_alliance_profile():
    with_pk = [record["model"] for record in fixture_records() if "pk" in record]
    assert with_pk == ["common.allianceprofile"]


def test_seed_loads_every_fixture_record(seeded):
    expected = Counter(record["model"] for record in fixture_records())
    loaded = Counter(obj._meta.label_lower for obj in seeded_objects())
    assert loaded == expected
    assert f"Seed: {sum(expected.values())} created, 0 already loaded" in seeded


def test_seeded_content_is_published(seeded):
    # Drafts came after the seed: every seeded organisation, event and initiative is public.
    for model in (Organisation, Event, Initiative):
        assert model.objects.exists()
        assert not model.objects.drafts().exists(), model


def test_seed_run_twice_leaves_staff_edits_alone(seeded):
    biom = org("biom")
    biom.description_en = "Edited by staff."
    biom.themes.clear()
    biom.save()
    Event.objects.filter(slug="res-2026").update(title_en="Edited summit title")
    ExpectedOutcome.objects.filter(event__slug="res-2026", position=0).update(text_en="Edited")
    ContactPerson.objects.filter(name="Nurgul Smagulova").update(is_public=True)
    AllianceProfile.objects.update(goal_en="Edited goal.")

    seed()

    biom.refresh_from_db()
    assert biom.description_en == "Edited by staff."
    assert not biom.themes.exists()
    assert event("res-2026").title_en == "Edited summit title"
    assert event("res-2026").outcomes.get(position=0).text_en == "Edited"
    assert ContactPerson.objects.get(name="Nurgul Smagulova").is_public
    assert AllianceProfile.objects.get().goal_en == "Edited goal."


def test_seed_run_twice_leaves_a_record_staff_deleted_deleted(seeded):
    EventSpokenLanguage.objects.filter(
        event__slug="regional-unity-to-combat-climate-change", language="en"
    ).delete()

    output = seed()

    assert "0 created" in output
    assert "1 deleted by staff (not brought back)" in output
    languages = event("regional-unity-to-combat-climate-change").languages
    assert list(languages.values_list("language", flat=True)) == ["ru"]


def test_seed_gives_each_loaded_record_its_first_version(seeded):
    # Staff compare their edits with what the seed loaded, and can restore it.
    res = event("res-2026")
    version = Version.objects.get_for_object(res).get()
    assert version.revision.get_comment() == "Loaded by the seed (05_events.json)."
    assert version.field_dict["title_ru"] == res.title_ru
    outcomes = version.revision.version_set.get_for_model(ExpectedOutcome)
    assert outcomes.count() == 3
    # One revision per record: restoring one never touches another.
    assert {v.object_repr for v in version.revision.version_set.get_for_model(Event)} == {str(res)}


def test_seeded_objects_pass_full_clean(seeded):
    for obj in seeded_objects():
        obj.full_clean()


def test_seeded_periods_are_stored_normalised(seeded):
    for model in (Event, Initiative):
        for obj in model.objects.all():
            stored = (obj.start_date, obj.end_date, obj.end_precision)
            if obj.start_date:
                # A start given alone ends where its own period ends.
                assert obj.end_date is not None, obj
            obj.save()
            obj.refresh_from_db()
            assert (obj.start_date, obj.end_date, obj.end_precision) == stored, obj


def test_seeded_translated_fields_have_russian_and_kazakh(seeded):
    missing = []
    for model in translator.get_registered_models():
        fields = translator.get_options_for_model(model).fields
        for obj in model._default_manager.all():
            for field in fields:
                if not getattr(obj, f"{field}_en"):
                    continue
                for language in ("ru", "kk"):
                    if not getattr(obj, f"{field}_{language}"):
                        missing.append(f"{model.__name__} {obj.pk} {field}_{language}")
    assert missing == []


def test_seeded_kazakh_prose_is_written_in_kazakh(seeded):
    prose = {
        AllianceProfile: ["goal", "description"],
        Theme: ["description"],
        Organisation: ["description", "mission"],
        Event: ["summary", "description"],
        Initiative: ["summary", "description"],
    }
    for model, fields in prose.items():
        for obj in model.objects.all():
            for field in fields:
                kk, ru = getattr(obj, f"{field}_kk"), getattr(obj, f"{field}_ru")
                if kk:
                    assert KAZAKH_LETTERS.search(kk), (obj, field)
                    assert kk != ru, (obj, field)


# --- Doc 000: the alliance and its members -------------------------------------------------


def test_alliance_profile_formed_in_almaty_in_may_2023(seeded):
    profile = AllianceProfile.current()
    assert profile.name_en == "Central Asian Climate Education Alliance"
    assert profile.name_ru == "Центрально-Азиатский Альянс Климатического Образования"
    assert (profile.acronym_en, profile.acronym_ru) == ("TsAKO", "ЦАКО")
    assert profile.formed_in_en == "Almaty"
    assert profile.formed_on == datetime.date(2023, 5, 1)
    assert profile.formed_on_precision == "month"
    assert {c.code for c in profile.countries.all()} == {"KZ", "KG", "TJ", "UZ"}
    assert "by COP30 in Belém, Brazil, in 2025" in profile.goal_en


def test_countries_central_asian_five_are_flagged(seeded):
    central = set(Country.objects.filter(is_central_asian=True).values_list("code", flat=True))
    assert central == {"KZ", "KG", "TJ", "TM", "UZ"}
    assert Country.objects.get(code="KZ").name_kk == "Қазақстан"


def test_members_are_the_eighteen_organisations_of_the_alliance(seeded):
    members = Organisation.objects.members()
    assert members.count() == 18
    by_country = Counter(members.values_list("country__code", flat=True))
    assert by_country == {"KZ": 7, "KG": 4, "UZ": 3, "TJ": 4}


def test_caps_unlock_keeps_its_founding_note_without_a_year(seeded):
    caps = org("caps-unlock")
    assert caps.kind == "think_tank"
    assert caps.founded_year is None
    assert "April 2023" in caps.founding_note_en
    assert "Soros Foundation-Kazakhstan" in caps.founding_note_en
    assert caps.mission_en.startswith("To provide high-quality research")


def test_biom_founded_1993_in_kyrgyzstan(seeded):
    biom = org("biom")
    assert biom.relation == "member"
    assert biom.country.code == "KG"
    assert biom.founded_year == 1993
    assert biom.name_ru == "Экологическое движение «БИОМ»"
    assert biom.mission_en.startswith("Achieving sustainable positive changes")
    assert "Mission" not in biom.description_en


def test_member_cities_only_where_the_document_gives_them(seeded):
    cities = dict(Organisation.objects.members().exclude(city_en="").values_list("slug", "city_en"))
    assert cities == {"school-69-almaty": "Almaty", "little-earth": "Dushanbe"}


def test_founding_notes_say_what_a_year_cannot(seeded):
    assert "since April 2023" in org("rivers-without-borders").founding_note_en
    assert org("rivers-without-borders").founded_year is None
    assert "2005" in org("ecomuseum").founding_note_en
    assert org("ecomuseum").founded_year == 1995
    assert "Central Asian Mountain Partnership" in org("camp-alatoo").founding_note_en


def test_cut_off_lists_are_kept_without_invented_items(seeded):
    assert "at the water basin level to promote:\n\n" in org("camp-alatoo").description_en
    assert org("ekomaktab").description_en.endswith("Main areas of work:")


def test_unesco_almaty_is_a_partner_founded_1994(seeded):
    unesco = org("unesco-almaty")
    assert (unesco.kind, unesco.relation, unesco.founded_year) == ("un_body", "partner", 1994)
    assert (unesco.city_en, unesco.country.code, unesco.parent.slug) == ("Almaty", "KZ", "unesco")


# --- Doc 001: the Glasgow side event ------------------------------------------------------


def test_glasgow_side_event_time_place_and_languages(seeded):
    side = event("regional-unity-to-combat-climate-change")
    assert side.kind == "side_event"
    assert (side.start_date, side.end_date) == (datetime.date(2021, 11, 2),) * 2
    assert (side.start_time, side.end_time) == (datetime.time(14, 30), datetime.time(16, 15))
    assert side.time_zone == "Europe/London"
    assert side.venue_en == "CAREC pavilion"
    assert side.address_en == "Exhibition Way, Glasgow, G3 8YW, Zone D5"
    assert (side.city_en, side.country.code) == ("Glasgow", "GB")
    assert [lang.language for lang in side.languages.all()] == ["ru", "en"]
    assert side.interpretation_en == "Simultaneous interpretation provided by the organisers"


def test_glasgow_side_event_has_seven_expected_outcomes_in_order(seeded):
    outcomes = list(event("regional-unity-to-combat-climate-change").outcomes.all())
    assert [o.position for o in outcomes] == list(range(7))
    assert outcomes[0].text_en.startswith("Strengthen the regional dialogue")
    assert outcomes[3].text_en.startswith("Ongoing dialogue in the “C5 + 1” format")
    assert outcomes[6].text_en.startswith("The Climate Hub is perfectly suited")


def test_glasgow_side_event_is_part_of_cop26_in_november_2021(seeded):
    cop26 = event("regional-unity-to-combat-climate-change").parent
    assert cop26.slug == "cop26-glasgow"
    assert cop26.kind == "conference"
    assert cop26.start_precision == cop26.end_precision == "month"
    assert (cop26.start_date, cop26.end_date) == (
        datetime.date(2021, 11, 1),
        datetime.date(2021, 11, 30),
    )
    assert (cop26.city_en, cop26.country.code) == ("Glasgow", "GB")


def test_c5_plus_1_meeting_was_held_on_no_date_given_with_kazakhstan_in_the_chair(seeded):
    # "A high-level meeting ... was held under the chairmanship of Kazakhstan": no date.
    meeting = event("c5-plus-1-climate-meeting")
    assert meeting.start_date is None and meeting.end_date is None
    assert meeting.date_status == "held"
    assert meeting.is_over
    assert meeting.attendance == ""  # the source does not say
    assert [(r.organisation.slug, r.role) for r in meeting.participations.all()] == [
        ("government-of-kazakhstan", "chair")
    ]


# --- Doc 002: Regional Ecological Summit 2026 ---------------------------------------------


def test_res_2026_is_held_22_to_24_april_2026_in_astana(seeded):
    res = event("res-2026")
    assert res.kind == "summit"
    assert (res.start_date, res.end_date) == (
        datetime.date(2026, 4, 22),
        datetime.date(2026, 4, 24),
    )
    assert (res.city_en, res.country.code) == ("Astana", "KZ")
    assert res.time_zone == "" and res.start_time is None
    assert res.themes.count() == 8


def test_res_2026_high_level_segment_is_a_child(seeded):
    segment = event("res-2026-high-level-segment")
    assert segment.parent.slug == "res-2026"
    assert segment.kind == "high_level_segment"
    assert (segment.start_date, segment.end_date) == (
        datetime.date(2026, 4, 22),
        datetime.date(2026, 4, 23),
    )


def test_res_2026_expected_outcomes_are_the_three_in_order(seeded):
    outcomes = [o.text_en for o in event("res-2026").outcomes.all()]
    assert len(outcomes) == 3
    assert outcomes[0].startswith("Adoption of the Joint Declaration")
    assert outcomes[1].startswith("Approval of the Regional Programme of Action")
    assert outcomes[2].startswith("Launch of new environmental projects")


def test_res_2026_international_partners_are_listed_in_order(seeded):
    partners = [
        r.organisation.slug for r in event("res-2026").participations.filter(role="partner")
    ]
    assert len(partners) == 23
    assert partners[:4] == [
        "united-nations",
        "unfccc-secretariat",
        "cbd-secretariat",
        "unccd-secretariat",
    ]
    assert partners[-1] == "switch-asia"


def test_res_2026_consultations_are_children_ordered_by_date(seeded):
    consultations = event("res-2026").children.filter(kind="consultation").order_by("start_date")
    assert [(e.city_en, e.start_date, e.end_date) for e in consultations] == [
        ("Almaty", datetime.date(2025, 3, 13), datetime.date(2025, 3, 13)),
        ("Samarkand", datetime.date(2025, 4, 5), datetime.date(2025, 4, 5)),
        ("Ashgabat", datetime.date(2025, 5, 13), datetime.date(2025, 5, 15)),
        ("Dushanbe", datetime.date(2025, 5, 29), datetime.date(2025, 5, 31)),
        ("Bonn", datetime.date(2025, 6, 16), datetime.date(2025, 6, 26)),
        ("Aktau", datetime.date(2025, 8, 1), datetime.date(2025, 8, 2)),
        ("New York", datetime.date(2025, 9, 25), datetime.date(2025, 9, 25)),
        ("Belém", datetime.date(2025, 11, 1), datetime.date(2025, 11, 30)),
        ("Nairobi", datetime.date(2025, 12, 8), datetime.date(2025, 12, 12)),
    ]


def test_cop30_is_november_2025_with_three_side_events(seeded):
    cop30 = event("cop30-belem")
    assert cop30.start_precision == "month"
    assert cop30.period_display == "November 2025"
    side_events = cop30.children.order_by("start_date")
    assert [e.start_date.day for e in side_events] == [15, 18, 19]
    assert {e.kind for e in side_events} == {"side_event"}
    assert [r.organisation.slug for r in side_events[0].participations.all()] == ["iom"]
    assert [r.organisation.slug for r in side_events[1].participations.all()] == [
        "pik",
        "high",
        "unfpa",
    ]
    assert {r.organisation.slug for r in side_events[2].participations.all()} == {
        "unfccc-secretariat",
        "cbd-secretariat",
        "unccd-secretariat",
        "fao",
        "oecd",
    }


def test_unea_7_side_event_is_december_2025_at_month_precision(seeded):
    side = event("unea-7-drying-seas-and-lakes")
    assert side.parent.slug == "unea-7"
    assert side.title_en == "Drying of seas and lakes – a global catastrophe of the 21st century"
    assert (side.start_date, side.end_date) == (
        datetime.date(2025, 12, 1),
        datetime.date(2025, 12, 31),
    )
    assert side.start_precision == side.end_precision == "month"


def test_summit_thematic_areas_carry_their_focus(seeded):
    theme = Theme.objects.get(slug="ecological-and-digital-competencies")
    assert theme.description_en.startswith("Environmental education, digital solutions")
    assert "Practical benefits:" in theme.description_en
    assert Theme.objects.filter(events__slug="res-2026").count() == 8


# --- Doc 003: IUCN in Central Asia --------------------------------------------------------


def test_iucn_central_asia_office_opened_in_tashkent_in_2025(seeded):
    office = org("iucn-central-asia")
    assert (office.city_en, office.country.code, office.founded_year) == ("Tashkent", "UZ", 2025)
    assert office.parent.slug == "iucn"
    assert org("iucn").short_name_ru == "МСОП"


def test_folur_budget_is_iucns_share_led_by_fao_uzbekistan(seeded):
    folur = initiative("folur-uzbekistan")
    assert (folur.budget_amount, folur.budget_currency) == (Decimal("541500.00"), "USD")
    assert folur.budget_note_en == "IUCN's budget share"
    assert roles_of(folur, "lead") == ["fao-uzbekistan"]
    assert roles_of(folur, "funder") == ["gef"]
    assert roles_of(folur, "implementing") == ["iucn", "icarda"]
    assert [c.code for c in folur.countries.all()] == ["UZ"]
    assert folur.start_precision == "year"
    assert (folur.start_date, folur.end_date) == (
        datetime.date(2024, 1, 1),
        datetime.date(2026, 12, 31),
    )


def test_one_health_eur_11_million_2024_to_2029(seeded):
    one_health = initiative("one-health-central-asia")
    assert (one_health.budget_amount, one_health.budget_currency) == (
        Decimal("11000000.00"),
        "EUR",
    )
    assert one_health.budget_note_en == ""
    assert one_health.start_precision == one_health.end_precision == "year"
    assert (one_health.start_date, one_health.end_date) == (
        datetime.date(2024, 1, 1),
        datetime.date(2029, 12, 31),
    )
    assert one_health.period_display == "2024\u2009–\u20092029"  # CLDR English: thin spaces
    assert roles_of(one_health, "lead") == ["iucn"]
    assert roles_of(one_health, "funder") == ["iki"]
    assert one_health.participations.get(role="funder").organisation.parent.slug == "bmuv"


def test_budgets_are_stored_as_decimals_with_their_currency(seeded):
    budgets = dict(
        Initiative.objects.exclude(budget_amount=None).values_list("slug", "budget_amount")
    )
    assert budgets["dsl-ip-global-coordination"] == Decimal("1610000.00")
    assert budgets["blue-peace-central-asia-2"] == Decimal("8100000.00")
    assert budgets["iucn-sos-central-asia"] == Decimal("749042.00")
    assert budgets["western-tien-shan-cooperation"] == Decimal("125200.00")
    assert budgets["tech4nature-western-tien-shan"] == Decimal("60480.00")
    assert budgets["central-asia-nexus-dialogue"] == Decimal("1300000.00")


def test_blue_peace_2_spans_the_five_countries_with_a_consortium(seeded):
    blue_peace = initiative("blue-peace-central-asia-2")
    assert {c.code for c in blue_peace.countries.all()} == {"KZ", "KG", "TJ", "TM", "UZ"}
    assert roles_of(blue_peace, "lead") == ["iwmi"]
    assert roles_of(blue_peace, "funder") == ["sdc"]
    assert roles_of(blue_peace, "implementing") == ["iucn", "carec"]
    assert blue_peace.participations.get(organisation__slug="carec").note_en == (
        "Consortium partner"
    )


def test_dsl_ip_countries_are_iucns_child_projects(seeded):
    dsl = initiative("dsl-ip-global-coordination")
    assert {c.code for c in dsl.countries.all()} == {"KZ", "KE", "BF"}
    assert "child projects in Kenya, Burkina Faso and Kazakhstan" in dsl.geographic_scope_en
    assert roles_of(dsl, "lead") == ["fao"]


def test_central_asia_only_initiatives_give_a_scope_not_countries(seeded):
    for slug in ["one-health-central-asia", "iucn-sos-central-asia", "central-asia-nexus-dialogue"]:
        obj = initiative(slug)
        assert obj.geographic_scope_en == "Central Asia", slug
        assert not obj.countries.exists(), slug
    assert not CountryShare.objects.exclude(percentage=None).exists()


# The five initiatives the sources describe as covering Central Asia, with no country list.
CENTRAL_ASIA_WIDE = [
    "blue-peace-central-asia-1",
    "central-asia-nexus-dialogue",
    "iucn-sos-central-asia",
    "one-health-central-asia",
    "wecoop-third-phase",
]


def test_central_asia_is_the_dac_region_619_of_the_five_countries(seeded):
    region = Region.objects.get(code="619")
    assert (region.name_en, region.name_ru, region.name_kk) == (
        "Central Asia",
        "Центральная Азия",
        "Орталық Азия",
    )
    # The OECD DAC's Central Asia: its recipients 613-617.
    assert sorted(region.countries.values_list("code", flat=True)) == [
        "KG",
        "KZ",
        "TJ",
        "TM",
        "UZ",
    ]
    assert list(Region.objects.all()) == [region]


def test_central_asia_wide_initiatives_cover_the_region_without_shares(seeded):
    covering = RegionShare.objects.filter(region__code="619")
    assert sorted(covering.values_list("initiative__slug", flat=True)) == CENTRAL_ASIA_WIDE
    # No source gives a share in percent: none is invented.
    assert not RegionShare.objects.exclude(percentage=None).exists()
    for slug in CENTRAL_ASIA_WIDE:
        assert initiative(slug).geographic_scope_en == "Central Asia", slug
        assert not initiative(slug).countries.exists(), slug


def test_seeded_coverage_is_derived_from_the_shares_and_the_region(seeded):
    # 12 country shares, and the five countries of Central Asia for each of five initiatives.
    assert CountryCoverage.objects.count() == 12 + 5 * 5
    one_health = CountryCoverage.objects.filter(initiative__slug="one-health-central-asia")
    assert sorted(one_health.values_list("country__code", flat=True)) == [
        "KG",
        "KZ",
        "TJ",
        "TM",
        "UZ",
    ]


def test_seeded_kazakhstan_filter_finds_the_region_wide_half(seeded):
    in_kazakhstan = Initiative.objects.in_countries("KZ")
    tally = in_kazakhstan.tally(split=True)

    assert tally.count == 8
    assert tally.regional.count == 5
    assert sorted(in_kazakhstan.country_specific().values_list("slug", flat=True)) == [
        "blue-peace-central-asia-2",
        "dsl-ip-global-coordination",
        "western-tien-shan-cooperation",
    ]
    # One Health's EUR 11 m, which the country filter used to leave out.
    regional_eur = {t["budget_currency"]: t["total"] for t in tally.regional.totals}["EUR"]
    assert regional_eur == Decimal("11000000.00") + Decimal("1300000.00")


def test_nexus_dialogue_led_by_carec_with_ec_ifas(seeded):
    nexus = initiative("central-asia-nexus-dialogue")
    assert roles_of(nexus, "lead") == ["carec"]
    assert roles_of(nexus, "funder") == ["european-union"]
    assert roles_of(nexus, "implementing") == ["ec-ifas"]


# --- Doc 004: WGECC and WECOOP ------------------------------------------------------------


def test_wecoop_contacts_are_private_with_their_phones(seeded):
    contacts = {c.name: c for c in ContactPerson.objects.select_related("organisation")}
    assert set(contacts) == {"Yelena Serebrennikova", "Nurgul Smagulova", "Yerkezhan Amriyeva"}
    assert not any(c.is_public for c in contacts.values())
    yelena = contacts["Yelena Serebrennikova"]
    assert (yelena.organisation.slug, yelena.phone) == ("wecoop", "+77019814020")
    assert yelena.role_en == "Senior Communication Expert"
    assert contacts["Nurgul Smagulova"].phone == "+77012066760"
    yerkezhan = contacts["Yerkezhan Amriyeva"]
    assert yerkezhan.organisation.slug == "eu-delegation-kazakhstan"
    assert yerkezhan.role_en == "Political, Press and Information Section"
    assert yerkezhan.phone == ""


def test_wgecc_coordination_committee_meeting_was_held_online_on_no_date_given(seeded):
    # "Today, officials ... convened": held; "The meeting was organized online".
    meeting = event("wgecc-coordination-committee-2")
    assert meeting.kind == "working_group_meeting"
    assert meeting.attendance == "online"
    assert meeting.start_date is None and meeting.end_date is None
    assert meeting.date_status == "held"
    assert [(r.organisation.slug, r.role) for r in meeting.participations.all()] == [
        ("wecoop", "organiser"),
        ("dg-environment", "chair"),
        ("imels", "chair"),
        ("european-union", "participant"),
    ]
    assert (
        "Andrzej Januszewski"
        in meeting.participations.get(organisation__slug="dg-environment").note_en
    )
    assert "Angiolo Martinelli" in meeting.participations.get(organisation__slug="imels").note_en


def test_wgecc_10th_meeting_was_scheduled_in_almaty_without_a_date(seeded):
    # "scheduled to take place in Almaty this year", in a report written before COP26
    # (November 2021): due in a year now over, never said to be held.
    meeting = event("wgecc-10th-meeting")
    assert (meeting.city_en, meeting.country.code, meeting.start_date) == ("Almaty", "KZ", None)
    assert meeting.date_status == "was_scheduled"
    assert meeting.is_over
    assert meeting.parent is None


def test_wecoop_third_phase_runs_october_2019_to_october_2022(seeded):
    wecoop = initiative("wecoop-third-phase")
    assert wecoop.start_precision == wecoop.end_precision == "month"
    assert (wecoop.start_date, wecoop.end_date) == (
        datetime.date(2019, 10, 1),
        datetime.date(2022, 10, 31),
    )
    assert roles_of(wecoop, "funder") == ["european-union"]
    assert org("wecoop").kind == "project"
