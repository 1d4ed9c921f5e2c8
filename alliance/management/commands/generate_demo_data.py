"""Generate plausible demo content at scale, for benchmarks and trying the portal out.

Records are written with bulk_create in batches, in English, Russian and
Kazakh from the small vocabularies below (no network, no big dependency),
spread over the seed's countries, regions and themes. Every slug starts with `demo-`,
so `--delete` removes exactly what this command made.

It never runs with DEBUG off, and it refuses (without --force) a database that
already holds organisations other than the seed's: production is neither.
"""

import datetime
import json
import random
import secrets
import time
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import translation

from common.dates import DatePrecision, period_end, period_start
from common.models import Country, Region, Theme
from events.models import (
    HOLDS_PARTS,
    AttendanceMode,
    Event,
    EventParticipation,
    EventSpokenLanguage,
    ExpectedOutcome,
)
from initiatives.models import (
    CountryCoverage,
    CountryShare,
    Initiative,
    Participation,
    RegionShare,
)
from members.models import Organisation
from toolkit.i18n import LANGUAGE_CODES

from .seed import FIXTURES_DIR

PREFIX = "demo-"
BATCH = 2000

# (English, Russian, Kazakh)
TOPICS = [
    ("Climate education", "Климатическое образование", "Климаттық білім беру"),
    ("Water security", "Водная безопасность", "Су қауіпсіздігі"),
    ("Glacier monitoring", "Мониторинг ледников", "Мұздықтарды бақылау"),
    ("Renewable energy", "Возобновляемая энергетика", "Жаңартылатын энергия"),
    ("Air quality", "Качество воздуха", "Ауа сапасы"),
    ("Biodiversity", "Биоразнообразие", "Биоәртүрлілік"),
    ("Sustainable agriculture", "Устойчивое сельское хозяйство", "Тұрақты ауыл шаруашылығы"),
    ("Disaster risk reduction", "Снижение риска бедствий", "Апат қаупін азайту"),
    ("Green schools", "Зелёные школы", "Жасыл мектептер"),
    ("Youth climate action", "Молодёжные климатические действия", "Жастардың климаттық әрекеті"),
    ("Land restoration", "Восстановление земель", "Жерді қалпына келтіру"),
    ("Energy efficiency", "Энергоэффективность", "Энергия тиімділігі"),
    ("Aral Sea recovery", "Восстановление Аральского моря", "Арал теңізін қалпына келтіру"),
    ("Waste management", "Управление отходами", "Қалдықтарды басқару"),
    ("Forest protection", "Охрана лесов", "Орманды қорғау"),
    ("Teacher training", "Подготовка учителей", "Мұғалімдерді даярлау"),
    ("Clean transport", "Чистый транспорт", "Таза көлік"),
    ("Snow leopard habitats", "Места обитания снежного барса", "Ілбіс мекендері"),
]
SCOPES = [
    ("in rural schools", "в сельских школах", "ауыл мектептерінде"),
    ("for young people", "для молодёжи", "жастар үшін"),
    ("in mountain regions", "в горных регионах", "таулы аймақтарда"),
    ("across Central Asia", "в Центральной Азии", "Орталық Азияда"),
    ("for universities", "для университетов", "университеттер үшін"),
    ("in the Fergana Valley", "в Ферганской долине", "Ферғана алқабында"),
    ("for local communities", "для местных сообществ", "жергілікті қауымдастықтар үшін"),
    ("in cities", "в городах", "қалаларда"),
    ("for teachers", "для учителей", "мұғалімдер үшін"),
    ("along the Syr Darya", "в бассейне Сырдарьи", "Сырдария бойында"),
]
PHASES = [("", "", ""), ("phase II", "этап II", "II кезең"), ("phase III", "этап III", "III кезең")]
ORG_WORDS = [
    ("Centre", "Центр", "орталығы"),
    ("Foundation", "Фонд", "қоры"),
    ("Association", "Ассоциация", "қауымдастығы"),
    ("Institute", "Институт", "институты"),
    ("Network", "Сеть", "желісі"),
    ("Society", "Общество", "қоғамы"),
]
EVENT_WORDS = [
    ("Forum", "Форум", "форумы"),
    ("Workshop", "Семинар", "семинары"),
    ("Conference", "Конференция", "конференциясы"),
    ("Consultation", "Консультация", "консультациясы"),
    ("Round table", "Круглый стол", "дөңгелек үстелі"),
    ("Summer school", "Летняя школа", "жазғы мектебі"),
]
CITIES = {
    "KZ": [("Almaty", "Алматы", "Алматы"), ("Astana", "Астана", "Астана"),
           ("Shymkent", "Шымкент", "Шымкент"), ("Karaganda", "Караганда", "Қарағанды")],
    "KG": [("Bishkek", "Бишкек", "Бішкек"), ("Osh", "Ош", "Ош"), ("Karakol", "Каракол", "Қарақол")],
    "TJ": [("Dushanbe", "Душанбе", "Душанбе"), ("Khujand", "Худжанд", "Хұжанд")],
    "UZ": [("Tashkent", "Ташкент", "Ташкент"), ("Samarkand", "Самарканд", "Самарқанд"),
           ("Nukus", "Нукус", "Нөкіс")],
    "TM": [("Ashgabat", "Ашхабад", "Ашхабад"), ("Turkmenabat", "Туркменабад", "Түрікменабат")],
}  # fmt: skip
VENUES = [
    ("University hall", "Актовый зал университета", "Университеттің мәжіліс залы"),
    ("City library", "Городская библиотека", "Қалалық кітапхана"),
    ("Hotel conference centre", "Конференц-центр отеля", "Қонақүйдің конференц-орталығы"),
    ("Regional museum", "Областной музей", "Облыстық музей"),
]
OUTCOMES = [
    ("A joint statement of the participants", "Совместное заявление участников",
     "Қатысушылардың бірлескен мәлімдемесі"),
    ("Recommendations for the ministries of education", "Рекомендации министерствам образования",
     "Білім министрліктеріне ұсынымдар"),
    ("A network of trained teachers", "Сеть подготовленных учителей",
     "Даярланған мұғалімдер желісі"),
    ("Pilot lessons in ten schools", "Пилотные уроки в десяти школах",
     "Он мектептегі пилоттық сабақтар"),
]  # fmt: skip
CURRENCIES = ["EUR", "USD", "KZT", "CHF", "GBP", "KGS", "UZS"]
EVENT_LANGUAGES = ["en", "ru", "kk", "ky", "tg", "uz"]
TIME_ZONES = {"KZ": "Asia/Almaty", "KG": "Asia/Bishkek", "TJ": "Asia/Dushanbe",
              "UZ": "Asia/Tashkent", "TM": "Asia/Ashgabat"}  # fmt: skip
