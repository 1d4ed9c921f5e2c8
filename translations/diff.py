"""What changed in a source text since its translation was made: a word-level diff as HTML."""

import difflib
import re

from django.utils.html import format_html, format_html_join

# Each word with the spaces after it, so that the diff keeps the text's own spacing.
TOKENS = re.compile(r"\s*\S+\s*|\s+")


def word_diff(before, after):
    """`before` → `after` as HTML: removed words in <del>, added ones in <ins>, escaped.

    Words are compared without their spaces; a changed run keeps its spaces outside the mark.
    """
    old, new = TOKENS.findall(before or ""), TOKENS.findall(after or "")
    matcher = difflib.SequenceMatcher(
        a=[token.strip() for token in old], b=[token.strip() for token in new], autojunk=False
    )
    parts = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            parts.append(format_html("{}", "".join(new[j1:j2])))
            continue
        if i2 > i1:
            removed = "".join(old[i1:i2])
            # Replaced: the spaces after come once, with the new words.
            parts.append(marked("del", removed.rstrip() if j2 > j1 else removed))
        if j2 > j1:
            parts.append(marked("ins", "".join(new[j1:j2])))
    return format_html_join("", "{}", ((part,) for part in parts))


def marked(tag, text):
    words = text.strip()
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    if not words:
        return format_html("{}", text)
    return format_html("{}<{}>{}</{}>{}", lead, tag, words, tag, trail)
