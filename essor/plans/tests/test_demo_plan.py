from io import StringIO

from django.core.management import call_command

from essor.demo.builder import DEMO_TITLE
from essor.plans import scenarios
from essor.plans.models import Action, PlanKind, PlanStatus
from essor.processes.models import Process


def test_demo_process_has_a_plan_with_sources_and_a_scenario(db):
    call_command("load_territories", stdout=StringIO())
    call_command("load_method_templates", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    process = Process.objects.get(title=DEMO_TITLE)
    plan = process.plans.get(kind=PlanKind.VERSION)
    assert plan.status == PlanStatus.SUBMITTED
    assert plan.axes.filter(parent__isnull=False).count() == 2
    assert plan.actions.count() == 8
    assert plan.actions.not_retained().get().status_reason.startswith("Option non retenue")
    ptce = plan.actions.get(title__contains="PTCE")
    assert ptce.contributions.exists() and ptce.departments.exists()
    # Actions take up the themes of the demo synthesis holding their sources.
    linked = Action.objects.filter(plan=plan, synthesis_themes__isnull=False).distinct()
    assert linked.exists()
    for action in linked:
        for theme in action.synthesis_themes.all():
            assert theme.placements.filter(contribution__in=action.contributions.all()).exists()
    assert Action.objects.filter(plan=plan, survey_answers__isnull=False).exists()
    scenario = process.plans.get(kind=PlanKind.SCENARIO)
    comparison = scenarios.compare_plans(plan, scenario)
    assert [a.title for a in comparison.added] == ["Un fonds de prêts d’honneur pour les SCIC"]
    from django.test import Client
    from django.urls import reverse

    from essor.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email="animatrice@essor.demo"))
    for name in ("detail", "matrix", "timeline", "traceability", "compare"):
        response = client.get(reverse(f"plans:{name}", args=[process.pk, plan.pk]))
        assert response.status_code == 200, name
    page = client.get(reverse("plans:detail", args=[process.pk, plan.pk])).content.decode()
    assert "Option non retenue" in page and "Créer un pôle territorial" in page
