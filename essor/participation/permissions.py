"""Participants have no account: a workshop's join code lets anyone in, and
a secret token in their browser identifies them afterwards. Only the
facilitators of the process open, close and reset the vote
(``workshops.manage_workshop``); people with a role in the process read the
results (``contributions.view_contributions``: they show the ideas).

The token travels in a signed, HttpOnly cookie scoped to the workshop's
page (/participer/<CODE>/). The signature's salt names the workshop's code, so a
cookie forged, or copied from another workshop, is simply ignored: its
bearer is a new participant, never someone else.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.db import connection
from django.db.models.expressions import Col
from django.http import Http404
from django.urls import reverse

from essor.contributions.models import Contribution
from essor.core.tokens import keyed_digest, new_token
from essor.participation.models import Participant, hash_token
from essor.workshops.models import Workshop
from essor.workshops.permissions import get_workshop_for

COOKIE_NAME = "essor_participant"
COOKIE_MAX_AGE = 14 * 24 * 3600  # a workshop lasts a day; its results are read later
# A random id of the browser, for every workshop: a browser that joins a workshop
# again (its participant cookie lost or expired) gets its participant back, with
# its dots and its idea quota, instead of a fresh one.
BROWSER_COOKIE_NAME = "essor_browser"
BROWSER_COOKIE_MAX_AGE = 365 * 24 * 3600


def normalise_code(code: str) -> str:
    """A join code as stored: upper case, without spaces or dashes."""
    return "".join((code or "").replace("-", " ").split()).upper()


def get_workshop_by_code(code: str) -> Workshop:
    """The workshop of a join code typed by a participant (case and spaces ignored)."""
    try:
        return Workshop.objects.select_related("process").get(join_code=normalise_code(code))
    except Workshop.DoesNotExist:
        raise Http404 from None


def get_participant(workshop: Workshop, token: str | None) -> Participant | None:
    """The participant of this workshop holding ``token``, or None."""
    if not token:
        return None
    return Participant.objects.filter(workshop=workshop, token_hash=hash_token(token)).first()


def _salt(join_code: str) -> str:
    return f"essor.participation.{join_code}"


def participant_from_request(request, code: str) -> Participant | None:
    """The participant whose signed cookie this browser holds for the workshop of
    ``code`` (with its workshop and process, in one query), or None."""
    code = normalise_code(code)
    token = request.get_signed_cookie(COOKIE_NAME, default=None, salt=_salt(code))
    if not token:
        return None
    # The token is unique: no ORDER BY (the model's ordering would join and sort).
    participants = (
        Participant.objects.select_related("workshop__process", "organisation")
        .filter(token_hash=hash_token(token), workshop__join_code=code)
        .order_by()
    )
    return next(iter(participants[:1]), None)


# The rows read by ``participant_and_idea``, in the order of its SELECT.
# The workshop's process and the participant's organisation are not read: a vote
# and the live poll do not show them (read on first use, as any foreign key), and
# building two more instances was a tenth of a vote's CPU (bench/profile_vote.py).
_BALLOT_MODELS = (
    ("p", Participant),
    ("w", Workshop),
    ("c", Contribution),
)


@functools.cache
def _ballot_sql() -> str:
    """``participant_from_request`` and ``get_votable_contribution`` in one statement
    of plain SQL: a vote is the hot path of a room voting at once, and building these
    two ORM queries (four joined tables) cost more CPU than PostgreSQL running them.
    Every column of every model is read, so the instances are whole (no deferred
    field loaded later). Table and column names come from the models."""
    columns = ", ".join(
        f"{alias}.{connection.ops.quote_name(field.column)}"
        for alias, model in _BALLOT_MODELS
        for field in model._meta.concrete_fields
    )
    table = {alias: model._meta.db_table for alias, model in _BALLOT_MODELS}
    return f"""
        SELECT {columns}
          FROM {table["p"]} p
          JOIN {table["w"]} w ON w.id = p.workshop_id
          LEFT JOIN {table["c"]} c ON c.id = %(idea)s AND c.workshop_id = p.workshop_id
         WHERE p.token_hash = %(token_hash)s AND w.join_code = %(code)s
    """  # noqa: S608 (names from the models, values as parameters)


@functools.cache
def _ballot_converters() -> list[tuple[int, list, Col]]:
    """The converters the ORM would apply to the columns of ``_ballot_sql`` (dates
    aware on SQLite, booleans, JSON): (column index, converters, column)."""
    converters, index = [], 0
    for alias, model in _BALLOT_MODELS:
        for field in model._meta.concrete_fields:
            column = Col(alias, field)
            found = connection.ops.get_db_converters(column) + field.get_db_converters(connection)
            if found:
                converters.append((index, found, column))
            index += 1
    return converters


def participant_and_idea(
    request, code: str, contribution_id
) -> tuple[Participant | None, Contribution | None]:
    """What ``participant_from_request`` and ``get_votable_contribution`` give, in one
    query: (the participant of the browser's cookie, with its workshop; the
    contribution ``contribution_id`` if it is in that workshop).
    (None, None) without a valid cookie; the contribution is None when it is not
    in the participant's workshop (the caller answers 404)."""
    code = normalise_code(code)
    token = request.get_signed_cookie(COOKIE_NAME, default=None, salt=_salt(code))
    try:
        idea = int(contribution_id)
    except (TypeError, ValueError):
        idea = None
    if not token:
        return None, None
    with connection.cursor() as cursor:
        cursor.execute(_ballot_sql(), {"idea": idea, "token_hash": hash_token(token), "code": code})
        row = cursor.fetchone()
    if row is None:
        return None, None
    row = list(row)
    for index, converters, column in _ballot_converters():
        for convert in converters:
            row[index] = convert(row[index], column, connection)
    objects, start = {}, 0
    for alias, model in _BALLOT_MODELS:
        fields = model._meta.concrete_fields
        values = row[start : start + len(fields)]
        start += len(fields)
        if values[0] is not None:  # the LEFT JOINs give None when there is no row
            objects[alias] = model.from_db(
                connection.alias, [f.attname for f in fields], list(values)
            )
    participant, workshop = objects["p"], objects["w"]
    participant.workshop = workshop
    contribution = objects.get("c")
    if contribution is not None:
        contribution.workshop = workshop
    return participant, contribution


