"""The public dashboard of participation figures (``/th/dashboard/``).

Charts are drawn on the server, without JavaScript: turnout as SVG columns
placed in percent of the chart's width (text keeps its size on a phone), counts
as rows of HTML labels with SVG bars (long Thai labels wrap). Every chart is one
image to a screen reader (``role="img"`` with a name) and has a data table
beside it with the same figures. The figures come from ``dashboard_data``, in a
fixed number of queries.
"""

from dataclasses import dataclass

from django.shortcuts import render
from django.utils.translation import gettext as _

from . import dashboard_data as data

#: A turnout chart: room for the top label, then the columns (pixels).
TURNOUT_TOP = 22
TURNOUT_HEIGHT = 110


def count_text(cell: data.Cell) -> str:
    """What a table or chart shows for a published count."""
    if cell.status == data.SMALL:
        return _("fewer than 5")
    if cell.status == data.SECONDARY:
        return _("not shown")
    return f"{cell.value:,}"


def days_text(days: float | None) -> str:
    """Days with at most one decimal (``4``, ``2.5``), or a dash."""
    if days is None:
        return "—"
    text = f"{days:,.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass
class BarRow:
    label: str
    value_text: str
    percent: float
    withheld: bool


def bar_chart(items: list[tuple[str, data.Cell]]) -> list[BarRow]:
    """Rows ``(label, cell)`` of a horizontal bar chart, bars in proportion to
    the largest shown count. A withheld count gets no bar: its length would give
    the number away."""
    largest = max((cell.value for _label, cell in items if cell.shown), default=0)
    return [
        BarRow(
            label=label,
            value_text=count_text(cell),
            percent=round(100 * cell.value / largest, 2)
            if cell.shown and largest
            else 0,
            withheld=not cell.shown,
        )
        for label, cell in items
    ]


@dataclass
class Column:
    x: float
    width: float
    y: int
    height: int


def turnout_columns(points: list[data.TurnoutPoint]) -> list[Column]:
    """One column per point, its height the cumulative turnout (percent x)."""
    if not points:
        return []
    largest = max(point.total for point in points) or 1
    slot = 100 / len(points)
    gap = slot * 0.2 if len(points) > 1 else 0
    columns = []
    for index, point in enumerate(points):
        height = round(TURNOUT_HEIGHT * point.total / largest)
        if point.total and height < 2:
            height = 2
        columns.append(
            Column(
                x=round(index * slot + gap / 2, 3),
                width=round(slot - gap, 3),
                y=TURNOUT_TOP + TURNOUT_HEIGHT - height,
                height=height,
            )
        )
    return columns


def _area_tables(table: data.AreaTable) -> dict:
    def label(row):
        return row.area.tr("name") if row.area else _("Area not known")

    rows = [
        {
            "area": row.area,
            "voters": count_text(row.voters),
            "proposals": count_text(row.proposals),
        }
        for row in table.rows
    ]
    return {
        "rows": rows,
        "voters_total": count_text(table.voters_total),
        "proposals_total": count_text(table.proposals_total),
        "charts": [
            (
                bar_chart([(label(row), row.voters) for row in table.rows]),
                _("People who voted, by area"),
            ),
            (
                bar_chart([(label(row), row.proposals) for row in table.rows]),
                _("Proposals, by area"),
            ),
        ],
    }


def dashboard(request):
    """Turnout over time, participation by area, proposals by status, time until
    an official answer and consultation responses: public figures only."""
    turnouts = [
        {
            "data": turnout,
            "columns": turnout_columns(turnout.points),
            "last": turnout.points[-1] if turnout.points else None,
        }
        for turnout in data.turnout_by_day()
    ]
    statuses = data.proposals_by_status()
    answers = data.answer_times()
    consultations = data.consultation_counts()
    consultation_chart = bar_chart(
        [
            (
                counts.consultation.tr("title"),
                data.Cell(counts.responses + counts.comments + counts.questions),
            )
            for counts in consultations
        ]
    )
    answer_groups = answers.by_kind + answers.by_organisation
    return render(
        request,
        "portal/dashboard.html",
        {
            "turnouts": turnouts,
            "areas": _area_tables(data.participation_by_area()),
            "statuses": statuses,
            "statuses_total": sum(count for *_rest, count in statuses),
            "status_chart": bar_chart(
                [(label, data.Cell(count)) for _status, label, count in statuses]
            ),
            "answers": answers,
            "overall_days": days_text(answers.overall.median_days),
            "answer_rows": [
                {"group": group, "days": days_text(group.median_days)}
                for group in answer_groups
            ],
            "consultations": consultations,
            "consultation_chart": consultation_chart,
        },
    )
