"""Use cases of participants: joining a workshop, prioritising its contributions.

Votes are safe under concurrency: every change of a participant's votes
locks that participant's row first (``select_for_update``), so two parallel
requests of the same phone are serialised and the dots never exceed the
limit; different participants do not wait for each other. Closing or
resetting the vote locks every participant of the workshop, so no vote can
slip in after the vote is closed.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from essor.contributions.models import Contribution
from essor.contributions.services import add_contribution
from essor.core.audit import log_action
from essor.core.tokens import keyed_digest
from essor.participation.models import Participant, Vote
from essor.workshops.models import Question, VoteMode, VoteStatus, Workshop

SCALE_MIN = 1
SCALE_MAX = 5


class VoteError(ValidationError):
    """A vote refused, with a French message for the participant."""


class VoteClosed(VoteError):
    """The vote of the workshop is not open (not started yet, or closed)."""


def join_workshop(
    workshop: Workshop,
    *,
    name: str = "",
    organisation=None,
    browser_key: str = "",
    address_key: str = "",
) -> Participant:
    """A new participant of ``workshop``; its token (``participant.token``, for the
    browser's cookie: only its hash is stored) identifies it from now on.

    With a ``browser_key``, the participant this browser already is, if any (a
    join sent twice at once, see views.workshop_page): on PostgreSQL the joins of
    one browser wait for each other (a transaction-level advisory lock on its key)
    and the second finds the first's participant (without ``token``: the caller
    issues a new one). SQLite has one writer at a time and no second server: the
    caller's check just before is enough there."""
    if browser_key and connection.vendor == "postgresql":  # SQLite: one writer at a time
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(browser_key[:15], 16)])
            existing = returning_participant(workshop, browser_key)
            if existing is not None:
                return existing
            return _new_participant(workshop, name, organisation, browser_key, address_key)
    return _new_participant(workshop, name, organisation, browser_key, address_key)


def _new_participant(workshop, name, organisation, browser_key, address_key) -> Participant:
    participant = Participant(
        workshop=workshop,
        name=(name or "").strip()[:80],
        organisation=organisation,
        browser_key=browser_key,
        address_key=address_key,
    )
    participant.issue_token()
    participant.save(force_insert=True)
    return participant


def reissue_token(participant: Participant) -> str:
    """A new token for a browser that joins again (its old cookie is lost: only
    the hash of its token was stored, so a new one is issued)."""
    token = participant.issue_token()
    Participant.objects.filter(pk=participant.pk).update(token_hash=participant.token_hash)
    return token


def returning_participant(workshop: Workshop, browser_key: str) -> Participant | None:
    """The participant this browser already is in ``workshop``, if any (removed
    ones too: the caller refuses them)."""
    if not browser_key:
        return None
    return workshop.participants.filter(browser_key=browser_key).order_by("id").first()


IDEA_KEYS_KEPT = 20  # the last idea forms' keys remembered per participant


def add_participant_idea(participant: Participant, retry_key: str, **fields):
    """(the idea, whether it is new): ``add_contribution`` for a participant, once per
    idea form. ``retry_key`` is the random key of the form the phone sent: a phone
    that sends the same form again (a retry after a network loss) gets no second
    idea. The participant's row is locked, so two copies sent at once add one idea.
    Raises ValidationError as ``add_contribution`` (nothing written)."""
    with transaction.atomic():
        locked = Participant.objects.select_for_update().only("idea_keys").get(pk=participant.pk)
        digest = keyed_digest(retry_key, "participation.idea") if retry_key else ""
        for known, pk in locked.idea_keys if digest else ():
            if known == digest:  # already added: that idea (None if deleted since)
                return Contribution.objects.filter(pk=pk).first(), False
        idea = add_contribution(participant=participant, **fields)
        if digest:
            keys = [*locked.idea_keys, [digest, idea.pk]][-IDEA_KEYS_KEPT:]
            Participant.objects.filter(pk=participant.pk).update(idea_keys=keys)
        return idea, True