LANGUAGES = LANGUAGE_CODES


def translated(field, texts):
    """{'title': en, 'title_en': en, 'title_ru': ru, 'title_kk': kk}."""
    values = {f"{field}_{code}": text for code, text in zip(LANGUAGES, texts, strict=True)}
    values[field] = texts[0]
    return values


def seed_organisation_slugs():
    path = FIXTURES_DIR / "04_organisations.json"
    return {
        record["fields"]["slug"]
        for record in json.loads(path.read_text())
        if record["model"] == "members.organisation"
    }


class Generator:
    """Builds the records; `rng` makes a run reproducible."""

    def __init__(self, rng, run, countries, themes, stdout, regions=(), regions_rng=None):
        self.rng = rng
        self.run = run
        self.countries = countries
        self.regions = list(regions)
        # Regions are drawn from a generator of their own, so that every other record is
        # what it was before regions existed (the benchmark's figures stay comparable).
        self.regions_rng = regions_rng or random.Random(0)
        self.central = [c for c in countries if c.code in CITIES] or countries
        self.themes = themes
        self.stdout = stdout
        self.today = datetime.date.today()

    def slug(self, kind, number):
        return f"{PREFIX}{kind}-{self.run}-{number}"

    def period(self, earliest, latest, long=False):
        """(start, start precision, end, end precision), normalised as PeriodModel.save does."""
        rng = self.rng
        year = rng.randint(earliest, latest)
        start = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        start_precision = rng.choices(
            [DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR], [6, 3, 1]
        )[0]
        if long:
            end = start + datetime.timedelta(days=rng.randint(180, 5 * 365))
            end_precision = start_precision
        elif rng.random() < 0.6:
            end, end_precision = start, start_precision
        else:
            end = start + datetime.timedelta(days=rng.randint(1, 4))
            end_precision = start_precision
        start = period_start(start, start_precision)
        end = period_end(end, end_precision)
        return start, start_precision, max(end, start), end_precision

    def city(self, country):
        options = CITIES.get(country.code)
        return self.rng.choice(options) if options else None

    def bulk(self, model, objects):
        created = []
        for index in range(0, len(objects), BATCH):
            created += model.objects.bulk_create(objects[index : index + BATCH])
        return created

    def organisations(self, count):
        rng = self.rng
        kinds = [choice for choice, _label in Organisation._meta.get_field("kind").choices]
        records = []
        for number in range(count):
            country = rng.choice(self.central) if rng.random() < 0.85 else None
            city = self.city(country) if country else None
            topic, word = rng.choice(TOPICS), rng.choice(ORG_WORDS)
            where = city or ("International", "Международный", "Халықаралық")
            name = (
                f"{where[0]} {word[0]} for {topic[0].lower()}",
                f"{word[1]} «{topic[1]}» ({where[1]})",
                f"«{topic[2]}» {word[2]} ({where[2]})",
            )
            records.append(
                Organisation(
                    slug=self.slug("org", number),
                    kind=rng.choice(kinds),
                    relation=rng.choices(["member", "partner", "other"], [3, 4, 3])[0],
                    country=country,
                    founded_year=rng.randint(1960, 2024) if rng.random() < 0.8 else None,
                    website=f"https://{self.slug('org', number)}.example.org",
                    **translated("name", name),
                    **translated("short_name", ("", "", "")),
                    **translated("city", city or ("", "", "")),
                    **translated("founding_note", ("", "", "")),
                    **translated(
                        "description",
                        (
                            f"Works on {topic[0].lower()} with schools, universities and "
                            "local authorities.",
                            f"Работает по направлению «{topic[1]}» со школами, "
                            "университетами и местными властями.",
                            f"Мектептермен, университеттермен және жергілікті билікпен "
                            f"«{topic[2]}» бағытында жұмыс істейді.",
                        ),
                    ),
                    **translated(
                        "mission",
                        (
                            "A greener, better informed Central Asia.",
                            "Более зелёная и информированная Центральная Азия.",
                            "Жасылырақ әрі хабардар Орталық Азия.",
                        ),
                    ),
                )
            )
        created = self.bulk(Organisation, records)
        Through = Organisation.themes.through
        self.bulk(
            Through,
            [
                Through(organisation_id=org.pk, theme_id=theme.pk)
                for org in created
                for theme in rng.sample(self.themes, rng.randint(1, 3))
            ],
        )
        return created

    def events(self, count, organisations):
        rng = self.rng
        kinds = [choice for choice, _label in Event._meta.get_field("kind").choices]
        top_count = max(1, int(count * 0.8)) if count else 0
        created = []
        for phase, total in (("top", top_count), ("child", count - top_count)):
            # A child is part of an event of a kind that holds parts (a summit, not a workshop).
            holders = [event for event in created if event.kind in HOLDS_PARTS]
            records = []
            for offset in range(total):
                number = len(created) + offset
                country = rng.choice(self.central)
                city = self.city(country) or ("", "", "")
                topic, word = rng.choice(TOPICS), rng.choice(EVENT_WORDS)
                start, start_precision, end, end_precision = self.period(
                    self.today.year - 6, self.today.year + 2
                )
                online = rng.random() < 0.2
                venue = ("", "", "") if online else rng.choice(VENUES)
                parent = rng.choice(holders) if phase == "child" and holders else None
                records.append(
                    Event(
                        slug=self.slug("event", number),
                        kind=rng.choice(kinds),
                        parent=parent,
                        start_date=start,
                        start_precision=start_precision,
                        end_date=end,
                        end_precision=end_precision,
                        time_zone=TIME_ZONES.get(country.code, ""),
                        country=country,
                        attendance=AttendanceMode.ONLINE if online else "",
                        website=f"https://{self.slug('event', number)}.example.org",
                        **translated(
                            "title",
                            (
                                f"{word[0]}: {topic[0].lower()} {city[0]}".strip(),
                                f"{word[1]}: {topic[1].lower()} {city[1]}".strip(),
                                f"{city[2]} {topic[2].lower()} {word[2]}".strip(),
                            ),
                        ),
                        **translated("venue", venue),
                        **translated("address", ("", "", "")),
                        **translated("city", city),
                        **translated("interpretation", ("", "", "")),
                        **translated(
                            "summary",
                            (
                                f"Practitioners and officials discuss {topic[0].lower()}.",
                                f"Практики и чиновники обсуждают тему «{topic[1]}».",
                                f"Мамандар мен шенеуніктер «{topic[2]}» тақырыбын талқылайды.",
                            ),
                        ),
                        **translated(
                            "description",
                            (
                                "Sessions, field visits and a closing statement.",
                                "Сессии, выезды на места и итоговое заявление.",
                                "Сессиялар, жерге шығу және қорытынды мәлімдеме.",
                            ),
                        ),
                    )
                )
            created += self.bulk(Event, records)
        Through = Event.themes.through
        self.bulk(
            Through,
            [
                Through(event_id=event.pk, theme_id=theme.pk)
                for event in created
                for theme in rng.sample(self.themes, rng.randint(1, 2))
            ],
        )
        self.bulk(
            EventSpokenLanguage,
            [
                EventSpokenLanguage(event_id=event.pk, language=code, position=position)
                for event in created
                for position, code in enumerate(rng.sample(EVENT_LANGUAGES, rng.randint(1, 3)))
            ],
        )
        self.bulk(
            ExpectedOutcome,
            [
                ExpectedOutcome(event_id=event.pk, position=position, **translated("text", text))
                for event in created
                for position, text in enumerate(rng.sample(OUTCOMES, rng.randint(0, 2)))
            ],
        )
        roles = []
        for event in created:
            for position, org in enumerate(rng.sample(organisations, min(3, len(organisations)))):
                role = "organiser" if position == 0 else rng.choice(["partner", "co_organiser"])
                roles.append(
                    EventParticipation(
                        event_id=event.pk,
                        organisation_id=org.pk,
                        role=role,
                        position=position,
                        **translated("note", ("", "", "")),
                    )
                )
        self.bulk(EventParticipation, roles)
        return created

    def initiatives(self, count, organisations):
        rng = self.rng
        records = []
        for number in range(count):
            topic, scope, phase = rng.choice(TOPICS), rng.choice(SCOPES), rng.choice(PHASES)
            start, start_precision, end, end_precision = self.period(
                self.today.year - 12, self.today.year + 3, long=True
            )
            budget = rng.random() < 0.7
            acronym = "".join(word[0] for word in topic[0].split()).upper() + str(number % 100)
            records.append(
                Initiative(
                    slug=self.slug("initiative", number),
                    start_date=start,
                    start_precision=start_precision,
                    end_date=end,
                    end_precision=end_precision,
                    budget_amount=Decimal(rng.randint(20, 50000) * 1000) if budget else None,
                    budget_currency=rng.choice(CURRENCIES) if budget else "",
                    website=f"https://{self.slug('initiative', number)}.example.org",
                    **translated(
                        "title",
                        tuple(
                            f"{t} {s} {p}".strip()
                            for t, s, p in zip(topic, scope, phase, strict=True)
                        ),
                    ),
                    **translated("acronym", (acronym, acronym, acronym)),
                    **translated(
                        "summary",
                        (
                            f"Supports {topic[0].lower()} {scope[0]} with training, small "
                            "grants and public events.",
                            f"Поддерживает направление «{topic[1]}» {scope[1]}: обучение, "
                            "малые гранты и публичные мероприятия.",
                            f"{scope[2].capitalize()} «{topic[2]}» бағытын қолдайды: оқыту, "
                            "шағын гранттар және көпшілік іс-шаралар.",
                        ),
                    ),
                    **translated(
                        "description",
                        (
                            "Partners share methods, train teachers and publish open materials.",
                            "Партнёры обмениваются методиками, обучают учителей и публикуют "
                            "открытые материалы.",
                            "Серіктестер әдістемелермен бөліседі, мұғалімдерді оқытады және "
                            "ашық материалдар жариялайды.",
                        ),
                    ),
                    **translated("budget_note", ("", "", "")),
                    **translated("geographic_scope", ("", "", "")),
                )
            )
        created = self.bulk(Initiative, records)
        Through = Initiative.themes.through
        self.bulk(
            Through,
            [
                Through(initiative_id=initiative.pk, theme_id=theme.pk)
                for initiative in created
                for theme in rng.sample(self.themes, rng.randint(1, 3))
            ],
        )
        shares, region_shares = [], []
        regions_rng = self.regions_rng
        for initiative in created:
            chosen = rng.sample(self.central, rng.randint(1, min(3, len(self.central))))
            with_percent = rng.random() < 0.5
            # One in five covers a region (as half the seed's do), half of those with no
            # country of their own: what a country filter finds through the region.
            if self.regions and regions_rng.random() < 0.2:
                region = regions_rng.choice(self.regions)
                region_shares.append(RegionShare(initiative_id=initiative.pk, region_id=region.pk))
                if regions_rng.random() < 0.5:
                    continue
            for country in chosen:
                percent = Decimal(100 / len(chosen)).quantize(Decimal("0.01"))
                shares.append(
                    CountryShare(
                        initiative_id=initiative.pk,
                        country_id=country.pk,
                        percentage=percent if with_percent else None,
                    )
                )
        self.bulk(CountryShare, shares)
        self.bulk(RegionShare, region_shares)
        # bulk_create sends no signal: derive what the country filter reads here.
        CountryCoverage.objects.refresh([initiative.pk for initiative in created])
        participations = []
        for initiative in created:
            chosen = rng.sample(organisations, min(len(organisations), rng.randint(1, 4)))
            for position, org in enumerate(chosen):
                role = ["lead", "funder", "implementing", "implementing"][position]
                participations.append(
                    Participation(
                        initiative_id=initiative.pk,
                        organisation_id=org.pk,
                        role=role,
                        position=position,
                        **translated("note", ("", "", "")),
                    )
                )
        self.bulk(Participation, participations)
        return created


