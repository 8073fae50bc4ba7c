"""The proposals part of the public API: ``/api/v1/proposals/`` and one proposal.

The list has the HTML list's filters (``ProposalFilter``) and visibility (every
proposal past draft). Nothing personal is published: the author appears only
by the public name they chose (``User.public_name``, as on the page); the name
and contact of a person whose submission an official registered, who
registered it, e-mail addresses and Thai ID hashes never appear.
"""

import re

from django.http import JsonResponse
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from participation.api import (
    AREA_SCHEMA,
    FORMAT_PARAMETER,
    JSON_ONLY_PARAMETER,
    ORGANISATION_SCHEMA,
    PAGE_PARAMETERS,
    ApiError,
    Field,
    Resource,
    api_view,
    area_item,
    array,
    date_time,
    filtered,
    get_operation,
    integer,
    iso,
    list_response,
    number,
    obj,
    organisation_item,
    path_parameter,
    query_parameter,
    ref,
    responses,
    site_url,
    string,
    wanted_format,
)
from participation.sanitize import visible_text
from participation.thai import to_arabic_digits

from .filters import ProposalFilter
from .models import TRACKING, Proposal, tracking_number_from

#: Characters of the plain-text summary in the list (the whole text is in the detail).
SUMMARY_CHARS = 300

#: Statuses the public sees (a draft is seen by its author and officials only).
PUBLIC_STATUSES = [s for s in Proposal.Status.values if s != Proposal.Status.DRAFT]

