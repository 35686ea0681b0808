"""From a contribution: the synthesis theme holding it and the action that took it up."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from essor.contributions.services import add_contribution
from essor.plans import services as plans
from essor.plans.scenarios import duplicate_plan
from essor.plans.services import ActionData
from essor.synthesis import services as synthesis


def _follow_up(cast, count: int):
    """``count`` hand-added contributions, all in theme A, every one taken up by an action."""
    process = cast.process
    contributions = [
        add_contribution(process=process, text=f"Idée numéro {i}") for i in range(count)
    ]
    wall = synthesis.synthesis_for(process)
    wall.include_other = True
    wall.save()
    theme = synthesis.create_theme(wall, "Un lieu commun", actor=cast.facilitator)
    for contribution in contributions:
        synthesis.place(wall, contribution.pk, theme, actor=cast.facilitator)
    plan = plans.create_plan(process=process, name="Feuille de route", actor=cast.facilitator)
    action = plans.create_action(
        plan=plan, data=ActionData(fields={"title": "Ouvrir un tiers-lieu"}), actor=cast.admin
    )
    action.contributions.set(contributions)
    return contributions, theme, plan, action


def _list(client, process):
    return client.get(reverse("contributions:list", args=[process.pk]))


def test_list_links_the_theme_and_the_action(client_as, cast):
    contributions, theme, plan, action = _follow_up(cast, 2)
    wall_url = reverse("synthesis:wall", args=[cast.process.pk])
    action_url = reverse("plans:action", args=[cast.process.pk, action.pk])
    html = _list(client_as("facilitator"), cast.process).content.decode()
    assert html.count(f'<a href="{wall_url}#theme-{theme.pk}">A. Un lieu commun</a>') == 2
    assert html.count(f'<a href="{action_url}">Ouvrir un tiers-lieu</a>') == 2
    # A contributor reads the plan but not the synthesis wall.
    html = _list(client_as("contributor"), cast.process).content.decode()
    assert wall_url not in html and "Un lieu commun" not in html
    assert f'<a href="{action_url}">Ouvrir un tiers-lieu</a>' in html


def test_a_scenario_copy_is_named_once(client_as, cast):
    contributions, theme, plan, action = _follow_up(cast, 1)
    scenario = duplicate_plan(plan, name="Ambitieux", actor=cast.facilitator)
    copy = scenario.actions.get(lineage=action.lineage)
    html = _list(client_as("facilitator"), cast.process).content.decode()
    assert html.count("Ouvrir un tiers-lieu</a>") == 1
    assert reverse("plans:action", args=[cast.process.pk, copy.pk]) in html  # the newest plan


def test_edit_page_says_what_became_of_the_contribution(client_as, cast):
    contributions, theme, plan, action = _follow_up(cast, 1)
    lonely = add_contribution(process=cast.process, text="Une idée restée seule")
    client = client_as("facilitator")
    url = reverse("contributions:edit", args=[cast.process.pk, contributions[0].pk])
    html = client.get(url).content.decode()
    assert "Ce qu’elle est devenue" in html
    assert "A. Un lieu commun" in html and "Ouvrir un tiers-lieu" in html
    html = client.get(reverse("contributions:edit", args=[cast.process.pk, lonely.pk])).content
    assert "Pas encore dans la synthèse ni reprise par une action." in html.decode()
    wall = synthesis.synthesis_for(cast.process)
    synthesis.place(wall, lonely.pk, None, actor=cast.facilitator)
    html = client.get(reverse("contributions:edit", args=[cast.process.pk, lonely.pk])).content
    assert "Mise de côté dans la synthèse" in html.decode()


def test_list_query_count_does_not_grow_with_the_contributions(client_as, cast):
    client = client_as("facilitator")
    _follow_up(cast, 3)
    with CaptureQueriesContext(connection) as few:
        assert _list(client, cast.process).status_code == 200
    more = [add_contribution(process=cast.process, text=f"Autre idée {i}") for i in range(12)]
    wall = synthesis.synthesis_for(cast.process)
    theme = wall.themes.get()
    for contribution in more:
        synthesis.place(wall, contribution.pk, theme, actor=cast.facilitator)
    action = cast.process.plans.get().actions.get()
    action.contributions.add(*more)
    with CaptureQueriesContext(connection) as many:
        response = _list(client, cast.process)
    assert response.content.decode().count("Ouvrir un tiers-lieu</a>") == 15
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def _download(client, process, fmt):
    return client.get(reverse("contributions:export", args=[process.pk]), {"format": fmt})


def test_csv_export_fills_the_synthesis_theme_and_the_action(client_as, cast):
    import csv
    import io

    contributions, theme, plan, action = _follow_up(cast, 2)
    lonely = add_contribution(process=cast.process, text="Une idée restée seule")
    aside = add_contribution(process=cast.process, text="Hors sujet")
    synthesis.place(synthesis.synthesis_for(cast.process), aside.pk, None, actor=cast.facilitator)
    content = _download(client_as("facilitator"), cast.process, "csv").content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    header = rows[0]
    by_text = {row[header.index("Texte")]: row for row in rows[1:]}
    theme_column = header.index("Thème de la synthèse")
    action_column = header.index("Reprise par l’action")
    for contribution in contributions:
        row = by_text[contribution.text]
        assert row[theme_column] == "A. Un lieu commun"
        assert row[action_column] == "Ouvrir un tiers-lieu"
    assert by_text[lonely.text][theme_column] == by_text[lonely.text][action_column] == ""
    assert by_text[aside.text][theme_column] == "Mises de côté (hors sujet)"


def test_xlsx_export_fills_them_too_with_a_typed_date(client_as, cast):
    import datetime as dt
    import io

    from openpyxl import load_workbook

    contributions, theme, plan, action = _follow_up(cast, 1)
    content = _download(client_as("facilitator"), cast.process, "xlsx").content
    sheet = load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    row = [cell for cell in sheet[2]]
    assert row[header.index("Thème de la synthèse")].value == "A. Un lieu commun"
    assert row[header.index("Reprise par l’action")].value == "Ouvrir un tiers-lieu"
    created = row[header.index("Ajoutée le")]
    assert isinstance(created.value, dt.datetime) and created.number_format.startswith("DD/MM")


def test_the_views_and_exports_do_not_import_the_apps_above():
    from pathlib import Path

    from essor.contributions import exports, views

    for module in (exports, views):
        source = Path(module.__file__).read_text()
        assert "essor.synthesis" not in source and "essor.plans" not in source, module
