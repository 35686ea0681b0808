import pytest
from django.urls import reverse

@pytest.mark.django_db
def test_smoke(setup, client_as):
    c = client_as("facilitator")
    p, plan, a = setup.process.pk, setup.plan.pk, setup.actions[0].pk
    for name, args in [("list",[p]),("create",[p]),("levers",[p]),("my_actions",[p]),("import",[p]),("detail",[p,plan]),("edit",[p,plan]),("axis_create",[p,plan]),("action_create",[p,plan]),("matrix",[p,plan]),("timeline",[p,plan]),("traceability",[p,plan]),("duplicate",[p,plan]),("compare",[p,plan]),("submit",[p,plan]),("council_vote",[p,plan]),("action",[p,a]),("action_edit",[p,a]),("action_history",[p,a]),("action_sources",[p,a])]:
        r = c.get(reverse(f"plans:{name}", args=args))
        assert r.status_code == 200, (name, r.content[:3000])
    for fmt in ["odt","docx","pdf","csv","xlsx"]:
        r = c.get(reverse("plans:export", args=[p, plan, fmt]))
        assert r.status_code == 200, fmt
    r = client_as("contributor").get(reverse("plans:my_actions", args=[p]))
    assert "Créer un club ESS" in r.content.decode()
