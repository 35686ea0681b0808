"""Right to erasure (GDPR art. 17) in action plans, registered in PlansConfig.ready().

- Pilots: the person is removed from the pilots of every action, frozen plans
  included. A frozen (validated) plan is read-only for good, but it keeps no copy of
  its pilots' names: the right to erasure wins over the plan's immutability, and the
  action simply shows one pilot less.
- Actions' own texts (description, notes...) and their field history, whose old and
  new values keep the text people read, hence the pilots' names: the person's name
  and e-mail become "personne effacée" there, frozen plans included.
- Comments and reorientations written from the person's linked account lose their
  author (the account itself is deleted, or not, by an administrator, apart from the
  directory); their text stays, as the follow-up's memory, with the person's name
  replaced. The same replacement applies to every comment and reorientation of the
  workspace, whoever wrote them.
"""

from __future__ import annotations

from django.utils.translation import ngettext

from essor.core.personal_data import Effect, processes_of
from essor.core.redaction import PersonMatcher, redact_rows
from essor.plans.models import Action, ActionChange, Comment, Reorientation
from essor.plans.roadmap_facts import erase_person_labels

ACTION_TEXTS = ["title", "description", "objectives", "expected_effects", "status_reason", "notes"]
CHANGE_TEXTS = ["old_value", "new_value"]
COMMENT_TEXTS = ["text"]
REORIENTATION_TEXTS = ["proposal", "response"]


def _in_workspace(model, person):
    if model is Action:
        return Action.objects.filter(plan__process__workspace_id=person.workspace_id)
    return model.objects.filter(action__plan__process__workspace_id=person.workspace_id)


def _mentioning(model, person, fields):
    rows = _in_workspace(model, person)
    found = PersonMatcher.of(person).mentioned_in(rows.only("pk", *fields).iterator(), fields)
    return model.objects.filter(pk__in=[r.pk for r in found])


def _written_by_account(person):
    """Comments and reorientations of the workspace written or decided from the
    person's account (none when the person has no account)."""
    if not person.user_id:
        return Comment.objects.none(), Reorientation.objects.none()
    user = person.user_id
    comments = _in_workspace(Comment, person).filter(author_id=user)
    reorientations = _in_workspace(Reorientation, person).filter(proposed_by_id=user)
    decided = _in_workspace(Reorientation, person).filter(decided_by_id=user)
    return comments, (reorientations | decided).distinct()


def describe(person) -> list[Effect]:
    piloted = Action.objects.filter(pilot_people=person)
    frozen = piloted.filter(plan__frozen_at__isnull=False).count()
    changes = _mentioning(ActionChange, person, CHANGE_TEXTS)
    actions = _mentioning(Action, person, ACTION_TEXTS)
    comments, reorientations = _written_by_account(person)
    mentioning = (
        _mentioning(Comment, person, COMMENT_TEXTS).count()
        + _mentioning(Reorientation, person, REORIENTATION_TEXTS).count()
    )
    pilot_text = ngettext(
        "Removed from the pilots of %(count)d action",
        "Removed from the pilots of %(count)d actions",
        piloted.count(),
    ) % {"count": piloted.count()}
    if frozen:
        pilot_text += ngettext(
            " (%(frozen)d in a validated plan)", " (%(frozen)d in validated plans)", frozen
        ) % {"frozen": frozen}
    written = comments.count() + reorientations.count()
    return [
        Effect(pilot_text, piloted.count(), processes_of(piloted, "plan__process")),
        Effect(
            ngettext(
                "%(count)d action whose texts (description, notes...) name the person: "
                "the name is replaced",
                "%(count)d actions whose texts (description, notes...) name the person: "
                "the name is replaced",
                actions.count(),
            )
            % {"count": actions.count()},
            actions.count(),
            processes_of(actions, "plan__process"),
        ),
        Effect(
            ngettext(
                "%(count)d change in the history of actions naming the person: "
                "the name becomes “erased person”",
                "%(count)d changes in the history of actions naming the person: "
                "the name becomes “erased person”",
                changes.count(),
            )
            % {"count": changes.count()},
            changes.count(),
            processes_of(changes, "action__plan__process"),
        ),
        Effect(
            ngettext(
                "%(count)d comment or reorientation written from their account "
                "kept without its author",
                "%(count)d comments or reorientations written from their account "
                "kept without their author",
                written,
            )
            % {"count": written},
            written,
            tuple(
                sorted(
                    set(processes_of(comments, "action__plan__process"))
                    | set(processes_of(reorientations, "action__plan__process")),
                    key=lambda p: (p[1], p[0]),
                )
            ),
        ),
        Effect(
            ngettext(
                "%(count)d comment or reorientation naming the person: the name is replaced",
                "%(count)d comments or reorientations naming the person: the name is replaced",
                mentioning,
            )
            % {"count": mentioning},
            mentioning,
        ),
    ]


def erase(person) -> None:
    # Validated plans keep the names they showed (pilots, committee members): the right
    # to erasure wins over the copy, which then reads "personne effacée".
    erase_person_labels(person.pk, person.workspace_id)
    Action.pilot_people.through.objects.filter(person=person).delete()
    matcher = PersonMatcher.of(person)
    redact_rows(matcher, _in_workspace(Action, person), ACTION_TEXTS)
    redact_rows(matcher, _in_workspace(ActionChange, person), CHANGE_TEXTS)
    comments, reorientations = _written_by_account(person)
    comments.update(author=None)
    if person.user_id:
        user = person.user_id
        Reorientation.objects.filter(pk__in=reorientations.filter(proposed_by_id=user)).update(
            proposed_by=None
        )
        Reorientation.objects.filter(pk__in=reorientations.filter(decided_by_id=user)).update(
            decided_by=None
        )
    redact_rows(matcher, _in_workspace(Comment, person), COMMENT_TEXTS)
    redact_rows(matcher, _in_workspace(Reorientation, person), REORIENTATION_TEXTS)
