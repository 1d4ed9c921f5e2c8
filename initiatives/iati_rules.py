"""IATI's Standard Ruleset 2.03 (vendored in `iati_rulesets/2.03/`), evaluated on an IATI file.

Hand-written because no maintained Python package evaluates the 2.03 ruleset:
IATI's validator is JavaScript (IATI/js-validator-api) and the Python
reference (IATI-Rulesets' `iatirulesets`) predates half the rule types. Each
rule type follows the JavaScript validator, which the ruleset is written for
(IATI-Rulesets' SPEC_JS.rst), except that an XPath result counts as XPath's
boolean() says (an empty node-set is false), as in the Python reference:

- a case with a `condition` is skipped where the condition is false, and one
  with an `idCondition` where the values are identifiers of publishers the
  IATI Registry knows (`registered_ids`, none offline: the rule then applies);
- a date rule whose dates are missing is skipped; "NOW" is the present moment;
  a date without a time is midnight UTC, as JavaScript's Date reads it;
- time_limit allows at most 365 days between start and end;
- strict_sum and range read the values as decimals (a value that is no number
  fails); regex rules pass empty values;
- loop runs its `do` cases once per distinct value of `foreach`, with `$1`
  replaced by that value in the keys that `subs` names.

`evaluate()` returns the failures; an empty list is a file that passes.
"""

import datetime
import functools
import json
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import NamedTuple

from lxml import etree

RULESET = Path(__file__).resolve().parent / "iati_rulesets" / "2.03" / "standard.json"
ORG_ID_PREFIX = "ORG-ID-PREFIX"


@functools.cache
def standard_ruleset():
    return json.loads(RULESET.read_text("utf-8"))


class Failure(NamedTuple):
    id: str  # the rule's id in the ruleset, "6.2.2"
    severity: str  # "error" or "warning"
    message: str
    rule: str  # the rule type, "atleast_one"
    activity: str  # the iati-identifier of the activity it was found in ("" outside one)

    def __str__(self):
        return f"{self.id} ({self.severity}, {self.rule}) {self.activity}: {self.message}"


def truth(result):
    """XPath's boolean() of an XPath result, as lxml returns it."""
    if isinstance(result, list):
        return bool(result)
    if isinstance(result, float):
        return result == result and result != 0  # NaN is false
    return bool(result)


def text_of(match):
    if isinstance(match, etree._Element):
        return "".join(match.itertext())
    return str(match)


def parse_moment(text):
    """An xsd:date or xsd:dateTime as an aware datetime (a bare date at midnight UTC)."""
    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment


def as_decimal(text):
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


class Case:
    """One case of a rule, on one element of its context."""

    def __init__(self, element, case, checker):
        self.element = element
        self.case = case
        self.checker = checker
        self.matches = [match for path in case.get("paths", ()) for match in self.select(path)]
        self.texts = [text_of(match) for match in self.matches]

    def select(self, path):
        return self.element.xpath(path)

    def moment(self, key):
        path = self.case[key]
        if path == "NOW":
            return self.checker.now
        found = self.select(path)
        if not isinstance(found, list) or not found:
            return None
        return parse_moment(text_of(found[0]))

    def applies(self):
        if "condition" in self.case and not truth(self.select(self.case["condition"])):
            return False
        registered = self.checker.registered_ids
        if self.case.get("idCondition") == "NOT_EXISTING_ORG_ID":
            return not any(text in registered for text in self.texts)
        if self.case.get("idCondition") == "NOT_EXISTING_ORG_ID_PREFIX":
            return not any(
                text.startswith(f"{org_id}-") for text in self.texts for org_id in registered
            )
        return True

    # --- The rule types: True passes, False fails, None does not apply ----------------

    def atleast_one(self):
        return len(self.matches) >= 1

    def no_more_than_one(self):
        return len(self.matches) <= 1

    def only_one_of(self):
        for excluded in self.case["excluded"]:
            if truth(self.select(excluded)):
                return not self.matches
        return len(self.matches) == 1

    def dependent(self):
        found = [bool(self.select(path)) for path in self.case["paths"]]
        return all(found) or not any(found)

    def one_or_all(self):
        if truth(self.select(self.case["one"])):
            return True
        kind = self.case["all"]
        if kind == "lang":
            return all(
                narrative.xpath("@xml:lang") for narrative in self.select("descendant::narrative")
            )
        if kind == "sector":
            return all(transaction.xpath("sector") for transaction in self.select("transaction"))
        if kind == "currency":
            return all(
                value.get("currency")
                for path in ("value", "forecast", "loan-status")
                for value in self.select(f"descendant::{path}")
            )
        if kind == "recipient-country|recipient-region":
            return all(
                transaction.xpath("recipient-country|recipient-region")
                for transaction in self.select("transaction")
            )
        return True

    def unique(self):
        return len(self.texts) == len(set(self.texts))

    def strict_sum(self):
        values = [as_decimal(text) for text in self.texts]
        return None not in values and sum(values, Decimal(0)) == Decimal(str(self.case["sum"]))

    def sum(self):
        return not self.matches or self.strict_sum()

    def range(self):
        low = Decimal(str(self.case["min"])) if "min" in self.case else None
        high = Decimal(str(self.case["max"])) if "max" in self.case else None
        values = [as_decimal(text) for text in self.texts]
        return all(
            value is not None and (low is None or low <= value) and (high is None or value <= high)
            for value in values
        )

    def date_order(self):
        less, more = self.moment("less"), self.moment("more")
        if less is None or more is None:
            return None
        return less <= more

    def date_now(self):
        moment = self.moment("date")
        return None if moment is None else moment <= self.checker.now

    def time_limit(self):
        start, end = self.moment("start"), self.moment("end")
        if start is None or end is None:
            return None
        return (end - start).days <= 365

    def between_dates(self):
        moment, start, end = self.moment("date"), self.moment("start"), self.moment("end")
        if moment is None or start is None or end is None:
            return None
        return start <= moment <= end

    def regex_matches(self):
        regex = re.compile(self.case["regex"])
        return all(text == "" or regex.search(text) for text in self.texts)

    def regex_no_matches(self):
        regex = re.compile(self.case["regex"])
        return all(text == "" or not regex.search(text) for text in self.texts)

    def no_spaces(self):
        return all(text == text.strip() for text in self.texts)

    def startswith(self):
        prefixes = self.case["prefix"]
        if prefixes in (ORG_ID_PREFIX, [ORG_ID_PREFIX]):
            # The agency is everything before the second hyphen: "XM-DAC" of "XM-DAC-41114".
            agencies = self.checker.org_id_prefixes
            return all("-".join(text.split("-")[:2]) in agencies for text in self.texts)
        separator = self.case.get("separator", "")
        starts = [text_of(match) + separator for path in prefixes for match in self.select(path)]
        return all(any(text.startswith(start) for start in starts) for text in self.texts)

    def if_then(self):
        if truth(self.select(self.case["if"])):
            return truth(self.select(self.case["then"]))
        return True


