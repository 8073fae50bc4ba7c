"""The open-data catalogue: a page of every public dataset, and the same catalogue
in DCAT-AP as JSON-LD for data portals (CKAN's DCAT harvester, as data.go.th runs).

Seven datasets: budgets, projects, anonymised ballots, results, proposals,
consultations (with the aggregated questionnaire answers) and hearing reports.
Only what the anonymous public may see goes in, computed for an AnonymousUser, so
an official sees the same page as everyone. The files themselves are the API's
(``/api/v1/``); this package points at them, with absolute URLs on the public
site (``settings.SITE_URL``), as the API links.

- ``datasets``: a dataset and its files (``Dataset``, ``Distribution``), and the
  seven datasets' titles, descriptions and keywords.
- ``selectors``: ``catalogue()``, the seven datasets filled from the database
  with a fixed number of queries per kind of dataset, whatever the number of
  budgets or consultations.
- ``dcat``: the catalogue as a DCAT-AP JSON-LD document.
- ``views``: the page and the JSON-LD.

A dataset with no public file yet stays on the page ("nothing published yet") and
is left out of the JSON-LD, where every dataset has at least one distribution.
"""

from .views import catalog_jsonld, open_data

__all__ = ["catalog_jsonld", "open_data"]
