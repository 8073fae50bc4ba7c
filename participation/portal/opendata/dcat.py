"""The catalogue in DCAT-AP as a JSON-LD document, its context inline.

Every address is absolute on the public site (``site_url``, from
``settings.SITE_URL``), as the API's own links are; datasets and distributions
are named by fragments of the JSON-LD's address.
"""

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participation.api import site_url

from .datasets import INTRODUCTION, LANGUAGES, Both, Dataset, Distribution, both

IANA = "http://www.iana.org/assignments/media-types/"
EU_LANGUAGE = "http://publications.europa.eu/resource/authority/language/"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def catalogue_url() -> str:
    """The JSON-LD's own absolute address, which names the catalogue."""
    return site_url(reverse("catalog_jsonld"))


def catalogue_document(datasets: list[Dataset]) -> dict:
    """The DCAT-AP catalogue of ``datasets`` as a JSON-LD document (a dict).

    Published datasets only (each has at least one distribution).
    """
    catalog_url = catalogue_url()
    with translation.override("th"):
        page = site_url(reverse("open_data"))
        openapi = site_url(reverse("api:openapi"))
    api = site_url("/api/v1/")
    licence = {"@id": settings.OPEN_DATA_LICENSE_URL}
    if settings.OPEN_DATA_PUBLISHER_NAME:
        publisher_name = [{"@value": settings.OPEN_DATA_PUBLISHER_NAME}]
    else:
        publisher_name = _texts(both(lambda: _("Ruamkid")))
    publisher_url = settings.OPEN_DATA_PUBLISHER_URL or site_url("/")
    publisher = {
        "@id": publisher_url,
        "@type": "foaf:Agent",
        "foaf:name": publisher_name,
        "foaf:homepage": {"@id": publisher_url},
    }
    contact = {
        "@id": f"{catalog_url}#contact",
        "@type": "vcard:Organization",
        "vcard:fn": publisher_name,
        "vcard:hasURL": {"@id": page},
    }
    languages = [{"@id": EU_LANGUAGE + "THA"}, {"@id": EU_LANGUAGE + "ENG"}]
    shown = [dataset for dataset in datasets if dataset.published]
    nodes = []
    for dataset in shown:
        iri = f"{catalog_url}#{dataset.key}"
        nodes.append(
            {
                "@id": iri,
                "@type": "dcat:Dataset",
                "dct:identifier": iri,
                "dct:title": _texts(dataset.title),
                "dct:description": _texts(dataset.description),
                "dcat:keyword": [
                    {"@value": word, "@language": language}
                    for pair in dataset.keywords
                    for language, word in zip(LANGUAGES, pair, strict=True)
                ],
                "dct:issued": _when(dataset.issued or dataset.modified),
                "dct:modified": _when(dataset.modified),
                "dct:publisher": publisher,
                "dcat:contactPoint": contact,
                "dct:license": licence,
                "dct:language": languages,
                "dcat:landingPage": {"@id": f"{page}#{dataset.key}"},
                "dcat:distribution": [
                    _distribution_node(d, catalog_url, licence)
                    for d in dataset.distributions
                ],
            }
        )
    return {
        "@context": CONTEXT,
        "@id": catalog_url,
        "@type": "dcat:Catalog",
        "dct:title": _texts(both(lambda: _("Ruamkid open data catalogue"))),
        "dct:description": _texts(both(lambda: INTRODUCTION)),
        "dct:publisher": publisher,
        "foaf:homepage": {"@id": page},
        "dct:language": languages,
        "dct:license": {
            "@id": settings.OPEN_DATA_LICENSE_URL,
            "@type": "dct:LicenseDocument",
            "rdfs:label": settings.OPEN_DATA_LICENSE_NAME,
        },
        "dct:modified": _when(max((d.modified for d in shown), default=timezone.now())),
        "dcat:dataset": nodes,
        "dcat:service": {
            "@id": api,
            "@type": "dcat:DataService",
            "dct:title": _texts(both(lambda: _("Ruamkid public API"))),
            "dcat:endpointURL": {"@id": api},
            "dcat:endpointDescription": {"@id": openapi},
            "dct:license": licence,
            "dcat:servesDataset": [{"@id": node["@id"]} for node in nodes],
        },
    }


def _texts(text: Both) -> list[dict]:
    return [
        {"@value": text[language], "@language": language}
        for language in LANGUAGES
        if text.get(language)
    ]


def _when(moment: datetime) -> dict:
    return {
        "@value": timezone.localtime(moment).isoformat(timespec="seconds"),
        "@type": "xsd:dateTime",
    }


def _distribution_node(
    distribution: Distribution, catalog_url: str, licence: dict
) -> dict:
    url = {"@id": site_url(distribution.path)}
    node = {
        "@id": f"{catalog_url}#{distribution.key}",
        "@type": "dcat:Distribution",
        "dct:title": _texts(distribution.title),
        "dcat:accessURL": url,
        "dcat:downloadURL": url,
        "dcat:mediaType": {"@id": IANA + distribution.media_type},
        "dct:format": distribution.format,
        "dct:license": licence,
        "dct:modified": _when(distribution.modified),
    }
    if distribution.issued:
        node["dct:issued"] = _when(distribution.issued)
    return node
