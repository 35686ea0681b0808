"""Plans frozen before the roadmap copy existed get it from the data as it is when migrating."""

import datetime as dt

from django.utils import timezone

from essor.core.tests.migration_states import state_before

AFTER = [("plans", "0004_frozen_roadmap_and_labels")]


def test_frozen_plans_get_their_roadmap_copy(migrate_to):
    apps = migrate_to(state_before("plans", "0004_frozen_roadmap_and_labels"))
    workspace = apps.get_model("workspaces", "Workspace").objects.create(name="W", slug="w")
    process = apps.get_model("processes", "Process").objects.create(
        workspace=workspace, title="Plan ESS"
    )
    Organisation = apps.get_model("organisations", "Organisation")
    recyclerie = Organisation.objects.create(
        workspace=workspace, name="Recyclerie", search_name="recyclerie", kind="ess"
    )
    person = apps.get_model("organisations", "Person").objects.create(
        workspace=workspace, first_name="Claude", last_name="Rivière"
    )
    body = apps.get_model("bodies", "Body").objects.create(
        process=process, kind="steering", name="Comité de pilotage"
    )
    apps.get_model("bodies", "BodyMember").objects.create(body=body, person=person, role="Élue")
    apps.get_model("processes", "Phase").objects.create(
        process=process, order=1, name="Diagnostic", start_date=dt.date(2026, 1, 5)
    )
    apps.get_model("workshops", "Workshop").objects.create(process=process, title="Atelier")
    apps.get_model("surveys", "Survey").objects.create(process=process, title="Enquête")
    Contribution = apps.get_model("contributions", "Contribution")
    Contribution.objects.create(process=process, text="Un tiers-lieu", kind="idea", theme="Lieu")
    Contribution.objects.create(process=process, text="Retirée", kind="idea", is_withdrawn=True)
    Plan = apps.get_model("plans", "Plan")
    Action = apps.get_model("plans", "Action")
    frozen = Plan.objects.create(process=process, name="V1", frozen_at=timezone.now())
    draft = Plan.objects.create(process=process, name="V2")
    club = Action.objects.create(plan=frozen, title="Club")
    club.pilot_organisations.add(recyclerie)
    club.pilot_people.add(person)
    loose = Action.objects.create(plan=draft, title="Club")

    apps = migrate_to(AFTER)
    Plan = apps.get_model("plans", "Plan")
    Action = apps.get_model("plans", "Action")
    facts = Plan.objects.get(pk=frozen.pk).frozen_roadmap
    assert facts["phases"] == [{"name": "Diagnostic", "start": "2026-01-05", "end": None}]
    assert (facts["contributions"], facts["workshops"], facts["surveys"]) == (1, 1, 1)
    assert facts["kinds"] == [["idea", 1]] and facts["typed_themes"] == [["Lieu", 1]]
    assert facts["diagnostics"] == []  # no register imported
    assert facts["governance"] == [
        {
            "name": "Comité de pilotage",
            "mission": "",
            "members": [[person.pk, "Claude Rivière", "Élue"]],
        }
    ]
    labels = Action.objects.get(pk=club.pk).frozen_labels
    assert labels["pilot_organisations"] == [[recyclerie.pk, "Recyclerie"]]
    assert labels["pilot_people"] == [[person.pk, "Claude Rivière"]]
    assert labels["partners"] == [] and labels["departments"] == []
    assert Plan.objects.get(pk=draft.pk).frozen_roadmap is None
    assert Action.objects.get(pk=loose.pk).frozen_labels is None
