"""The proposals part of the public API (``/api/v1/proposals/``). Being built."""

from django.http import HttpResponse

from participation.api import api_view

SCHEMAS: dict = {}
OPENAPI_PATHS: dict = {}


@api_view
def proposal_list(request):
    return HttpResponse(status=501)


@api_view
def proposal_detail(request, tracking: str):
    return HttpResponse(status=501)
