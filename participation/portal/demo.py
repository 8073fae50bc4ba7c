"""Demo content for `make run`: a Thai municipality voting on its budget."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from participation.thai_id import check_digit

MUNICIPALITY = {
    "slug": "ruamjai",
    "name_th": "เทศบาลเมืองร่วมใจ",
    "name_en": "Ruamjai Town Municipality",
}
AREAS = [
    ("chum-chon-talat", "ชุมชนตลาดเก่า", "Old Market Community"),
    ("chum-chon-rim-nam", "ชุมชนริมน้ำ", "Riverside Community"),
    ("chum-chon-nong-bua", "ชุมชนหนองบัว", "Nong Bua Community"),
]
BUDGET = {
    "slug": "ruamjai-2570",
    "name_th": "งบประมาณแบบมีส่วนร่วม เทศบาลเมืองร่วมใจ ปีงบประมาณ 2570",
    "name_en": "Ruamjai participatory budget, fiscal year 2027",
    "description_th": (
        "เทศบาลจัดสรรงบประมาณ 3,000,000 บาท ให้ประชาชนร่วมเลือกโครงการที่ต้องการ"
        "ให้ดำเนินการในปีงบประมาณ 2570 เลือกได้หลายโครงการ "
        "โดยรวมกันต้องไม่เกินวงเงินที่กำหนด"
    ),
    "description_en": (
        "The municipality sets aside 3,000,000 baht for residents to choose the "
        "projects it will carry out in fiscal year 2027. Choose as many projects "
        "as you like, as long as together they fit within the budget."
    ),
    "total": 3_000_000,
    "fiscal_year": 2570,
}
PROJECTS = [
    (
        "P01",
        "ติดตั้งไฟส่องสว่างพลังงานแสงอาทิตย์ซอยชุมชนริมน้ำ",
        "Solar street lights for the Riverside Community lanes",
        "ติดตั้งเสาไฟพลังงานแสงอาทิตย์ 40 ต้น ตามซอยที่มืดและเปลี่ยว เพื่อความปลอดภัยของผู้สัญจรยามค่ำคืน",
        "Forty solar-powered lamp posts along dark lanes, so people walking home at "
        "night are safer.",
        850_000,
        "chum-chon-rim-nam",
    ),
    (
        "P02",
        "ปรับปรุงลานกีฬาและสนามเด็กเล่นหนองบัว",
        "Renovate the Nong Bua sports ground and playground",
        "เปลี่ยนเครื่องเล่นที่ชำรุด ปูพื้นยางกันกระแทก และทาสีลานกีฬาใหม่",
        "Replace broken play equipment, lay safety rubber flooring and repaint the "
        "sports court.",
        1_200_000,
        "chum-chon-nong-bua",
    ),
    (
        "P03",
        "ขุดลอกท่อระบายน้ำป้องกันน้ำท่วมขังตลาดเก่า",
        "Clear the Old Market drains to stop flooding",
        "ขุดลอกและเปลี่ยนฝาท่อระบายน้ำที่อุดตันรอบตลาดเก่า ลดปัญหาน้ำท่วมขังในฤดูฝน",
        "Dredge the blocked drains around the old market and replace broken covers, "
        "so the streets no longer flood in the rainy season.",
        950_000,
        "chum-chon-talat",
    ),
    (
        "P04",
        "ศูนย์ดูแลผู้สูงอายุช่วงกลางวัน",
        "Day-care centre for older residents",
        "จัดพื้นที่และกิจกรรมสำหรับผู้สูงอายุในตอนกลางวัน พร้อมอาสาสมัครสาธารณสุขประจำหมู่บ้านดูแล",
        "A place with daytime activities for older residents, looked after by "
        "village health volunteers.",
        700_000,
        "",
    ),
    (
        "P05",
        "ปลูกต้นไม้ใหญ่ให้ร่มเงาริมถนนสายหลัก",
        "Shade trees along the main road",
        "ปลูกต้นไม้ยืนต้น 200 ต้น พร้อมระบบน้ำหยด ลดความร้อนบนทางเท้า",
        "Plant 200 trees with drip irrigation to cool the pavements.",
        400_000,
        "",
    ),
    (
        "P06",
        "จุดคัดแยกขยะและธนาคารขยะชุมชน",
        "Waste sorting points and a community recycling bank",
        "ตั้งจุดคัดแยกขยะ 12 จุด และเปิดธนาคารขยะให้ครัวเรือนนำขยะรีไซเคิลมาแลกเงิน",
        "Twelve sorting points and a recycling bank where households trade "
        "recyclables for cash.",
        350_000,
        "",
    ),
    (
        "P07",
        "ทางลาดและราวจับสำหรับผู้พิการที่สำนักงานเทศบาล",
        "Ramps and handrails at the town hall",
        "สร้างทางลาด ราวจับ และห้องน้ำสำหรับผู้พิการและผู้สูงอายุ",
        "Ramps, handrails and an accessible toilet for disabled and older visitors.",
        300_000,
        "",
    ),
    (
        "P08",
        "ห้องสมุดเคลื่อนที่สำหรับเด็กในชุมชน",
        "Mobile library for children",
        "รถห้องสมุดเคลื่อนที่หมุนเวียนไปทุกชุมชนสัปดาห์ละครั้ง พร้อมกิจกรรมเล่านิทาน",
        "A library van that visits every community once a week, with story time.",
        550_000,
        "",
    ),
]
DEMO_PASSWORD = "ruamkid-demo-2569"
CITIZEN_EMAIL = "citizen@example.com"
OFFICIAL_EMAIL = "official@example.com"
ADMIN_EMAIL = "admin@example.com"
DEMO_VOTES = [
    ["P01", "P03", "P05"], ["P02", "P04"], ["P03", "P06", "P07"], ["P01", "P03"],
    ["P04", "P05", "P08"], ["P03", "P04", "P07"], ["P02", "P06"], ["P01", "P08", "P05"],
    ["P03", "P05", "P06", "P07"], ["P04", "P08"],
]  # fmt: skip

#: The open budget keeps a register of residents, so a demo official can enter
#: paper ballots (``/th/budgets/ruamjai-2570/paper/``) for these people, who have
#: not voted online: (Thai ID serial, name). Online voters give a Thai ID too.
REGISTER = [
    (101, "นายประเสริฐ ทองดี"),
    (102, "นางมาลี ศรีสุข"),
    (103, "นายบุญมี ใจกว้าง"),
    (104, "นางสาววันเพ็ญ รุ่งเรือง"),
    (105, "นายสมศักดิ์ มีสุข"),
]
CITIZEN_ID_SERIAL = 11  # resident{n}@example.com have serials 1 to 10


def demo_thai_id(serial: int) -> str:
    """A valid 13-digit Thai ID no real person holds (province code 00)."""
    first = f"1000025{serial:05d}"
    return first + str(check_digit(first))


def demo_area_code(serial: int) -> str:
    """The community a demo voter lives in, by Thai ID serial: the open budget's
    online voters (1 to 10) and its register (101 to 105) in the ``AREAS`` in
    turn, so the dashboard counts each of them in an area."""
    return AREAS[(serial - 1) % len(AREAS)][0]


def voting_window(now=None):
    """Voting opened a week ago and closes in thirty days."""
    now = now or timezone.now()
    return now - timedelta(days=7), now + timedelta(days=30)


def vote_times(
    start: datetime, end: datetime, count: int, *, closed: bool
) -> list[datetime]:
    """When ``count`` demo voters voted, from ``start`` to before ``end``, in order.

    Shaped like a real vote: a rush on the first day (a third of the voters; a
    quarter when the vote has ``closed``, and as many again on its last day),
    the others spread evenly over the days between, each at a daytime hour
    (local), kept within the bounds. ``ballot_submit`` stamps the time of the
    call, so the demo dates its ballots with these afterwards.
    """
    first_day = timezone.localdate(start)
    span = (timezone.localdate(end - timedelta(microseconds=1)) - first_day).days
    rush = count // 4 if closed else count // 3
    last_rush = rush if closed else 0
    between = count - rush - last_rush
    # a closed vote's last day has its own rush; an open vote's last day is today
    steps = between + 1 if closed else between
    days = [0] * rush
    days += [round((k + 1) * span / steps) for k in range(between)]
    days += [span] * last_rush
    times = []
    for number, day in enumerate(days):
        at = timezone.make_aware(
            datetime.combine(
                first_day + timedelta(days=day),
                time(8 + number * 5 % 13, number * 17 % 60),
            )
        )
        times.append(min(max(at, start), end - timedelta(minutes=1)))
    return sorted(times)


PAST_BUDGET = {
    "slug": "ruamjai-2569",
    "name_th": "งบประมาณแบบมีส่วนร่วม เทศบาลเมืองร่วมใจ ปีงบประมาณ 2569",
    "name_en": "Ruamjai participatory budget, fiscal year 2026",
    "description_th": (
        "รอบที่แล้ว เทศบาลแบ่งงบประมาณให้แต่ละชุมชนเลือกโครงการของชุมชนเอง "
        "และมีงบส่วนกลางสำหรับโครงการที่ใช้ร่วมกันทั้งเมือง"
    ),
    "description_en": (
        "Last cycle, each community chose its own projects with its own money, "
        "and a city-wide pot paid for projects the whole town shares."
    ),
    "total": 2_000_000,
    "fiscal_year": 2569,
}
#: (area code or "" for city-wide, money)
PAST_DISTRICTS = [
    ("chum-chon-talat", 400_000),
    ("chum-chon-rim-nam", 400_000),
    ("chum-chon-nong-bua", 400_000),
]
#: (id, name_th, name_en, cost, area code or "")
PAST_PROJECTS = [
    ("T1", "ซ่อมหลังคาศาลาตลาดเก่า", "Repair the old market pavilion roof", 250_000, "chum-chon-talat"),
    ("T2", "ติดตั้งกล้องวงจรปิดทางเข้าตลาด", "CCTV at the market entrances", 180_000, "chum-chon-talat"),
    ("T3", "ทาสีทางม้าลายหน้าโรงเรียน", "Repaint the zebra crossing by the school", 60_000, "chum-chon-talat"),
    ("R1", "สร้างท่าเทียบเรือชุมชน", "Build a community boat landing", 350_000, "chum-chon-rim-nam"),
    ("R2", "ราวกันตกริมตลิ่ง", "Railings along the riverbank", 150_000, "chum-chon-rim-nam"),
    ("R3", "ลานออกกำลังกายริมน้ำ", "Riverside outdoor gym", 200_000, "chum-chon-rim-nam"),
    ("N1", "ขุดลอกหนองบัว", "Dredge the Nong Bua pond", 300_000, "chum-chon-nong-bua"),
    ("N2", "ศาลาพักริมหนอง", "Rest pavilion by the pond", 120_000, "chum-chon-nong-bua"),
    ("N3", "แปลงผักชุมชน", "Community vegetable garden", 90_000, "chum-chon-nong-bua"),
    ("C1", "รถรับส่งผู้สูงอายุไปโรงพยาบาล", "Hospital shuttle for older residents", 500_000, ""),
    ("C2", "จุดให้บริการอินเทอร์เน็ตฟรี", "Free public Wi-Fi points", 300_000, ""),
    ("C3", "เทศกาลอาหารประจำปี", "Annual food festival", 250_000, ""),
]  # fmt: skip
#: per area: ballots as lists of project ids (area ballot, city-wide ballot)
PAST_VOTES = {
    "chum-chon-talat": [(["T1", "T3"], ["C1"]), (["T2"], ["C1", "C2"]), (["T1"], ["C3"]),
                        (["T1", "T2"], ["C1"]), (["T3"], ["C2"])],
    "chum-chon-rim-nam": [(["R1"], ["C1"]), (["R2", "R3"], ["C2"]), (["R1"], ["C1", "C3"]),
                          (["R3"], ["C1"])],
    "chum-chon-nong-bua": [(["N1"], ["C2"]), (["N2", "N3"], ["C1"]), (["N1", "N3"], ["C1"]),
                           (["N3"], ["C3"]), (["N1"], ["C2", "C3"]), (["N2"], ["C1"])],
}  # fmt: skip

CATEGORIES = [
    ("roads", "ถนนและทางเท้า", "Roads and pavements"),
    ("lights", "ไฟฟ้าส่องสว่าง", "Street lighting"),
    ("water", "น้ำท่วมและการระบายน้ำ", "Flooding and drainage"),
    ("green", "สวนและพื้นที่สีเขียว", "Parks and green space"),
]
#: (kind, title, body, category, area code, submitted days ago,
#:  [(status, answer, days after submission)...]): answered 2 to 11 days later
PROPOSALS = [
    ("report", "ไฟส่องสว่างดับทั้งซอยริมน้ำ 3", "ไฟดับมาหนึ่งสัปดาห์แล้ว ตอนกลางคืนมืดมาก เด็กนักเรียนเดินกลับบ้านไม่ปลอดภัย", "lights", "chum-chon-rim-nam", 26,
     [("in_progress", "กองช่างรับเรื่องแล้ว จะเข้าตรวจสอบภายใน 3 วันทำการ", 2), ("resolved", "เปลี่ยนหลอดไฟและซ่อมสายไฟเรียบร้อยแล้ว ขอบคุณที่แจ้งเรื่อง", 6)]),
    ("report", "น้ำท่วมขังหน้าตลาดสดทุกครั้งที่ฝนตก", "ท่อระบายน้ำหน้าตลาดอุดตัน น้ำท่วมขังสูงประมาณ 20 เซนติเมตร", "water", "chum-chon-talat", 19,
     [("in_progress", "ได้ส่งรถดูดโคลนเข้าขุดลอกท่อแล้ว และจะเสนอโครงการปรับปรุงท่อในงบประมาณปีหน้า", 4)]),
    ("idea", "ขอให้มีตลาดนัดสินค้าเกษตรปลอดสารพิษทุกวันเสาร์", "ให้เกษตรกรในชุมชนนำผักปลอดสารพิษมาขายโดยตรง ใช้ลานจอดรถเทศบาลวันเสาร์เช้า", "green", "", 24,
     [("under_review", "เทศบาลกำลังหารือกับกลุ่มเกษตรกรและตรวจสอบพื้นที่ลานจอดรถ", 11)]),
    ("idea", "ทำทางจักรยานรอบหนองบัว", "เส้นทางจักรยานระยะ 2 กิโลเมตรรอบหนองบัว พร้อมจุดจอดและไฟส่องสว่าง", "roads", "chum-chon-nong-bua", 6, []),
]  # fmt: skip
