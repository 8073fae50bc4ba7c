"""Demo consultations for `make run` (called by the demo command; idempotent).

``load_consultation_demo()`` adds, for the demo municipality:

- a closed consultation on a draft market by-law with five sections, comments,
  a questionnaire with answers, a past hearing with questions and live polls,
  and a published hearing report;
- an open consultation on a draft by-law on pets with its live hearing room open
  for questions, so the room and the projector view can be tried at once.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from participation.comments import comment_create
from participation.models import Organisation, RoleGrant, User
from participation.services import role_grant

from .models import Consultation
from .services import (
    consultation_change_status,
    consultation_create,
    consultation_update,
    member_participant,
    new_walkin_participant,
    poll_save,
    poll_set_status,
    poll_vote,
    question_save,
    report_issue_add,
    report_save,
    response_submit,
    room_question_ask,
    room_question_moderate,
    room_question_upvote,
    room_set_open,
    section_save,
    session_save,
)

MARKET_SLUG = "ruamjai-market-bylaw"
PETS_SLUG = "ruamjai-pets-bylaw"

MARKET = {
    "title_th": "ร่างเทศบัญญัติเทศบาลเมืองร่วมใจ เรื่อง การจัดการตลาด พ.ศ. ....",
    "title_en": "Draft Ruamjai Town by-law on markets, B.E. ....",
    "summary_th": (
        "ร่างเทศบัญญัตินี้กำหนดเวลาเปิดปิดตลาดสด การจัดที่จอดรถ การคัดแยกขยะ "
        "และค่าธรรมเนียมแผงค้า เพื่อให้ตลาดสะอาด ปลอดภัย และเป็นธรรมกับผู้ค้ารายย่อย"
    ),
    "summary_en": (
        "This draft sets the opening hours of fresh markets, parking, waste "
        "sorting and stall fees, so markets are clean, safe and fair to small "
        "traders."
    ),
    "rationale_th": (
        "เทศบัญญัติตลาดฉบับเดิมใช้มาตั้งแต่ พ.ศ. 2540 ไม่ครอบคลุมตลาดนัดและการคัดแยกขยะ"
    ),
    "rationale_en": (
        "The current market by-law dates from 1997 and covers neither weekly "
        "markets nor waste sorting."
    ),
    "affected_th": "ผู้ค้าในตลาดสดและตลาดนัด ผู้ซื้อ และผู้อยู่อาศัยรอบตลาด",
    "affected_en": "Market traders, shoppers and people living around the markets.",
}
MARKET_SECTIONS = [
    (
        "ชื่อและการใช้บังคับ",
        "Title and entry into force",
        "เทศบัญญัตินี้เรียกว่า “เทศบัญญัติเทศบาลเมืองร่วมใจ เรื่อง การจัดการตลาด พ.ศ. ....” "
        "และให้ใช้บังคับเมื่อพ้นกำหนดสิบห้าวันนับแต่วันประกาศ",
    ),
    (
        "เวลาเปิดและปิดตลาด",
        "Opening hours",
        "ตลาดสดเปิดได้ตั้งแต่เวลา 06.00 น. ถึง 18.00 น. "
        "ตลาดนัดเปิดได้ตั้งแต่เวลา 15.00 น. ถึง 21.00 น.",
    ),
    (
        "การคัดแยกขยะ",
        "Waste sorting",
        "ผู้ค้าต้องคัดแยกขยะเป็นขยะอินทรีย์ ขยะรีไซเคิล และขยะทั่วไป และนำไปทิ้ง ณ จุดที่เทศบาลกำหนดทุกวัน",
    ),
    (
        "ที่จอดรถ",
        "Parking",
        "ห้ามจอดรถยนต์ในทางเดินของตลาดระหว่างเวลาเปิดตลาด "
        "เว้นแต่รถขนส่งสินค้าซึ่งจอดได้ไม่เกินสามสิบนาที",
    ),
    (
        "ค่าธรรมเนียมแผงค้า",
        "Stall fees",
        "ค่าธรรมเนียมแผงค้าให้เป็นไปตามบัญชีท้ายเทศบัญญัตินี้ "
        "โดยผู้ค้ารายย่อยที่มีรายได้น้อยได้รับการลดหย่อนร้อยละห้าสิบ",
    ),
]
MARKET_COMMENTS = [
    (2, "ขอให้ตลาดสดเปิดได้ตั้งแต่ 05.00 น. เพราะแม่ค้าต้องเตรียมของก่อนคนมาซื้อ", "against"),
    (2, "เห็นด้วยกับเวลาปิดตลาดนัด 21.00 น. เสียงดังรบกวนบ้านใกล้เคียงถ้าดึกกว่านี้", "for"),
    (3, "ควรมีถังแยกขยะให้ครบทุกจุด ไม่อย่างนั้นผู้ค้าทำตามไม่ได้", "neutral"),
    (4, "รถขนของควรจอดได้ 45 นาที สามสิบนาทีขนไม่ทัน", "against"),
    (5, "เห็นด้วยกับการลดค่าแผงให้ผู้ค้ารายย่อย", "for"),
]

PETS = {
    "title_th": "ร่างเทศบัญญัติเทศบาลเมืองร่วมใจ เรื่อง การควบคุมการเลี้ยงสุนัขและแมว พ.ศ. ....",
    "title_en": "Draft Ruamjai Town by-law on keeping dogs and cats, B.E. ....",
    "summary_th": (
        "เจ้าของสุนัขและแมวต้องขึ้นทะเบียน ฉีดวัคซีนป้องกันโรคพิษสุนัขบ้า "
        "และดูแลไม่ให้สัตว์เลี้ยงก่อความเดือดร้อนแก่ผู้อื่น"
    ),
    "summary_en": (
        "Dog and cat owners register their pets, vaccinate them against rabies "
        "and keep them from troubling others."
    ),
    "affected_th": "เจ้าของสุนัขและแมว และผู้อยู่อาศัยทุกชุมชน",
    "affected_en": "Dog and cat owners, and every community.",
}
PETS_SECTIONS = [
    (
        "การขึ้นทะเบียน",
        "Registration",
        "เจ้าของต้องนำสุนัขและแมวมาขึ้นทะเบียนภายในหกสิบวันนับแต่อายุครบสามเดือน",
    ),
    ("วัคซีน", "Vaccination", "เจ้าของต้องนำสัตว์ไปฉีดวัคซีนป้องกันโรคพิษสุนัขบ้าปีละหนึ่งครั้ง"),
    (
        "การพาสัตว์ออกนอกบ้าน",
        "Walking pets",
        "การพาสุนัขออกนอกบ้านต้องใช้สายจูง และเก็บมูลสัตว์ทุกครั้ง",
    ),
]


def _person(email: str, display_name: str = "") -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email,
            None,
            display_name=display_name,
            verification_level=User.Verification.EMAIL,
        )
    return user


def _official_of(organisation: Organisation) -> User:
    grant = (
        RoleGrant.objects.filter(
            role=RoleGrant.Role.OFFICIAL, organisation=organisation
        )
        .select_related("user")
        .first()
    )
    if grant is not None:
        return grant.user
    official = _person("official@example.com", "เจ้าหน้าที่กองคลัง")
    role_grant(user=official, role=RoleGrant.Role.OFFICIAL, organisation=organisation)
    return official


def _sections(official, consultation, rows) -> list:
    return [
        section_save(
            official=official,
            consultation=consultation,
            number=number,
            heading_th=heading_th,
            heading_en=heading_en,
            body_th=body_th,
        )
        for number, (heading_th, heading_en, body_th) in enumerate(rows, start=1)
    ]


def _market(organisation, official, residents) -> None:
    now = timezone.now()
    consultation = consultation_create(
        official=official,
        organisation=organisation,
        slug=MARKET_SLUG,
        opens_at=now - timedelta(days=40),
        closes_at=now + timedelta(days=1),
        **MARKET,
    )
    sections = _sections(official, consultation, MARKET_SECTIONS)
    kinds = [
        ("single", "คุณเป็นผู้ค้าในตลาดหรือไม่", "เป็นผู้ค้า\nเป็นผู้ซื้อ\nอยู่อาศัยใกล้ตลาด", True),
        ("multiple", "ปัญหาใดที่คุณพบในตลาดบ่อยที่สุด", "ขยะ\nที่จอดรถ\nเสียงดัง\nค่าแผงแพง", False),
        ("scale", "โดยรวมคุณเห็นด้วยกับร่างเทศบัญญัตินี้มากน้อยเพียงใด", "", True),
        ("text", "ข้อเสนอแนะอื่น ๆ", "", False),
    ]
    questions = [
        question_save(
            official=official,
            consultation=consultation,
            kind=kind,
            text_th=text,
            choices_th=choices,
            required=required,
        )
        for kind, text, choices, required in kinds
    ]
    consultation = consultation_change_status(
        official=official, consultation=consultation, to_status="open"
    )
    sections = list(consultation.sections.all())  # they see the open status
    comments = [
        comment_create(
            author=residents[i % len(residents)],
            target=sections[number - 1],
            body=body,
            stance=stance,
        )
        for i, (number, body, stance) in enumerate(MARKET_COMMENTS)
    ]
    for i, resident in enumerate(residents):
        response_submit(
            respondent=resident,
            consultation=consultation,
            answers={
                questions[0].pk: str(i % 3),
                questions[1].pk: [str(i % 4), str((i + 1) % 4)],
                questions[2].pk: str(3 + i % 3),
                questions[3].pk: "ขอให้มีห้องน้ำสาธารณะเพิ่ม" if i % 2 else "",
            },
        )
    session = session_save(
        official=official,
        consultation=consultation,
        title_th="เวทีรับฟังความคิดเห็น ร่างเทศบัญญัติตลาด",
        title_en="Public hearing on the draft market by-law",
        mode="hybrid",
        place="หอประชุมเทศบาลเมืองร่วมใจ",
        starts_at=now - timedelta(days=20, hours=3),
        ends_at=now - timedelta(days=20, hours=1),
    )
    room_set_open(official=official, session=session, is_open=True)
    asked = [
        (residents[0], "ถ้าเปิดตลาดเช้าขึ้น จะมีไฟส่องสว่างในตลาดเพิ่มหรือไม่"),
        (None, "ค่าแผงใหม่จะเริ่มเก็บเมื่อไร"),
        (residents[1], "จุดทิ้งขยะอยู่ไกลจากแผงด้านหลัง จะเพิ่มจุดได้ไหม"),
    ]
    room_questions = []
    for person, body in asked:
        participant = member_participant(person) if person else new_walkin_participant()
        room_questions.append(
            room_question_ask(
                session=session,
                participant=participant,
                body=body,
                user=person,
                display_name="" if person else "ป้าแดง แผงผัก",
            )
        )
    for voter in residents[2:]:
        room_question_upvote(
            question=room_questions[2], participant=member_participant(voter)
        )
    room_question_upvote(
        question=room_questions[0], participant=member_participant(residents[3])
    )
    for question in room_questions:
        room_question_moderate(moderator=official, question=question, action="answer")
    poll = poll_save(
        official=official,
        session=session,
        question_th="ตลาดสดควรเปิดกี่โมง",
        question_en="When should the fresh market open?",
        options_th="05.00 น.\n06.00 น.",
        options_en="5 a.m.\n6 a.m.",
    )
    poll_set_status(official=official, poll=poll, to_status="open")
    for i, resident in enumerate(residents):
        poll_vote(
            poll=poll,
            participant=member_participant(resident),
            option=0 if i % 3 else 1,
        )
    poll_set_status(official=official, poll=poll, to_status="closed")
    room_set_open(official=official, session=session, is_open=False)

    consultation = consultation_update(
        official=official, consultation=consultation, closes_at=now - timedelta(days=10)
    )
    consultation = consultation_change_status(
        official=official, consultation=consultation, to_status="closed"
    )
    report_save(
        official=official,
        consultation=consultation,
        summary_th=(
            "เทศบาลเปิดรับฟังความคิดเห็น 30 วัน มีผู้แสดงความคิดเห็นต่อร่าง "
            "ตอบแบบสอบถาม และร่วมเวทีรับฟังความคิดเห็นหนึ่งครั้ง "
            "ประเด็นหลักคือเวลาเปิดตลาด ที่จอดรถขนสินค้า และจุดทิ้งขยะ"
        ),
        summary_en=(
            "The municipality listened for 30 days: comments on the draft, a "
            "questionnaire and one public hearing. The main issues were opening "
            "hours, loading time and waste points."
        ),
    )
    report_issue_add(
        official=official,
        consultation=consultation,
        title_th="เวลาเปิดตลาดสด",
        title_en="Fresh market opening hours",
        views_th="ผู้ค้าส่วนใหญ่ขอให้เปิดได้ตั้งแต่ 05.00 น. ผลโพลสดในเวทีก็เห็นเช่นเดียวกัน",
        views_en="Most traders asked to open at 5 a.m.; the live poll agreed.",
        answer_th="เทศบาลเห็นด้วย และจะติดตั้งไฟส่องสว่างเพิ่มในตลาด",
        answer_en="The municipality agrees and will add lighting in the market.",
        draft_changed=True,
        change_th="แก้ข้อ 2 เป็น “ตลาดสดเปิดได้ตั้งแต่เวลา 05.00 น.”",
        change_en="Section 2 now reads “fresh markets may open from 5 a.m.”",
        sections=[sections[1]],
        comments=[comments[0], comments[1]],
        room_questions=[room_questions[0]],
    )
    report_issue_add(
        official=official,
        consultation=consultation,
        title_th="เวลาจอดรถขนสินค้า",
        title_en="Loading time",
        views_th="ผู้ค้าเห็นว่าสามสิบนาทีไม่พอสำหรับขนสินค้า",
        views_en="Traders said thirty minutes is not enough to unload.",
        answer_th="ขยายเวลาเป็นสี่สิบห้านาที ในช่วง 04.00–07.00 น.",
        answer_en="Extended to forty-five minutes between 4 and 7 a.m.",
        draft_changed=True,
        change_th="แก้ข้อ 4 เป็นสี่สิบห้านาที",
        change_en="Section 4 now allows forty-five minutes.",
        sections=[sections[3]],
        comments=[comments[3]],
    )
    report_issue_add(
        official=official,
        consultation=consultation,
        title_th="จุดทิ้งขยะ",
        title_en="Waste points",
        views_th="ผู้ค้าเห็นด้วยกับการคัดแยกขยะ แต่ขอจุดทิ้งที่ใกล้แผงมากขึ้น",
        views_en="Traders agree with sorting but asked for closer waste points.",
        answer_th="เทศบาลจะเพิ่มจุดทิ้งขยะด้านหลังตลาด โดยไม่ต้องแก้ร่าง",
        answer_en="The municipality will add a waste point behind the market; "
        "the draft needs no change.",
        sections=[sections[2]],
        comments=[comments[2]],
        room_questions=[room_questions[2]],
    )
    consultation_change_status(
        official=official, consultation=consultation, to_status="published"
    )


def _pets(organisation, official, residents) -> None:
    now = timezone.now()
    consultation = consultation_create(
        official=official,
        organisation=organisation,
        slug=PETS_SLUG,
        opens_at=now - timedelta(days=3),
        closes_at=now + timedelta(days=27),
        **PETS,
    )
    sections = _sections(official, consultation, PETS_SECTIONS)
    question_save(
        official=official,
        consultation=consultation,
        kind="scale",
        text_th="คุณเห็นด้วยกับการขึ้นทะเบียนสุนัขและแมวมากน้อยเพียงใด",
        required=True,
    )
    consultation = consultation_change_status(
        official=official, consultation=consultation, to_status="open"
    )
    sections = list(consultation.sections.all())  # they see the open status
    comment_create(
        author=residents[0],
        target=sections[0],
        body="ควรให้ขึ้นทะเบียนออนไลน์ได้ จะได้ไม่ต้องไปที่สำนักงาน",
        stance="neutral",
    )
    session = session_save(
        official=official,
        consultation=consultation,
        title_th="เวทีรับฟังความคิดเห็น ร่างเทศบัญญัติสุนัขและแมว",
        title_en="Public hearing on the draft by-law on dogs and cats",
        mode="hybrid",
        place="ศาลาประชาคมชุมชนหนองบัว",
        starts_at=now - timedelta(minutes=30),
        ends_at=now + timedelta(hours=3),
        registration_required=True,
        capacity=80,
    )
    room_set_open(official=official, session=session, is_open=True)
    question = room_question_ask(
        session=session,
        participant=member_participant(residents[1]),
        body="แมวที่เลี้ยงแบบปล่อยต้องขึ้นทะเบียนด้วยหรือไม่",
        user=residents[1],
    )
    room_question_upvote(
        question=question, participant=member_participant(residents[2])
    )
    room_question_moderate(moderator=official, question=question, action="pin")
    poll_save(
        official=official,
        session=session,
        question_th="ค่าขึ้นทะเบียนควรเป็นเท่าไร",
        question_en="What should registration cost?",
        options_th="ไม่เก็บค่าธรรมเนียม\n50 บาท\n100 บาท",
        options_en="Free\n50 baht\n100 baht",
    )


@transaction.atomic
def load_consultation_demo(
    organisation: Organisation | None = None, official: User | None = None
) -> None:
    """Add the demo consultations (safe to run again: existing ones are kept).

    ``organisation`` defaults to the demo municipality (slug ``ruamjai``),
    ``official`` to one of its officials.
    """
    if organisation is None:
        organisation, _created = Organisation.objects.get_or_create(
            slug="ruamjai",
            defaults={
                "name_th": "เทศบาลเมืองร่วมใจ",
                "name_en": "Ruamjai Town Municipality",
            },
        )
    official = official or _official_of(organisation)
    residents = [_person(f"resident{number}@example.com") for number in range(1, 7)]
    if not Consultation.objects.filter(slug=MARKET_SLUG).exists():
        _market(organisation, official, residents)
    if not Consultation.objects.filter(slug=PETS_SLUG).exists():
        _pets(organisation, official, residents)