def has_dots_or_ideas(participant: Participant) -> bool:
    """Whether the participant has put a dot or proposed an idea still kept (one query):
    the others all see the same vote panel (live_views._shared_live)."""
    vote, idea = Vote._meta.db_table, Contribution._meta.db_table
    sql = (
        f"SELECT EXISTS (SELECT 1 FROM {vote} WHERE participant_id = %(p)s)"  # noqa: S608
        f" OR EXISTS (SELECT 1 FROM {idea} WHERE participant_id = %(p)s AND NOT is_withdrawn)"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, {"p": participant.pk})
        return bool(cursor.fetchone()[0])


def panel_fingerprint(workshop: Workshop) -> str:
    """A short hash of what the vote panel and the idea form show of the workshop's
    data: its kept ideas (id, kind, text, question, in the panel's order) and its
    questions (id, text). Plain SQL, rows hashed as read: no model instance built
    (live_views._shared_live: every phone asks for it when the vote opens)."""
    idea, question = Contribution._meta.db_table, Question._meta.db_table
    digest = hashlib.blake2b(digest_size=16)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT c.id, c.kind, c.text, c.question_id FROM {idea} c"  # noqa: S608
            f" LEFT JOIN {question} q ON q.id = c.question_id"
            ' WHERE c.workshop_id = %s AND NOT c.is_withdrawn ORDER BY q."order", c."order", c.id',
            [workshop.pk],
        )
        digest.update(repr(cursor.fetchall()).encode())
        cursor.execute(
            f'SELECT id, text FROM {question} WHERE workshop_id = %s ORDER BY "order", id',  # noqa: S608
            [workshop.pk],
        )
        digest.update(repr(cursor.fetchall()).encode())
    return digest.hexdigest()


def parse_points(raw) -> int:
    """An integer typed or posted by a participant, or a VoteError in French."""
    try:
        return int(str(raw).strip())
    except (TypeError, ValueError):
        raise VoteError(_("Choose a whole number."), code="not_a_number") from None


def dots_used(participant: Participant, *, exclude: Contribution | None = None) -> int:
    """Dots the participant has put on kept contributions (withdrawn ones give dots back)."""
    votes = Vote.objects.filter(participant=participant, contribution__is_withdrawn=False)
    if exclude is not None:
        votes = votes.exclude(contribution=exclude)
    return votes.aggregate(total=Sum("points"))["total"] or 0


@functools.cache
def _insert_sql() -> tuple[str, bool]:
    """The INSERT of a new vote, and whether it returns the id (else ``lastrowid``)."""
    returning = connection.features.can_return_columns_from_insert
    columns = "(contribution_id, participant_id, points, updated_at)"
    tail = " RETURNING id" if returning else ""
    sql = f"INSERT INTO {Vote._meta.db_table} {columns} VALUES (%s, %s, %s, %s){tail}"  # noqa: S608
    return sql, returning


@functools.cache
def _state_sql() -> str:
    """The read of ``_lock``, in SQL: on the hot path of a room voting at once, the
    ORM took longer to build this statement (five subqueries) than PostgreSQL to
    run it. Table names come from the models; values are parameters."""
    workshop, idea = Workshop._meta.db_table, Contribution._meta.db_table
    vote = Vote._meta.db_table
    return f"""
        SELECT w.vote_status, w.vote_mode, w.dots_per_participant,
               c.workshop_id AS idea_workshop, c.is_withdrawn AS idea_withdrawn,
               (SELECT COALESCE(SUM(v.points), 0) FROM {vote} v
                  JOIN {idea} k ON k.id = v.contribution_id
                 WHERE v.participant_id = %(participant)s AND NOT k.is_withdrawn) AS used,
               mine.id AS vote_id, COALESCE(mine.points, 0) AS current
          FROM {workshop} w
          LEFT JOIN {idea} c ON c.id = %(idea)s
          LEFT JOIN {vote} mine
                 ON mine.participant_id = %(participant)s AND mine.contribution_id = %(idea)s
         WHERE w.id = %(workshop)s
    """  # noqa: S608 (table names from the models, values as parameters)


