"""The Thai and English catalogues are complete: nothing untranslated or fuzzy."""

import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"


def entries(po: Path):
    """(flags, msgid, msgstrs) per entry, from a .po file as makemessages writes it."""
    blocks = po.read_text(encoding="utf-8").split("\n\n")
    for block in blocks:
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        if not any(line.startswith("msgid") for line in lines):
            continue
        flags = " ".join(line for line in lines if line.startswith("#,"))
        text = "\n".join(line for line in lines if not line.startswith("#"))
        parts = re.split(
            r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) ", text, flags=re.M
        )
        fields: dict[str, str] = {}
        for key, value in zip(parts[1::2], parts[2::2], strict=True):
            fields[key] = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', value))
        strs = [v for k, v in fields.items() if k.startswith("msgstr")]
        yield flags, fields.get("msgid", ""), strs


@pytest.mark.parametrize("language", ["th", "en"])
def test_catalogue_is_complete(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    problems = []
    for flags, msgid, strs in entries(po):
        if not msgid:
            assert "fuzzy" not in flags, "the header is marked fuzzy"
            continue
        if "fuzzy" in flags:
            problems.append(f"fuzzy: {msgid}")
        if not all(strs):
            problems.append(f"untranslated: {msgid}")
    assert problems == []


def test_thai_catalogue_keeps_placeholders():
    po = LOCALE / "th" / "LC_MESSAGES" / "django.po"
    placeholder = re.compile(r"%\(\w+\)[sd]|%%|%[sd]|\{\{[^}]+\}\}")
    for _flags, msgid, strs in entries(po):
        wanted = sorted(set(placeholder.findall(msgid)))
        for translated in strs:
            assert sorted(set(placeholder.findall(translated))) == wanted, msgid
