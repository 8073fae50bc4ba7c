"""The OpenAPI 3 document of the public API, assembled from the apps' schemas."""

from django.http import JsonResponse


def openapi_view(request):
    return JsonResponse({})