def delete_demo_data():
    """Remove every record whose slug starts with demo-, and what hangs off it."""
    counts = {}
    with transaction.atomic():
        counts["initiatives"] = Initiative.objects.filter(slug__startswith=PREFIX).delete()[0]
        events = Event.objects.filter(slug__startswith=PREFIX)
        # Children first: an event's parent is protected.
        deleted = 0
        while events.exists():
            leaves = events.exclude(
                pk__in=Event.objects.filter(parent__isnull=False).values("parent")
            )
            deleted += leaves.delete()[0]
        counts["events"] = deleted
        counts["organisations"] = Organisation.objects.filter(slug__startswith=PREFIX).delete()[0]
    return counts


class Command(BaseCommand):
    help = (
        "Generate demo organisations, events and initiatives (slugs start with 'demo-') in "
        "all three languages, with their themes, countries, regions, roles and outcomes. "
        "Refuses to run with DEBUG off."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=10_000)
        parser.add_argument("--events", type=int, default=20_000)
        parser.add_argument("--initiatives", type=int, default=50_000)
        parser.add_argument("--seed", type=int, default=1, help="Random seed (reproducible runs).")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though the database holds organisations other than the seed's.",
        )
        parser.add_argument(
            "--delete", action="store_true", help="Delete the demo data instead of generating."
        )

    def handle(self, *args, organisations, events, initiatives, seed, force, delete, **options):
        if not settings.DEBUG:
            raise CommandError(
                "DEBUG is off: this looks like production, and demo data never goes there."
            )
        from toolkit.cache import bump_content_version
        from toolkit.clock import tick_all

        started = time.perf_counter()
        if delete:
            counts = delete_demo_data()
            bump_content_version()
            self.stdout.write(
                f"Deleted {counts['organisations']} organisations, {counts['events']} events and "
                f"{counts['initiatives']} initiatives (with their relations) in "
                f"{time.perf_counter() - started:.1f} s."
            )
            return
        others = Organisation.objects.exclude(slug__in=seed_organisation_slugs())
        if others.exists() and not force:
            raise CommandError(
                f"The database holds {others.count()} organisations that are not the seed's "
                "(real content, or demo data from an earlier run). Use --force to add more, "
                "or --delete to remove earlier demo data."
            )
        countries, themes = list(Country.objects.all()), list(Theme.objects.all())
        if not countries or not themes:
            raise CommandError("No countries or themes: run `manage.py seed` first.")
        generator = Generator(
            random.Random(seed),
            secrets.token_hex(2),
            countries,
            themes,
            self.stdout,
            regions=Region.objects.all(),
            regions_rng=random.Random(f"{seed}-regions"),
        )
        with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE), transaction.atomic():
            orgs = generator.organisations(organisations)
            step = time.perf_counter()
            self.stdout.write(f"{len(orgs)} organisations in {step - started:.1f} s")
            if not orgs:
                orgs = list(Organisation.objects.all()[:50])
            made_events = generator.events(events, orgs)
            self.stdout.write(f"{len(made_events)} events in {time.perf_counter() - step:.1f} s")
            step = time.perf_counter()
            made = generator.initiatives(initiatives, orgs)
            self.stdout.write(f"{len(made)} initiatives in {time.perf_counter() - step:.1f} s")
        if connection.vendor == "postgresql":
            # Fresh statistics, or the planner takes the new tables for empty.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        bump_content_version()
        tick_all()  # bulk_create sent no signal: the API's validators must change
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {len(orgs)} organisations, {len(made_events)} events and "
                f"{len(made)} initiatives in {time.perf_counter() - started:.1f} s."
            )
        )
