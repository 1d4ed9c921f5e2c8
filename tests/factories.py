"""factory_boy factories for every model: test data comes from here, not fixtures."""

import datetime
from decimal import Decimal

import factory
from factory.django import DjangoModelFactory

from common.models import AllianceProfile, Country, Region, Theme
from events.models import Event, EventKind, EventParticipation, EventSpokenLanguage, ExpectedOutcome
from initiatives.models import (
    CountryShare,
    Initiative,
    Participation,
    ParticipationRole,
    RegionShare,
    ThemeSector,
)
from members.models import ContactPerson, Organisation, OrganisationKind, Relation


class CountryFactory(DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = factory.Iterator(["KZ", "KG", "TJ", "UZ", "TM"])
    name_en = factory.LazyAttribute(lambda o: f"Country {o.code}")
    name_ru = factory.LazyAttribute(lambda o: f"Страна {o.code}")
    name_kk = factory.LazyAttribute(lambda o: f"Ел {o.code}")
    is_central_asian = True


class RegionFactory(DjangoModelFactory):
    """Central Asia (OECD DAC 619) by default; pass `countries=[...]` to say what it covers."""

    class Meta:
        model = Region
        django_get_or_create = ("code",)
        skip_postgeneration_save = True

    code = "619"
    name_en = "Central Asia"
    name_ru = "Центральная Азия"
    name_kk = "Орталық Азия"

    @factory.post_generation
    def countries(self, create, countries):
        if create and countries:
            self.countries.add(*countries)


class ThemeFactory(DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")
    name_ru = factory.Sequence(lambda n: f"Тема {n}")
    name_kk = factory.Sequence(lambda n: f"Тақырып {n}")


class AllianceProfileFactory(DjangoModelFactory):
    class Meta:
        model = AllianceProfile

    name_en = "Central Asian Climate Education Alliance"
    name_ru = "Центрально-Азиатский Альянс Климатического Образования"
    acronym_en = "TsAKO"
    acronym_ru = "ЦАКО"
    goal_en = "Compulsory climate education in our four countries."
    goal_ru = "Обязательное климатическое образование в наших четырёх странах."
    formed_in_en = "Almaty"
    formed_on = datetime.date(2023, 5, 1)


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    name_ru = factory.Sequence(lambda n: f"Организация {n}")
    name_kk = factory.Sequence(lambda n: f"Ұйым {n}")
    slug = factory.Sequence(lambda n: f"organisation-{n}")
    kind = OrganisationKind.NGO
    relation = Relation.MEMBER
    country = factory.SubFactory(CountryFactory)
    founded_year = 2005
    description_en = "Works on environmental education."
    mission_en = "A greener Central Asia."


class ContactPersonFactory(DjangoModelFactory):
    class Meta:
        model = ContactPerson

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Contact Person {n}")
    role_en = "Coordinator"
    phone = "+77010000000"
    email = factory.Sequence(lambda n: f"person{n}@example.org")


class EventFactory(DjangoModelFactory):
    class Meta:
        model = Event
        django_get_or_create = ("slug",)

    title_en = factory.Sequence(lambda n: f"Event {n}")
    title_ru = factory.Sequence(lambda n: f"Мероприятие {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    kind = EventKind.CONFERENCE
    start_date = datetime.date(2026, 4, 22)
    city_en = "Astana"
    country = factory.SubFactory(CountryFactory)
    summary_en = "A regional meeting."


class EventParticipationFactory(DjangoModelFactory):
    class Meta:
        model = EventParticipation

    event = factory.SubFactory(EventFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class EventSpokenLanguageFactory(DjangoModelFactory):
    class Meta:
        model = EventSpokenLanguage

    event = factory.SubFactory(EventFactory)
    language = "ru"


class ExpectedOutcomeFactory(DjangoModelFactory):
    class Meta:
        model = ExpectedOutcome

    event = factory.SubFactory(EventFactory)
    position = factory.Sequence(int)
    text_en = factory.Sequence(lambda n: f"Outcome {n}")


class InitiativeFactory(DjangoModelFactory):
    class Meta:
        model = Initiative
        django_get_or_create = ("slug",)

    title_en = factory.Sequence(lambda n: f"Initiative {n}")
    title_ru = factory.Sequence(lambda n: f"Инициатива {n}")
    slug = factory.Sequence(lambda n: f"initiative-{n}")
    summary_en = "Restores degraded land."
    start_date = datetime.date(2024, 1, 1)
    start_precision = "year"
    end_date = datetime.date(2029, 12, 31)
    end_precision = "year"
    budget_amount = Decimal("1000000")
    budget_currency = "EUR"


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = Participation

    initiative = factory.SubFactory(InitiativeFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = ParticipationRole.LEAD


class CountryShareFactory(DjangoModelFactory):
    class Meta:
        model = CountryShare

    initiative = factory.SubFactory(InitiativeFactory)
    country = factory.SubFactory(CountryFactory)


class RegionShareFactory(DjangoModelFactory):
    class Meta:
        model = RegionShare

    initiative = factory.SubFactory(InitiativeFactory)
    region = factory.SubFactory(RegionFactory)


class ThemeSectorFactory(DjangoModelFactory):
    class Meta:
        model = ThemeSector

    theme = factory.SubFactory(ThemeFactory)
    vocabulary = "1"
    code = "41081"
