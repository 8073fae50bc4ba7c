"""Generic targets of comments and follows, as named in forms and links.

A form names its target by ``content_type`` (``"app_label.model"``, e.g.
``"budgets.project"``) and ``object_id``; views resolve it here, and send people
back to a ``next`` address only when it is a path on this site.
"""

from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme


def target_key(target) -> str:
    """``"app_label.model"`` of ``target``'s model (what forms send back)."""
    return target._meta.label_lower


def target_from_key(key: str, object_id) -> object:
    """The object a form names; ``Http404`` when the type or the row is unknown."""
    app_label, _dot, model = (key or "").partition(".")
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        pk = int(object_id)
    except (ContentType.DoesNotExist, ValueError, TypeError) as error:
        raise Http404 from error
    model_class = content_type.model_class()
    if model_class is None:
        raise Http404
    try:
        return model_class._default_manager.get(pk=pk)
    except model_class.DoesNotExist as error:
        raise Http404 from error


def target_url(target) -> str:
    """The page of ``target`` (its ``get_absolute_url``), or ``""``."""
    get_url = getattr(target, "get_absolute_url", None)
    return get_url() if callable(get_url) else ""


def safe_next(request, fallback: str = "/") -> str:
    """The ``next`` of a form or query if it is a path on this site, else ``fallback``.

    Any ``#fragment`` is dropped, so callers can add their own.
    """
    candidate = (request.POST.get("next") or request.GET.get("next") or "").split("#")[
        0
    ]
    if (
        candidate.startswith("/")
        and not candidate.startswith("//")
        and url_has_allowed_host_and_scheme(
            candidate,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        )
    ):
        return candidate
    return fallback or "/"
