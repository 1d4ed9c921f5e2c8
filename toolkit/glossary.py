"""The alliance's terms in three languages (locale/glossary.csv), read for the checks.

One row per term: its English, Russian and Kazakh forms, how to find it in a
text of each language, and the variants not to use. A pattern is one or more
alternatives separated by "|"; "*" stands for any letters (a word's ending);
an alternative without a lower-case letter (an acronym) matches its case
exactly, any other ignores case. Alternatives match whole words only.
"""

import csv
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

LANGUAGES = ("en", "ru", "kk")
TRANSLATIONS = ("ru", "kk")


def compile_pattern(pattern):
    """A pattern of the glossary as a regular expression; None when empty."""
    alternatives = [part.strip() for part in pattern.split("|") if part.strip()]
    if not alternatives:
        return None
    compiled = []
    for alternative in alternatives:
        flags = "(?i:" if any(char.islower() for char in alternative) else "(?:"
        body = re.escape(alternative).replace(r"\*", r"\w*").replace(r"\ ", r"\s+")
        compiled.append(f"{flags}(?<!\\w){body}(?!\\w))")
    return re.compile("|".join(compiled))


@dataclass(frozen=True)
class Term:
    forms: dict  # language -> the form to use
    matches: dict  # language -> pattern that finds the term
    forbidden: dict  # language -> pattern of variants not to use
    note: str

    @cached_property
    def finds(self):
        return {code: compile_pattern(pattern) for code, pattern in self.matches.items()}

    @cached_property
    def refuses(self):
        return {code: compile_pattern(pattern) for code, pattern in self.forbidden.items()}

    def forbidden_in(self, text, language):
        """The forbidden variants of this term that `text` (in `language`) uses."""
        pattern = self.refuses.get(language)
        return [match.group(0) for match in pattern.finditer(text)] if pattern else []

    def mentioned_in(self, text, language):
        pattern = self.finds[language]
        return bool(pattern and pattern.search(text))


def load(path):
    """The terms of a glossary file, in its order."""
    with open(path, encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    return [
        Term(
            forms={code: row[code].strip() for code in LANGUAGES},
            matches={
                code: (row.get(f"{code}_match") or "").strip() or row[code].strip()
                for code in LANGUAGES
            },
            forbidden={code: (row.get(f"{code}_forbidden") or "").strip() for code in TRANSLATIONS},
            note=(row.get("note") or "").strip(),
        )
        for row in rows
    ]


def default_path():
    from django.conf import settings

    return Path(settings.BASE_DIR) / "locale" / "glossary.csv"