#: Where a reader's eye breaks a line in cleaned HTML (``participation.sanitize``).
_LINE_END = re.compile(r"</(?:p|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def plain_body(body_html: str) -> str:
    """The text of a proposal's cleaned HTML, one paragraph or list item a line."""
    lines = (visible_text(part) for part in _LINE_END.split(body_html))
    return "\n".join(line for line in lines if line)


def _category(proposal: Proposal) -> dict | None:
    category = proposal.category
    if category is None:
        return None
    return {
        "id": category.pk,
        "slug": category.slug,
        "name_th": category.name_th,
        "name_en": category.name_en,
    }


def _author(proposal: Proposal) -> str | None:
    """The name the page shows after "By": the author's chosen public name."""
    return str(proposal.author.public_name) if proposal.author is not None else None


def _has_point(proposal: Proposal) -> bool:
    """The page shows the map point only under the photo (``proposal_detail.html``)."""
    return bool(proposal.photo) and proposal.latitude is not None


def _photo_url(proposal: Proposal) -> str | None:
    if not proposal.photo:
        return None
    return site_url(reverse("proposals:photo", args=[proposal.tracking_number]))


CATEGORY_SCHEMA = obj(
    {"id": integer(), "slug": string(), "name_th": string(), "name_en": string()},
    nullable=True,
)

PROPOSAL = Resource(
    "Proposal",
    [
        Field(
            "tracking_number",
            string(pattern=r"^RK-[0-9]{4}-[0-9]{6,}$"),
            lambda p: p.tracking_number,
        ),
        Field("kind", string(enum=list(Proposal.Kind.values)), lambda p: p.kind),
        Field("status", string(enum=PUBLIC_STATUSES), lambda p: p.status),
        Field("title", string(), lambda p: p.title),
        Field(
            "summary",
            string(description=f"plain text, the first {SUMMARY_CHARS} characters"),
            lambda p: Truncator(visible_text(p.body_html)).chars(SUMMARY_CHARS),
        ),
        Field("category", CATEGORY_SCHEMA, _category),
        Field("area", AREA_SCHEMA, lambda p: area_item(p.area)),
        Field(
            "organisation",
            ORGANISATION_SCHEMA,
            lambda p: organisation_item(p.organisation),
        ),
        Field(
            "author",
            string(
                nullable=True,
                description=(
                    "the public name the author chose; null for a submission "
                    "registered by an official (channel not online) or by a "
                    "former member"
                ),
            ),
            _author,
        ),
        Field(
            "channel", string(enum=list(Proposal.Channel.values)), lambda p: p.channel
        ),
        Field("support_count", integer(minimum=0), lambda p: p.support_count),
        Field("comment_count", integer(minimum=0), lambda p: p.comment_count),
        Field("submitted_at", date_time(nullable=True), lambda p: iso(p.submitted_at)),
        Field(
            "answered_at",
            date_time(nullable=True),
            lambda p: iso(p.answered_at),
        ),
        Field("photo_url", string(nullable=True), _photo_url),
        Field(
            "latitude",
            number(nullable=True, description="where the photo was taken, if shared"),
            lambda p: float(p.latitude) if _has_point(p) else None,
        ),
        Field(
            "longitude",
            number(nullable=True),
            lambda p: float(p.longitude) if _has_point(p) else None,
        ),
        Field("url", string(), lambda p: site_url(p.get_absolute_url())),
    ],
)

STATUS_CHANGE_SCHEMA = obj(
    {
        "status": string(enum=list(Proposal.Status.values)),
        "changed_at": date_time(),
        "answer": string(nullable=True, description="the official answer"),
    }
)


def _timeline(proposal: Proposal) -> list[dict]:
    return [
        {
            "status": change.to_status,
            "changed_at": iso(change.created_at),
            "answer": change.answer or None,
        }
        for change in proposal.timeline.all()
    ]


PROPOSAL_DETAIL = Resource(
    "ProposalDetail",
    [
        *PROPOSAL.fields,
        Field(
            "body",
            string(description="plain text, one paragraph a line"),
            lambda p: plain_body(p.body_html),
        ),
        Field("timeline", array(STATUS_CHANGE_SCHEMA), _timeline, csv=False),
    ],
)


def public_proposals():
    """Every proposal past draft, with what the records show joined."""
    return Proposal.objects.public().select_related(
        "organisation", "category", "area", "author"
    )


def _tracking_number(typed: str) -> str | None:
    """``RK-2569-000123`` from what a person may type (``rk 2569 123``); or None."""
    text = to_arabic_digits(typed).strip().upper().replace(" ", "")
    match = TRACKING.fullmatch(text)
    return tracking_number_from(match) if match else None


@api_view
def proposal_list(request):
    """Public proposals and problem reports, filtered as the HTML list.

    JSON page ``{"count", "page", "page_size", "next", "previous", "results":
    [Proposal]}`` or, with ``?format=csv``, every matching record as CSV.
    Newest first unless ``?sort=``. 400 ``invalid_filter``, ``bad_page`` or
    ``unknown_format``.
    """
    records = filtered(ProposalFilter, request, public_proposals())
    return list_response(
        request, records=records, resource=PROPOSAL, filename="proposals.csv"
    )


@api_view
def proposal_detail(request, tracking: str):
    """One public proposal (``ProposalDetail``): the record, its text and timeline.

    ``tracking`` as a person types it (``RK-2569-000123``, ``rk-2569-123``).
    404 ``not_found`` when no proposal past draft has that number.
    """
    wanted_format(request, ("json",))
    number = _tracking_number(tracking)
    proposal = (
        public_proposals()
        .prefetch_related("timeline")
        .filter(tracking_number=number)
        .first()
        if number
        else None
    )
    if proposal is None:
        raise ApiError("not_found", _("Nothing is here."), 404)
    return JsonResponse(
        PROPOSAL_DETAIL.item(proposal), json_dumps_params={"ensure_ascii": False}
    )


SCHEMAS: dict[str, dict] = {
    "Proposal": PROPOSAL.schema,
    "ProposalPage": PROPOSAL.page_schema(),
    "ProposalDetail": PROPOSAL_DETAIL.schema,
}

_LIST_PARAMETERS = [
    query_parameter(
        "q",
        string(),
        "words that must all appear in the title or text, or a tracking number",
    ),
    query_parameter("kind", string(enum=list(Proposal.Kind.values)), "idea or report"),
    query_parameter("status", string(enum=PUBLIC_STATUSES), "current status"),
    query_parameter(
        "category", integer(minimum=1), "category id (category.id in a record)"
    ),
    query_parameter("area", integer(minimum=1), "area id (area.id in a record)"),
    query_parameter(
        "sort",
        string(enum=list(ProposalFilter.ORDERS)),
        "newest (default), supported or discussed",
    ),
    FORMAT_PARAMETER,
    *PAGE_PARAMETERS,
]

OPENAPI_PATHS: dict[str, dict] = {
    "/api/v1/proposals/": get_operation(
        "proposal_list",
        "Public proposals and problem reports (JSON pages or CSV)",
        _LIST_PARAMETERS,
        responses(ref("ProposalPage"), csv=True, errors=(400,)),
    ),
    "/api/v1/proposals/{tracking}/": get_operation(
        "proposal_detail",
        "One public proposal with its text and timeline of official answers",
        [
            path_parameter("tracking", "tracking number, e.g. RK-2569-000123"),
            JSON_ONLY_PARAMETER,
        ],
        responses(ref("ProposalDetail"), errors=(400, 404)),
    ),
}