RULE_TYPES = {
    name
    for name, value in vars(Case).items()
    if callable(value) and not name.startswith("_") and name not in {"select", "moment", "applies"}
}


class Checker:
    """The ruleset and what the rules need from outside the file."""

    def __init__(self, ruleset, org_id_prefixes, registered_ids, now):
        self.ruleset = ruleset
        self.org_id_prefixes = frozenset(org_id_prefixes)
        self.registered_ids = frozenset(registered_ids)
        self.now = now

    def cases(self, element, rule, case):
        """(rule type, case) pairs to test: a loop gives one per value of its `foreach`."""
        if rule != "loop":
            yield rule, case
            return
        values = list(dict.fromkeys(text_of(found) for found in element.xpath(case["foreach"])))
        for sub_rule, sub_cases in case["do"].items():
            for sub_case in sub_cases["cases"]:
                for value in values:
                    substituted = dict(sub_case)
                    for key in case["subs"]:
                        if isinstance(sub_case[key], list):
                            substituted[key] = [item.replace("$1", value) for item in sub_case[key]]
                        else:
                            substituted[key] = sub_case[key].replace("$1", value)
                    yield sub_rule, substituted

    def failures(self, tree):
        for context, rules in self.ruleset.items():
            for element in tree.xpath(context):
                for rule, spec in rules.items():
                    for case in spec["cases"]:
                        for rule_type, one_case in self.cases(element, rule, case):
                            if rule_type not in RULE_TYPES:
                                raise ValueError(f"Unknown rule type {rule_type!r} in {context}")
                            tested = Case(element, one_case, self)
                            if tested.applies() and getattr(tested, rule_type)() is False:
                                yield failure(element, rule_type, one_case)


def failure(element, rule_type, case):
    info = case.get("ruleInfo", {})
    identifier = element.xpath("string(ancestor-or-self::iati-activity[1]/iati-identifier)")
    return Failure(
        id=info.get("id", ""),
        severity=info.get("severity", ""),
        message=info.get("message", ""),
        rule=rule_type,
        activity=identifier.strip(),
    )


def evaluate(document, *, ruleset=None, org_id_prefixes=(), registered_ids=(), now=None):
    """The failures of `document` (an lxml tree or element) against the ruleset.

    `ruleset` defaults to the vendored standard ruleset; `org_id_prefixes` are
    the organisation registration agencies (OrganisationRegistrationAgency
    codes) that rule 1.14.8 accepts; `registered_ids` the publishers the IATI
    Registry knows; `now` the present moment (an aware datetime).
    """
    checker = Checker(
        ruleset if ruleset is not None else standard_ruleset(),
        org_id_prefixes,
        registered_ids,
        now or datetime.datetime.now(datetime.UTC),
    )
    return list(checker.failures(document))
