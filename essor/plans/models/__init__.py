"""Models of the action plan, one module per noun (plan and axes, actions, follow-up)."""

from essor.plans.models.action import (
    Action,
    ActionQuerySet,
    ActionStatus,
    BudgetLine,
    BudgetNature,
    Funding,
    Indicator,
    IndicatorDirection,
    Milestone,
    Priority,
)
from essor.plans.models.plan import (
    COMMON_LEVERS,
    Axis,
    CouncilResult,
    Lever,
    Plan,
    PlanKind,
    PlanStatus,
    PublicPageVersion,
)
from essor.plans.models.tracking import (
    ActionChange,
    Attachment,
    Comment,
    Reorientation,
    ReorientationStatus,
    Submission,
)

__all__ = [
    "COMMON_LEVERS",
    "Action",
    "ActionChange",
    "ActionQuerySet",
    "ActionStatus",
    "Attachment",
    "Axis",
    "BudgetLine",
    "BudgetNature",
    "Comment",
    "CouncilResult",
    "Funding",
    "Indicator",
    "IndicatorDirection",
    "Lever",
    "Milestone",
    "Plan",
    "PlanKind",
    "PlanStatus",
    "Priority",
    "PublicPageVersion",
    "Reorientation",
    "ReorientationStatus",
    "Submission",
]