def _lock_sql() -> str:
    """The participant's row, locked (SQLite locks the whole database on write instead)."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    return f"SELECT id, vote_seqs FROM {Participant._meta.db_table} WHERE id = %s{lock}"  # noqa: S608


def _lock(participant: Participant, contribution: Contribution) -> dict:
    """Lock the participant, then check the vote is open and the contribution votable.

    Called inside the caller's transaction. The workshop is read after the
    lock, in a statement of its own: a vote waiting behind ``close_vote``
    sees the vote closed (a join in the locking statement would read the
    workshop as it was before the wait). That second statement also reads
    the contribution and the participant's dots, so a vote costs two reads.
    Returns the workshop's vote settings with ``used`` (dots on kept ideas),
    ``vote_id`` and ``current`` (the participant's vote on this contribution).
    """
    with connection.cursor() as cursor:
        # Plain SQL, as the read below: building the ORM's statement cost more CPU
        # than running it. A participant deleted meanwhile raises DoesNotExist, as
        # the ORM's .get() did.
        cursor.execute(_lock_sql(), [participant.pk])
        locked = cursor.fetchone()
        if locked is None:
            raise Participant.DoesNotExist
        cursor.execute(
            _state_sql(),
            {
                "participant": participant.pk,
                "idea": contribution.pk,
                "workshop": participant.workshop_id,
            },
        )
        columns = [column[0] for column in cursor.description]
        state = dict(zip(columns, cursor.fetchone(), strict=True))
    seqs = locked[1]  # SQLite gives the JSON text, PostgreSQL the decoded value
    state["vote_seqs"] = json.loads(seqs) if isinstance(seqs, str) else dict(seqs or {})
    if state["vote_status"] != VoteStatus.OPEN:
        if state["vote_status"] == VoteStatus.CLOSED:
            message = _("The vote is closed: your choice has not been recorded.")
        else:
            message = _("The vote has not started yet.")
        raise VoteClosed(message, code="closed")
    if state["idea_workshop"] != participant.workshop_id:
        raise VoteError(_("This idea is not part of this workshop."), code="workshop")
    if state["idea_withdrawn"]:
        raise VoteError(
            _("This idea has been withdrawn: it can no longer be voted for."), code="withdrawn"
        )
    return state


def _save(participant, contribution, points: int, state: dict) -> Vote | None:
    """Set the participant's points on the contribution (0 removes the vote)."""
    if points == 0:
        if state["vote_id"] is not None:
            Vote.objects.filter(pk=state["vote_id"]).delete()
        return None
    if state["vote_id"] is None:
        vote = Vote(participant=participant, contribution=contribution, points=points)
        vote.updated_at = timezone.now()
        # Plain SQL, as the reads: the ORM's INSERT cost more CPU to build than to run.
        sql, returning = _insert_sql()
        when = connection.ops.adapt_datetimefield_value(vote.updated_at)
        with connection.cursor() as cursor:
            cursor.execute(sql, [contribution.pk, participant.pk, points, when])
            vote.pk = cursor.fetchone()[0] if returning else cursor.lastrowid
        vote._state.adding = False
        return vote
    vote = Vote(
        pk=state["vote_id"], participant=participant, contribution=contribution, points=points
    )
    if state["current"] != points:  # a double click sends the same value twice: no write
        vote.save(update_fields=["points", "updated_at"])
    return vote


_OUTCOME_MESSAGES = {
    "mode": (VoteError, gettext_noop("This workshop votes with a scale, not with dots.")),
    "negative": (VoteError, gettext_noop("The number of dots cannot be negative.")),
    "workshop": (VoteError, gettext_noop("This idea is not part of this workshop.")),
    "withdrawn": (
        VoteError,
        gettext_noop("This idea has been withdrawn: it can no longer be voted for."),
    ),
    "closed": (VoteClosed, gettext_noop("The vote is closed: your choice has not been recorded.")),
    "not_started": (VoteClosed, gettext_noop("The vote has not started yet.")),
}


def _refuse(outcome: str, *, quota: int = 0, left: int = 0):
    """The VoteError in French of an outcome of ``essor_put_dots`` (or its Python twin)."""
    if outcome == "gone":
        raise Participant.DoesNotExist
    if outcome == "too_many":
        raise VoteError(
            _("You have %(limit)s dots in all and %(left)s left for this idea.")
            % {"limit": quota, "left": left},
            code="too_many",
        )
    error, message = _OUTCOME_MESSAGES[outcome]
    raise error(_(message), code=outcome)


def _put_dots_python(participant, contribution, dots: int, seq: int | None) -> tuple:
    """``essor_put_dots`` (migration 0007) in Python, for SQLite: the same steps in
    the same order. Returns (outcome, current dots on the idea, dots used, quota)."""
    with transaction.atomic():
        state = _lock(participant, contribution)  # raises the same errors as the function
        quota, used, current = state["dots_per_participant"], state["used"], state["current"]
        if state["vote_mode"] != VoteMode.DOTS:
            return "mode", current, used, quota
        if dots < 0:
            return "negative", current, used, quota
        key, seqs = str(contribution.pk), state["vote_seqs"]
        if seq is not None and seqs.get(key, -1) >= seq:
            return "stale", current, used, quota
        if dots > quota - (used - current):
            return "too_many", current, used, quota
        _save(participant, contribution, dots, state)
        if seq is not None:
            seqs[key] = seq
            Participant.objects.filter(pk=participant.pk).update(vote_seqs=seqs)
        return "ok", current, used, quota


@dataclass(frozen=True)
class Dots:
    """What ``put_dots`` did: the dots now on the idea, the dots the participant had
    left before and after, and whether the request was stale (its sequence number
    already applied or overtaken: nothing written, the current state given back)."""

    points: int
    left_before: int
    left: int
    stale: bool = False


def put_dots(participant: Participant, contribution: Contribution, dots: int, seq=None) -> Dots:
    """Put ``dots`` dots (0 = none) of the participant on the contribution (dot voting).

    Idempotent: the value is absolute, so a replayed request changes nothing;
    ``seq`` (a number growing with each press of a phone's "+" or "−") makes a
    late request harmless too: one whose number is not above the last applied on
    this idea writes nothing (a "+" retried after a newer "−" does not undo it).
    Raises VoteClosed, or VoteError when the dots exceed what is left.
    On PostgreSQL one round trip (the function ``essor_put_dots``, migration 0007,
    in autocommit: one statement, one transaction); on SQLite the same steps in Python.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT * FROM essor_put_dots(%s, %s, %s, %s, %s)",
                [participant.pk, participant.workshop_id, contribution.pk, dots, seq],
            )
            outcome, current, used, quota = cursor.fetchone()
    else:
        outcome, current, used, quota = _put_dots_python(participant, contribution, dots, seq)
    left = quota - (used - current)  # what this idea may receive
    if outcome == "stale":
        return Dots(points=current, left_before=left - current, left=left - current, stale=True)
    if outcome != "ok":
        _refuse(outcome, quota=quota, left=left)
    return Dots(points=dots, left_before=max(quota - used, 0), left=left - dots)


@functools.cache
def _other_ideas_sql() -> str:
    idea, vote = Contribution._meta.db_table, Vote._meta.db_table
    return f"""
        SELECT c.id, COALESCE(v.points, 0) FROM {idea} c
          LEFT JOIN {vote} v ON v.contribution_id = c.id AND v.participant_id = %(participant)s
         WHERE c.workshop_id = %(workshop)s AND c.id <> %(idea)s AND NOT c.is_withdrawn
    """  # noqa: S608 (table names from the models, values as parameters)


def other_ideas_points(participant: Participant, contribution: Contribution) -> list[dict]:
    """``pk`` and ``my_points`` of the workshop's other kept ideas (not withdrawn), in one
    query (the "+" buttons to refresh when the participant runs out of dots or gets
    some back). Plain SQL: on the hot path of a vote, the ORM's statement cost more
    CPU to build than to run."""
    with connection.cursor() as cursor:
        cursor.execute(
            _other_ideas_sql(),
            {
                "participant": participant.pk,
                "workshop": participant.workshop_id,
                "idea": contribution.pk,
            },
        )
        return [{"pk": pk, "my_points": points} for pk, points in cursor.fetchall()]


def set_dots(participant: Participant, contribution: Contribution, dots: int) -> Vote | None:
    """``put_dots``, returning the vote (None when no dot is left on the idea)."""
    put_dots(participant, contribution, dots)
    return Vote.objects.filter(participant=participant, contribution=contribution).first()


@transaction.atomic
def cast_vote(participant: Participant, contribution: Contribution, points: int) -> Vote | None:
    """Give the contribution a score from 1 to 5 (scale voting); 0 is refused.

    Use ``remove_vote`` to take a score back. Raises VoteClosed or VoteError.
    """
    state = _lock(participant, contribution)
    if state["vote_mode"] != VoteMode.SCALE:
        raise VoteError(_("This workshop votes with dots, not with a scale."), code="mode")
    if not SCALE_MIN <= points <= SCALE_MAX:
        raise VoteError(
            _("The score must be between %(min)s and %(max)s.")
            % {"min": SCALE_MIN, "max": SCALE_MAX},
            code="range",
        )
    return _save(participant, contribution, points, state)


@transaction.atomic
def remove_vote(participant: Participant, contribution: Contribution) -> None:
    """Take back the participant's dots or score on the contribution."""
    _save(participant, contribution, 0, _lock(participant, contribution))


def _lock_participants(workshop: Workshop) -> None:
    """Wait for the votes in progress in this workshop (see the module docstring)."""
    list(Participant.objects.select_for_update().filter(workshop=workshop).values_list("pk"))


@transaction.atomic
def open_vote(workshop: Workshop, *, actor) -> Workshop:
    """Open (or reopen) the prioritisation of the workshop."""
    Workshop.objects.filter(pk=workshop.pk).update(vote_status=VoteStatus.OPEN)
    workshop.vote_status = VoteStatus.OPEN
    log_action(actor, "workshop.vote_opened", workshop, mode=workshop.vote_mode)
    return workshop


@transaction.atomic
def close_vote(workshop: Workshop, *, actor) -> Workshop:
    """Close the vote: from now on every vote is refused with a message."""
    _lock_participants(workshop)
    Workshop.objects.filter(pk=workshop.pk).update(vote_status=VoteStatus.CLOSED)
    workshop.vote_status = VoteStatus.CLOSED
    log_action(
        actor,
        "workshop.vote_closed",
        workshop,
        votes=Vote.objects.filter(participant__workshop=workshop).count(),
    )
    return workshop


@transaction.atomic
def reset_vote(workshop: Workshop, *, actor) -> int:
    """Delete every vote of the workshop and put the vote back to "not started"."""
    _lock_participants(workshop)
    deleted, _detail = Vote.objects.filter(participant__workshop=workshop).delete()
    Workshop.objects.filter(pk=workshop.pk).update(vote_status=VoteStatus.NOT_STARTED)
    workshop.vote_status = VoteStatus.NOT_STARTED
    log_action(actor, "workshop.vote_reset", workshop, deleted_votes=deleted)
    return deleted


def results(workshop: Workshop):
    """Kept contributions of the workshop, most points first, with ``vote_points``,
    ``voter_count`` and ``bar`` (share of the best score, rounded to 5 %, for the chart)."""
    rows = list(
        Contribution.objects.kept()
        .filter(workshop=workshop)
        .with_votes()
        .select_related("question")
        .order_by("-vote_points", "-voter_count", "order", "id")
    )
    best = max((row.vote_points for row in rows), default=0)
    for row in rows:
        row.bar = round(row.vote_points * 20 / best) * 5 if best else 0
    return rows


def participation_counts(workshop: Workshop) -> dict:
    """``participants`` of the workshop (not removed) and ``voters`` among them, in one query."""
    return workshop.participants.present().aggregate(
        participants=Count("id", distinct=True),
        voters=Count("id", filter=Q(votes__isnull=False), distinct=True),
    )


def results_version(workshop: Workshop, rows, counts: dict) -> str:
    """A short fingerprint of everything the results table shows: the table polls
    with it and gets an empty answer while it is unchanged."""
    shown = [workshop.title, workshop.vote_status, counts["participants"], counts["voters"]]
    for row in rows:
        question = row.question.text if row.question else ""
        shown.append((row.pk, row.text, row.kind, question, row.vote_points, row.voter_count))
    return hashlib.blake2b(repr(shown).encode(), digest_size=8).hexdigest()
