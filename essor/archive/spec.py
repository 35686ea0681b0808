"""What a whole-process archive holds, and how each row refers to what is outside it.

``ENTITIES`` lists, parents first, every model whose rows belong to one process, with the
lookup from the model to its process. Organisations and people of the workspace are taken
only when something of the process names them (a pilot, an attendee, an author). Rows are
identified in the archive by "<entity>/<rank>" (rank in database order, from 1): stable from
one export to the next of the same data, and never a database id.

Outside the archive, a row names: users by e-mail, territories by kind and INSEE code,
content types by "app.model", method templates by name; the workspace is the one chosen at
import. Secrets never leave: token hashes, browser and address keys (each field gets its
default at import, i.e. a token nobody holds), and personal reporting links
(followup.CampaignLink: a pilot gets a new one with the next e-mail).
"""

from __future__ import annotations

from django.apps import apps

# (model label, lookup from the model to the process's primary key)
ENTITIES: list[tuple[str, str]] = [
    ("organisations.Organisation", ""),
    ("organisations.Person", ""),
    ("processes.Process", "pk"),
    ("processes.Phase", "process"),
    ("processes.WorkshopTemplate", "process"),
    ("processes.Deliverable", "process"),
    ("processes.Membership", "process"),
    ("plans.Plan", "process"),
    ("plans.Axis", "plan__process"),
    ("plans.Lever", "process"),
    ("bodies.Body", "process"),
    ("bodies.BodyMember", "body__process"),
    ("meetings.Meeting", "process"),
    ("meetings.Attendance", "meeting__process"),
    ("decisions.Decision", "body__process"),
    ("workshops.Workshop", "process"),
    ("workshops.Question", "workshop__process"),
    ("participation.Participant", "workshop__process"),
    ("surveys.Survey", "process"),
    ("surveys.Question", "survey__process"),
    ("surveys.Choice", "question__survey__process"),
    ("surveys.Invitation", "survey__process"),
    ("surveys.Response", "survey__process"),
    ("contributions.Contribution", "process"),
    ("surveys.Answer", "response__survey__process"),
    ("participation.Vote", "participant__workshop__process"),
    ("synthesis.Synthesis", "process"),
    ("synthesis.Theme", "synthesis__process"),
    ("synthesis.Placement", "synthesis__process"),
    ("plans.Action", "plan__process"),
    ("plans.Milestone", "action__plan__process"),
    ("plans.BudgetLine", "action__plan__process"),
    ("plans.Funding", "action__plan__process"),
    ("plans.Indicator", "action__plan__process"),
    ("plans.ActionChange", "action__plan__process"),
    ("plans.Comment", "action__plan__process"),
    ("plans.Reorientation", "action__plan__process"),
    ("plans.Submission", "plan__process"),
    ("plans.Attachment", "action__plan__process"),
    ("followup.FollowupSettings", "plan__process"),
    ("followup.Campaign", "plan__process"),
    ("followup.ProgressReport", "process"),
    ("followup.ReportAttachment", "report__process"),
    ("followup.IndicatorValue", "process"),
    ("followup.FundingReceipt", "process"),
    ("followup.FollowupComment", "process"),
    ("portal.PortalSettings", "process"),
]

# Workspace-level rows taken when named by the process; matched at import, not duplicated.
SHARED = {"organisations.Organisation", "organisations.Person"}

# Never written to an archive: secrets, and keys that only mean something on one server.
SECRET_FIELDS = {
    "organisations.Person": {
        "calendar_token_hash",
        "calendar_token_created_at",
        "user",
        "workspace",
    },
    "processes.Process": {"calendar_token_hash", "calendar_token_created_at", "workspace"},
    "organisations.Organisation": {"workspace"},
    "meetings.Attendance": {"rsvp_token_hash"},
    "participation.Participant": {"token_hash", "browser_key", "address_key"},
    "surveys.Survey": {"public_token"},
    "surveys.Invitation": {"token_hash"},
}

# Models outside the archive that a row may name, and how.
OUTSIDE = {"accounts.User", "territories.Territory", "contenttypes.ContentType",
           "methods.MethodTemplate", "workspaces.Workspace"}  # fmt: skip


def entity_name(label: str) -> str:
    """ "plans.Action" -> "plans.action": the file and identifier prefix."""
    return label.lower()


def models_in_order():
    return [(apps.get_model(label), lookup) for label, lookup in ENTITIES]


def skipped_fields(model) -> set[str]:
    return SECRET_FIELDS.get(model._meta.label, set())
