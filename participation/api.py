"""Shared pieces of the public read API under ``/api/v1/``.

- ``Resource``: one declaration per kind of record gives its JSON item, its CSV
  row and its JSON Schema, so the OpenAPI document cannot drift from the data.
- ``list_response``: a filtered, stably ordered list as a JSON page or as CSV.
- ``csv_text``: CSV that opens right in Excel and LibreOffice: UTF-8 with a
  byte-order mark (Thai shows correctly), RFC 4180 quoting and line ends, and
  text cells neutralised against formula injection (OWASP "CSV Injection").
- ``ApiError`` and ``api_view``: errors are ``{"error": code, "message": text}``
  with the message in the request's language (DESIGN: API).
"""

import csv
import functools
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from .thai import to_arabic_digits

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
MAX_PAGE = 1_000_000

# A spreadsheet runs a cell starting with one of these as a formula (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class ApiError(Exception):
    """An error the API answers with ``{"error": code, "message": message}``.

    ``message`` is already translated (call ``gettext`` when raising).
    """

    def __init__(self, code: str, message: str, status: int = 400):
        super().__init__(code)
        self.code = code
        self.message = str(message)
        self.status = status


def api_error(code: str, message: str, status: int) -> JsonResponse:
    """A JSON error body with a stable code and a translated message."""
    return JsonResponse(
        {"error": code, "message": str(message)},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def api_view(view: Callable) -> Callable:
    """A read-only API view: GET and HEAD only (405 otherwise), ``ApiError`` to JSON.

    Answers vary by language (error messages, Thai or English labels) and by
    cookie (officials may see what the public may not yet).
    """

    @csrf_exempt  # it never changes anything; other methods get a JSON 405
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            response = api_error(
                "method_not_allowed", _("This method is not allowed here."), 405
            )
            response["Allow"] = "GET, HEAD"
            return response
        try:
            response = view(request, *args, **kwargs)
        except ApiError as error:
            response = api_error(error.code, error.message, error.status)
        response.headers.setdefault("Vary", "Accept-Language, Cookie")
        # Open data: any web page may read it. Browsers send no cookies to a
        # "*" origin, so an official's session never reaches another site.
        response.headers.setdefault("Access-Control-Allow-Origin", "*")
        return response

    return wrapper


def csv_safe(value: Any) -> str:
    """One CSV cell as text; text starting like a formula gets a leading ``'``.

    Numbers (int, Decimal, float) are written as they are, so ``-5`` stays a
    number; only text is neutralised. ``None`` is an empty cell, booleans are
    ``true``/``false`` as in the JSON.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | Decimal):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A whole CSV document: BOM, header row, then ``rows`` (RFC 4180, CRLF)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([csv_safe(name) for name in header])
    for row in rows:
        writer.writerow([csv_safe(value) for value in row])
    return buffer.getvalue()


def csv_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """``csv_text`` as a download named ``filename`` (``text/csv; header=present``)."""
    response = HttpResponse(
        csv_text(header, rows).encode("utf-8"),
        content_type="text/csv; charset=utf-8; header=present",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@dataclass(frozen=True)
class Field:
    """One property of a record: its name, JSON Schema and how to read it.

    ``get`` takes the record (a model instance or a dict) and returns a JSON
    value. ``csv=False`` keeps a nested value (a list, an object) out of CSV.
    """

    name: str
    schema: dict
    get: Callable[[Any], Any]
    csv: bool = True


def string(nullable: bool = False, **extra) -> dict:
    """JSON Schema of a string (``nullable``: may be ``null``; OpenAPI 3.0)."""
    return {"type": "string", **({"nullable": True} if nullable else {}), **extra}


def integer(nullable: bool = False, **extra) -> dict:
    """JSON Schema of an integer."""
    return {"type": "integer", **({"nullable": True} if nullable else {}), **extra}


def number(nullable: bool = False, **extra) -> dict:
    """JSON Schema of a number (money in THB is a number with two decimals)."""
    return {"type": "number", **({"nullable": True} if nullable else {}), **extra}


def boolean() -> dict:
    return {"type": "boolean"}


def date_time(nullable: bool = False) -> dict:
    """An ISO 8601 time with its offset (``2026-11-29T15:00:00+07:00``)."""
    return string(nullable, format="date-time")


def array(items: dict) -> dict:
    return {"type": "array", "items": items}


def obj(properties: dict[str, dict], nullable: bool = False) -> dict:
    """A strict object: every property required, no other property allowed."""
    schema = {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }
    if nullable:
        schema["nullable"] = True
    return schema


def iso(value) -> str | None:
    """A datetime as ISO 8601 in the site's time zone, or ``None``."""
    if value is None:
        return None
    from django.utils import timezone

    return timezone.localtime(value).isoformat()


def money(value) -> float | None:
    """An amount (Decimal, THB) as a JSON number, or ``None``."""
    return None if value is None else float(value)


class Resource:
    """A kind of record published by the API: fields, JSON, CSV and schema."""

    def __init__(self, name: str, fields: Sequence[Field]):
        self.name = name
        self.fields = list(fields)

    def item(self, record) -> dict:
        """The record as a JSON object."""
        return {field.name: field.get(record) for field in self.fields}

    def _csv_fields(self):
        return [field for field in self.fields if field.csv]

    @property
    def csv_header(self) -> list[str]:
        """Column names: an object field gives ``<field>_<key>`` columns."""
        header = []
        for field in self._csv_fields():
            keys = field.schema.get("properties")
            if keys:
                header.extend(f"{field.name}_{key}" for key in keys)
            else:
                header.append(field.name)
        return header

    def csv_row(self, record) -> list:
        """The record's CSV cells; a list of plain values is joined with ``; ``."""
        row = []
        for field in self._csv_fields():
            value = field.get(record)
            keys = field.schema.get("properties")
            if keys:
                row.extend((value or {}).get(key) for key in keys)
            elif isinstance(value, list):
                row.append("; ".join(str(item) for item in value))
            else:
                row.append(value)
        return row

    @property
    def schema(self) -> dict:
        """The strict JSON Schema of ``item``."""
        return obj({field.name: field.schema for field in self.fields})

    def page_schema(self) -> dict:
        """The schema of a JSON page of these records (see ``list_response``)."""
        return obj(
            {
                "count": integer(minimum=0),
                "page": integer(minimum=1, maximum=MAX_PAGE),
                "page_size": integer(minimum=1, maximum=MAX_PAGE_SIZE),
                "next": string(nullable=True),
                "previous": string(nullable=True),
                "results": array({"$ref": f"#/components/schemas/{self.name}"}),
            }
        )


def wanted_format(request, allowed: Sequence[str] = ("json", "csv")) -> str:
    """The ``?format=`` asked for (default ``json``); ``ApiError`` if unknown."""
    value = request.GET.get("format") or "json"
    if value not in allowed:
        raise ApiError(
            "unknown_format",
            _("Unknown format; use one of: %(formats)s.")
            % {"formats": ", ".join(allowed)},
        )
    return value


def _whole_number(request, name: str, default: int, maximum: int) -> int:
    """``?<name>=`` as a whole number from 1 to ``maximum`` (Thai digits too);
    ``ApiError("bad_page")`` if not."""
    raw = request.GET.get(name)
    if raw in (None, ""):
        return default
    raw = to_arabic_digits(raw)
    if not (raw.isascii() and raw.isdecimal() and 1 <= int(raw) <= maximum):
        raise ApiError(
            "bad_page",
            _("%(name)s must be a whole number from 1 to %(maximum)s.")
            % {"name": name, "maximum": maximum},
        )
    return int(raw)


def filtered(filterset_class, request, queryset):
    """``queryset`` through the list's django-filter FilterSet, as the HTML list.

    Raises ``ApiError("invalid_filter")`` naming the filters with bad values.
    """
    filterset = filterset_class(request.GET, queryset=queryset, request=request)
    if not filterset.is_valid():
        names = ", ".join(sorted(filterset.errors))
        raise ApiError(
            "invalid_filter",
            _("These filters have values that are not allowed: %(names)s.")
            % {"names": names},
        )
    return filterset.qs


def list_response(request, *, records, resource: Resource, filename: str):
    """A list as JSON pages (``?page=``, ``?page_size=`` up to 200) or whole CSV.

    Raises ``ApiError("bad_page")`` for a page or page size out of range.

    ``records`` must already be in a stable order (ending with a unique key),
    so pages never repeat or skip a record. CSV (``?format=csv``) holds every
    filtered record. A page past the end is an empty ``results`` list.
    """
    if wanted_format(request) == "csv":
        rows = (resource.csv_row(record) for record in records)
        return csv_response(filename, resource.csv_header, rows)
    size = _whole_number(request, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
    page = _whole_number(request, "page", 1, MAX_PAGE)
    count = (
        records.count()
        if hasattr(records, "count") and not isinstance(records, list)
        else len(records)
    )
    start = (page - 1) * size
    last_page = max(1, -(-count // size))
    chunk = list(records[start : start + size]) if start < count else []

    def link(number: int) -> str:
        query = request.GET.copy()
        query["page"] = str(number)
        query["page_size"] = str(size)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    body = {
        "count": count,
        "page": page,
        "page_size": size,
        "next": link(page + 1) if start + size < count else None,
        "previous": link(min(page - 1, last_page)) if page > 1 and count else None,
        "results": [resource.item(record) for record in chunk],
    }
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


# --- OpenAPI pieces shared by the apps' ``OPENAPI_PATHS`` -----------------------

ERROR_SCHEMA = obj({"error": string(), "message": string()})


def ref(name: str) -> dict:
    """A reference to ``#/components/schemas/<name>``."""
    return {"$ref": f"#/components/schemas/{name}"}


def query_parameter(name: str, schema: dict, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def path_parameter(name: str, description: str, pattern: str | None = None) -> dict:
    schema = string(pattern=pattern) if pattern else string()
    return {
        "name": name,
        "in": "path",
        "required": True,
        "schema": schema,
        "description": description,
    }


FORMAT_PARAMETER = query_parameter(
    "format", {"type": "string", "enum": ["json", "csv"]}, "json (default) or csv"
)
JSON_ONLY_PARAMETER = query_parameter(
    "format", {"type": "string", "enum": ["json"]}, "json only (one record)"
)
PAGE_PARAMETERS = [
    query_parameter(
        "page", integer(minimum=1, maximum=MAX_PAGE), "page number, from 1"
    ),
    query_parameter(
        "page_size",
        integer(minimum=1, maximum=MAX_PAGE_SIZE),
        f"records a page, {PAGE_SIZE} by default, {MAX_PAGE_SIZE} at most",
    ),
]


def responses(
    schema: dict | None = None,
    *,
    csv: bool = False,
    errors: Sequence[int] = (400,),
    content_type: str = "application/json",
) -> dict:
    """OpenAPI ``responses``: 200 with ``schema`` (and CSV text), then JSON errors."""
    content = {}
    if schema is not None:
        content[content_type] = {"schema": schema}
    if csv:
        content["text/csv"] = {"schema": string()}
    out = {"200": {"description": "OK", "content": content}}
    for status in errors:
        out[str(status)] = {
            "description": "error",
            "content": {"application/json": {"schema": ref("Error")}},
        }
    return out


def get_operation(
    operation_id: str, summary: str, parameters: Sequence[dict], answers: dict
) -> dict:
    """A path item with one GET operation."""
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": list(parameters),
            "responses": answers,
        }
    }


# --- Shapes shared by several resources ---------------------------------------

AREA_SCHEMA = obj(
    {"id": integer(), "code": string(), "name_th": string(), "name_en": string()},
    nullable=True,
)
ORGANISATION_SCHEMA = obj(
    {"slug": string(), "name_th": string(), "name_en": string()}, nullable=True
)


def area_item(area) -> dict | None:
    """An ``Area`` as ``{"id", "code", "name_th", "name_en"}`` (``None`` for none).

    ``id`` is what the lists' ``area`` filters take.
    """
    if area is None:
        return None
    return {
        "id": area.pk,
        "code": area.code,
        "name_th": area.name_th,
        "name_en": area.name_en,
    }


def organisation_item(organisation) -> dict | None:
    """An ``Organisation`` as ``{"slug", "name_th", "name_en"}``."""
    if organisation is None:
        return None
    return {
        "slug": organisation.slug,
        "name_th": organisation.name_th,
        "name_en": organisation.name_en,
    }


def site_url(path: str | None) -> str | None:
    """``path`` as an absolute URL on the public site (``settings.SITE_URL``).

    The configured address, not the request's host: behind a proxy the request
    may carry an internal name, and published data must link to the public site.
    """
    if path is None:
        return None
    from django.conf import settings

    return settings.SITE_URL.rstrip("/") + path
