"""Thai search by substring: a word inside a sentence, ำ written either way."""

import pytest

from proposals.filters import ProposalFilter
from proposals.models import Proposal
from tests.proposals.conftest import submit


def search(text):
    return list(ProposalFilter({"q": text}, queryset=Proposal.objects.public()).qs)


@pytest.mark.django_db
def test_a_word_inside_a_thai_sentence_is_found(citizen, organisation):
    flooded = submit(
        citizen,
        organisation,
        kind="report",
        title="น้ำท่วมขังหน้าตลาดสดเทศบาลทุกครั้งที่ฝนตก",
        body="ขอให้ขุดลอกท่อระบายน้ำ",
    )
    submit(citizen, organisation, title="ขอสวนสาธารณะ", body="เพิ่มพื้นที่สีเขียว")
    assert search("ตลาดสด") == [flooded]
    assert search("ท่อระบาย") == [flooded]
    assert search("สวน") != [flooded]


@pytest.mark.django_db
def test_sara_am_written_as_nikhahit_plus_sara_aa_matches(citizen, organisation):
    composed = "น\u0e49\u0e33ท่วม"  # น้ำท่วม as Thai keyboards type it
    decomposed = "น\u0e49\u0e4d\u0e32ท่วม"  # น + ้ + ํ + า
    typed_apart = "น\u0e4d\u0e49\u0e32ท่วม"  # น + ํ + ้ + า
    stored = submit(
        citizen, organisation, kind="report", title=f"{decomposed}ถนน", body="ซอย 3"
    )
    assert search(composed) == [stored]
    assert search(typed_apart) == [stored]
    other = submit(
        citizen, organisation, kind="report", title=f"{composed}สะพาน", body="x"
    )
    assert search("สะพาน") == [other]
    assert set(search(decomposed)) == {stored, other}


@pytest.mark.django_db
def test_thai_digits_match_arabic_digits(citizen, organisation):
    found = submit(citizen, organisation, title="ไฟดับซอย ๕", body="หลายวันแล้ว")
    assert search("ซอย 5") == [found]
    assert search("ซอย ๕") == [found]
