"""XLIFF 1.2 for CAT tools (memoQ, Trados, OmegaT, Weblate): the texts to translate, and back.

One <file> per kind of record and source language (XLIFF 1.2 gives a file one
source language), one <trans-unit> per field of a record, its id
"app.model:pk:field". The unit holds the current source, the existing target
and its state: needs-translation (missing), needs-review-translation
(outdated) or translated (up to date).

Import refuses a unit whose source changed since the export (or whose record
is gone), and then writes nothing at all: a file is taken whole or not.
Written and read with lxml; the tests read our files with translate-toolkit too.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from lxml import etree

from .models import PENDING, Status
from .registry import (
    LANGUAGES,
    column,
    field_source,
    field_values,
    source_language_of,
    tracked_models,
    translated_fields,
)
from .tracking import confirm, field_states, states_by_record

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_NS = "http://www.w3.org/XML/1998/namespace"
STATE_OF = {
    Status.MISSING: "needs-translation",
    Status.OUTDATED: "needs-review-translation",
    Status.CURRENT: "translated",
}
# The XLIFF states that mean "this target is done" (the others leave it as it was).
DONE = {"translated", "final", "signed-off"}
MAX_BYTES = 20 * 1024 * 1024


class XliffError(ValueError):
    """The file is not an XLIFF 1.2 file this portal can read."""


def q(name):
    return f"{{{NS}}}{name}"


def export(language, *, only_pending=False, models=None):
    """The XLIFF 1.2 document (bytes) of every translated text for translators into `language`."""
    if language not in LANGUAGES:
        raise ValueError(f"Unknown language {language!r}")
    root = etree.Element(q("xliff"), nsmap={None: NS}, version="1.2")
    files = {}
    for model in models or tracked_models():
        fields = translated_fields(model)
        records = list(model._default_manager.order_by("pk"))
        rows = states_by_record(model, [record.pk for record in records])
        for record in records:
            states = field_states(record, rows.get(record.pk, []))
            source_language = source_language_of(record)
            for name in fields:
                state = states[name][language]
                if state not in STATE_OF or (only_pending and state not in PENDING):
                    continue
                values = field_values(record, name)
                src = field_source(values, source_language)
                body = files.get((model, src))
                if body is None:
                    file_element = etree.SubElement(
                        root,
                        q("file"),
                        original=model._meta.label_lower,
                        datatype="plaintext",
                        date=timezone.now().replace(microsecond=0).isoformat(),
                        **{"source-language": src, "target-language": language},
                    )
                    header = etree.SubElement(file_element, q("header"))
                    etree.SubElement(header, q("tool"), {"tool-id": "tsako", "tool-name": "TsAKO"})
                    body = files[(model, src)] = etree.SubElement(file_element, q("body"))
                unit = etree.SubElement(
                    body,
                    q("trans-unit"),
                    id=f"{model._meta.label_lower}:{record.pk}:{name}",
                    resname=f"{model._meta.label_lower}.{name}",
                )
                unit.set(f"{{{XML_NS}}}space", "preserve")
                etree.SubElement(unit, q("source")).text = values[src]
                etree.SubElement(unit, q("target"), state=STATE_OF[state]).text = values[language]
                note = etree.SubElement(unit, q("note"), **{"from": "developer"})
                label = model._meta.get_field(name).verbose_name
                note.text = f"{model._meta.verbose_name}: {record} — {label}"
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@dataclass
class Change:
    record: object
    field: str
    before: str
    after: str


@dataclass
class Refusal:
    unit_id: str
    reason: str


@dataclass
class ImportPlan:
    """What a file would do: targets written, translations confirmed, units refused."""

    language: str = ""
    changes: list = field(default_factory=list)
    confirmations: list = field(default_factory=list)
    unchanged: int = 0
    refused: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.refused


def text_of(element):
    """An element's whole text, inline markup (<g>, <x/>, <mrk>) flattened to its text."""
    if element is None:
        return ""
    return "".join(element.itertext())


def parse(data):
    if len(data) > MAX_BYTES:
        raise XliffError("The file is too large.")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise XliffError(f"Not well-formed XML: {error}") from error
    if root.tag != q("xliff") or root.get("version") != "1.2":
        raise XliffError("Not an XLIFF 1.2 file.")
    return root


def plan(data, *, may_translate=None):
    """Read an XLIFF file and decide what it would change, writing nothing.

    `may_translate(model, language)`: whether the importing person may write
    that model's texts in that language (the admin's translators); refused if not.
    """
    root = parse(data)
    result = ImportPlan()
    tracked = {model._meta.label_lower: model for model in tracked_models()}
    targets = set()
    for file_element in root.iterfind(q("file")):
        language = file_element.get("target-language", "")
        source_language = file_element.get("source-language", "")
        targets.add(language)
        for unit in file_element.iter(q("trans-unit")):
            unit_id = unit.get("id", "")
            reason = check_unit(
                result, unit, unit_id, language, source_language, tracked, may_translate
            )
            if reason:
                result.refused.append(Refusal(unit_id, reason))
    if len(targets) > 1:
        result.refused.append(Refusal("", "The file holds more than one target language."))
    result.language = next(iter(targets), "")
    return result


def check_unit(result, unit, unit_id, language, source_language, tracked, may_translate):
    """Add what one unit would do to `result`; the reason it is refused, if it is."""
    label, _sep, rest = unit_id.partition(":")
    pk, _sep, name = rest.partition(":")
    model = tracked.get(label)
    if model is None or name not in translated_fields(model) or not pk.isdigit():
        return "Not a text of this portal."
    if language not in LANGUAGES:
        return f"Unknown target language {language!r}."
    if may_translate is not None and not may_translate(model, language):
        return "You may not change this text in this language."
    record = model._default_manager.filter(pk=int(pk)).first()
    if record is None:
        return "The record no longer exists."
    values = field_values(record, name)
    src = field_source(values, source_language_of(record))
    if src != source_language or values.get(src, "") != text_of(unit.find(q("source"))):
        return "The source text changed since the export: export again."
    if src == language:
        return "The target language is the text's source language."
    target = unit.find(q("target"))
    text = text_of(target)
    if not text:
        result.unchanged += 1
    elif text != values[language]:
        result.changes.append(Change(record, name, values[language], text))
    elif target.get("state", "translated") in DONE and (
        field_states(record)[name][language] == Status.OUTDATED
    ):
        result.confirmations.append(Change(record, name, text, text))
    else:
        result.unchanged += 1
    return ""


def apply(import_plan):
    """Write a plan with no refusal, all at once (one save per record, in one transaction)."""
    if not import_plan.ok:
        raise XliffError("A file with refused units is not imported.")
    language = import_plan.language
    with transaction.atomic():
        by_record = {}
        for change in import_plan.changes:
            key = (type(change.record), change.record.pk)
            record = by_record.setdefault(
                key, type(change.record)._default_manager.get(pk=change.record.pk)
            )
            setattr(record, column(change.field, language), change.after)
        for record in by_record.values():
            names = [
                column(change.field, language)
                for change in import_plan.changes
                if (type(change.record), change.record.pk) == (type(record), record.pk)
            ]
            record.save(update_fields=names)
        for change in import_plan.confirmations:
            confirm(change.record, change.field, language)
    return len(import_plan.changes), len(import_plan.confirmations)
