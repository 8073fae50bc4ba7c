"""The voting part of the API under ``/api/v1/budgets/``.

Read endpoints (``reads``), anonymised ballot exports (``exports``), ballot
casting (``ballots``) and their OpenAPI description (``schema``).
"""

from .ballots import ballot
from .exports import ballots_csv, budget_to_pabulib, export_pb
from .reads import budget_detail, budget_list, project_list, results, tally
from .schema import OPENAPI_PATHS, SCHEMAS

__all__ = [
    "OPENAPI_PATHS",
    "SCHEMAS",
    "ballot",
    "ballots_csv",
    "budget_detail",
    "budget_list",
    "budget_to_pabulib",
    "export_pb",
    "project_list",
    "results",
    "tally",
]
