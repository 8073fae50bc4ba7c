"""The public dashboard of participation figures."""

from django.http import HttpResponse


def dashboard(request):
    """Placeholder until the dashboard lands."""
    return HttpResponse(status=501)
