"""The OpenAPI description of the voting endpoints (assembled by the portal)."""

from budgets.models import Budget, Project
from participation.api import (
    FORMAT_PARAMETER,
    JSON_ONLY_PARAMETER,
    PAGE_PARAMETERS,
    array,
    get_operation,
    integer,
    obj,
    path_parameter,
    query_parameter,
    ref,
    responses,
    string,
)

from .reads import (
    BUDGET,
    BUDGET_DETAIL,
    BUDGET_RESULT,
    POT_RESULT,
    PROJECT,
    RESULT_PROJECT,
    TALLY,
)

SCHEMAS = {
    "Budget": BUDGET.schema,
    "BudgetPage": BUDGET.page_schema(),
    "BudgetDetail": BUDGET_DETAIL.schema,
    "Project": PROJECT.schema,
    "ProjectPage": PROJECT.page_schema(),
    "ResultProject": RESULT_PROJECT.schema,
    "PotResult": POT_RESULT,
    "BudgetResult": BUDGET_RESULT,
    "Tally": TALLY,
    "BallotAccepted": obj({"ok": {"type": "boolean", "enum": [True]}}),
}

SLUG = path_parameter("slug", "the budget's short name", pattern=r"^[-a-zA-Z0-9_]+$")
POT = query_parameter(
    "pot", string(), "a district pot (its area code) or city; default the city pot"
)

_BUDGETS = "/api/v1/budgets"


def _counting_responses(answers: dict) -> dict:
    """``answers`` with the 503 of a count already running elsewhere described."""
    answers["503"] = {
        **answers["503"],
        "description": (
            "counting: another request is counting this result now; "
            "ask again after Retry-After seconds"
        ),
        "headers": {
            "Retry-After": {
                "description": "seconds to wait before asking again",
                "schema": integer(minimum=1),
            }
        },
    }
    return answers


OPENAPI_PATHS = {
    f"{_BUDGETS}/": get_operation(
        "budget_list",
        "Budgets, newest voting first",
        [
            query_parameter("organisation", string(), "organisation short name"),
            query_parameter("fiscal_year", integer(), "fiscal year, Buddhist Era"),
            FORMAT_PARAMETER,
            *PAGE_PARAMETERS,
        ],
        responses(ref("BudgetPage"), csv=True, errors=(400,)),
    ),
    f"{_BUDGETS}/{{slug}}/": get_operation(
        "budget_detail",
        "One budget with its pots and links to its data",
        [SLUG, JSON_ONLY_PARAMETER],
        responses(ref("BudgetDetail"), errors=(400, 404)),
    ),
    f"{_BUDGETS}/{{slug}}/projects/": get_operation(
        "budget_projects",
        "The budget's projects in ballot order; votes when the tally is public",
        [
            SLUG,
            query_parameter(
                "feasibility", string(enum=list(Project.Feasibility.values)), ""
            ),
            query_parameter("area", integer(), "area id"),
            FORMAT_PARAMETER,
            *PAGE_PARAMETERS,
        ],
        responses(ref("ProjectPage"), csv=True, errors=(400, 404)),
    ),
    f"{_BUDGETS}/{{slug}}/tally/": get_operation(
        "tally",
        "The live tally as this client may see it",
        [SLUG, query_parameter("public", string(), "1: what the public sees")],
        responses(ref("Tally"), errors=(404,)),
    ),
    f"{_BUDGETS}/{{slug}}/results/": get_operation(
        "results",
        "Winners under a counting rule, with a reason per project",
        [
            SLUG,
            query_parameter("rule", string(enum=list(Budget.CountingRule.values)), ""),
            FORMAT_PARAMETER,
        ],
        _counting_responses(
            responses(ref("BudgetResult"), csv=True, errors=(400, 403, 404, 503))
        ),
    ),
    f"{_BUDGETS}/{{slug}}/export.pb": get_operation(
        "export_pb",
        "Anonymised ballots of one pot as a Pabulib file",
        [SLUG, POT],
        responses(string(), content_type="text/plain", errors=(403, 404)),
    ),
    f"{_BUDGETS}/{{slug}}/ballots.csv": get_operation(
        "ballots_csv",
        "Anonymised ballots as CSV, one row a ballot",
        [SLUG, POT],
        responses(None, csv=True, errors=(403, 404)),
    ),
    f"{_BUDGETS}/{{slug}}/ballot/": {
        "post": {
            "operationId": "ballot_submit",
            "summary": "Cast or replace the signed-in voter's ballot (session, CSRF)",
            "description": (
                "projects: the pk of each chosen project, as listed by "
                "/api/v1/budgets/{slug}/projects/ (not its id, which is the "
                "number shown to voters); points: {pk: points} on cumulative "
                "ballots; pot: a district's area code or city."
            ),
            "parameters": [SLUG],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "projects": array(integer(minimum=1)),
                                "points": {
                                    "type": "object",
                                    "additionalProperties": integer(minimum=1),
                                },
                                "pot": string(),
                            },
                            "additionalProperties": False,
                        }
                    }
                },
            },
            "responses": responses(
                ref("BallotAccepted"), errors=(400, 401, 403, 404, 409, 422)
            ),
        }
    },
}
