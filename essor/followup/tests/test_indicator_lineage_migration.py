"""Indicators and their values get an identity across versions when migrating: copies of
an indicator in the voted and the amended version (same action lineage, same name) share
one, and each value takes its indicator's identity and process."""

import uuid

from django.utils import timezone

from essor.core.tests.migration_states import state_before

AFTER = [("followup", "0002_indicator_value_lineage")]


def test_copies_share_an_identity_and_values_take_it(migrate_to):
    apps = migrate_to(state_before("plans", "0006_indicator_lineage"))
    workspace = apps.get_model("workspaces", "Workspace").objects.create(name="W", slug="w")
    process = apps.get_model("processes", "Process").objects.create(
        workspace=workspace, title="Plan ESS"
    )
    Plan = apps.get_model("plans", "Plan")
    Action = apps.get_model("plans", "Action")
    Indicator = apps.get_model("plans", "Indicator")
    voted = Plan.objects.create(process=process, name="V1", frozen_at=timezone.now())
    amended = Plan.objects.create(process=process, name="V2", based_on=voted)
    lineage = uuid.uuid4()
    first = Action.objects.create(plan=voted, title="Tiers-lieu", lineage=lineage)
    copy = Action.objects.create(plan=amended, title="Tiers-lieu", lineage=lineage)
    jobs = Indicator.objects.create(action=first, name="Emplois créés")
    other = Indicator.objects.create(action=first, name="Structures")
    jobs_copy = Indicator.objects.create(action=copy, name="Emplois  créés")
    new = Indicator.objects.create(action=copy, name="Nouveau")
    value = apps.get_model("followup", "IndicatorValue").objects.create(
        indicator=jobs, year=2025, value=20
    )

    apps = migrate_to(AFTER)
    Indicator = apps.get_model("plans", "Indicator")
    lineages = {i.pk: i.lineage for i in Indicator.objects.all()}
    assert lineages[jobs.pk] == lineages[jobs_copy.pk]
    assert len({lineages[jobs.pk], lineages[other.pk], lineages[new.pk]}) == 3
    value = apps.get_model("followup", "IndicatorValue").objects.get(pk=value.pk)
    assert (value.lineage, value.process_id) == (lineages[jobs.pk], process.pk)
