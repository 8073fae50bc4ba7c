"""The consultations part of the public API (``/api/v1/consultations/``). Being built."""

from django.http import HttpResponse

from participation.api import api_view

SCHEMAS: dict = {}
OPENAPI_PATHS: dict = {}


@api_view
def consultation_list(request):
    return HttpResponse(status=501)


@api_view
def consultation_detail(request, slug: str):
    return HttpResponse(status=501)


@api_view
def consultation_report(request, slug: str):
    return HttpResponse(status=501)


@api_view
def questionnaire_csv(request, slug: str):
    return HttpResponse(status=501)
