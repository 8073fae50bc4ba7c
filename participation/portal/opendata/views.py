"""The catalogue page and the catalogue in DCAT-AP JSON-LD."""

import json

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from .datasets import INTRODUCTION
from .dcat import catalogue_document, catalogue_url
from .selectors import catalogue


@require_safe
def open_data(request):
    """The catalogue page: each dataset with its formats, licence, date and size."""
    return render(
        request,
        "portal/open_data.html",
        {
            "datasets": catalogue(),
            "introduction": INTRODUCTION,
            "licence_name": settings.OPEN_DATA_LICENSE_NAME,
            "licence_url": settings.OPEN_DATA_LICENSE_URL,
            "catalog_url": catalogue_url(),
        },
    )


@require_safe
def catalog_jsonld(request):
    """The catalogue in DCAT-AP, JSON-LD with its context inline (nothing to fetch)."""
    response = HttpResponse(
        json.dumps(catalogue_document(catalogue()), ensure_ascii=False, indent=1),
        content_type="application/ld+json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response