def remember_participant(response, workshop: Workshop, token: str) -> None:
    """Give the browser the participant's raw token (the database keeps its hash)."""
    response.set_signed_cookie(
        COOKIE_NAME,
        token,
        salt=_salt(workshop.join_code),
        max_age=COOKIE_MAX_AGE,
        path=reverse("participation:workshop", args=[workshop.join_code]),
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def browser_key(request) -> tuple[str, str, bool]:
    """(browser id to keep in the cookie, its keyed hash stored on participants,
    whether the browser came with it: a new browser cannot be anybody yet)."""
    known = request.get_signed_cookie(
        BROWSER_COOKIE_NAME, default=None, salt="essor.participation.browser"
    )
    browser_id = known or new_token()
    return browser_id, keyed_digest(browser_id, "participation.browser"), bool(known)


def remember_browser(response, browser_id: str) -> None:
    response.set_signed_cookie(
        BROWSER_COOKIE_NAME,
        browser_id,
        salt="essor.participation.browser",
        max_age=BROWSER_COOKIE_MAX_AGE,
        path=reverse("participation:join"),
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def get_participant_to_manage(user, process_id, workshop_id, participant_id) -> Participant:
    """A participant of a workshop ``user`` manages (else 404/403)."""
    workshop = get_workshop_to_manage(user, process_id, workshop_id)
    try:
        return workshop.participants.select_related("workshop__process").get(pk=participant_id)
    except (Participant.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_votable_contribution(workshop: Workshop, contribution_id) -> Contribution:
    """A contribution of this workshop (withdrawn ones are refused later, with a message)."""
    try:
        return Contribution.objects.get(pk=contribution_id, workshop=workshop)
    except (Contribution.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_workshop_to_manage(user, process_id, workshop_id) -> Workshop:
    """A workshop whose vote ``user`` may open, close and reset (else 404/403)."""
    return get_workshop_for(user, process_id, workshop_id, "workshops.manage_workshop")


def get_workshop_results_for(user, process_id, workshop_id) -> Workshop:
    """A workshop whose results ``user`` may read (else 404/403)."""
    return get_workshop_for(user, process_id, workshop_id, "contributions.view_contributions")
