"""The open-data catalogue page and its DCAT-AP catalogue in JSON-LD."""

from django.http import HttpResponse


def open_data(request):
    """Placeholder until the catalogue lands."""
    return HttpResponse(status=501)


def catalog_jsonld(request):
    """Placeholder until the catalogue lands."""
    return HttpResponse(status=501)
