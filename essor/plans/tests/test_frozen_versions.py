"""A validated (frozen) plan version reads exactly as it was validated, whatever the synthesis
becomes: renaming, merging or replacing themes changes only the draft versions."""

import importlib
import io
import re
import zipfile

import pytest
from defusedxml import ElementTree
from django.urls import reverse
from django.utils import timezone

from essor.core.tests.french import plain
from essor.plans import scenarios
from essor.plans.documents import render_roadmap
from essor.plans.documents.content import Bullets, build_roadmap
from essor.plans.exports import action_rows
from essor.plans.models import PlanKind
from essor.plans.tests.conftest import validate
from essor.synthesis import services as synthesis

DOCUMENT_PARTS = {"odt": "content.xml", "docx": "word/document.xml"}


def document_text(plan, fmt) -> str:
    """The text of the ODT or DOCX roadmap, read from the file's XML."""
    with zipfile.ZipFile(io.BytesIO(render_roadmap(plan, fmt))) as archive:
        root = ElementTree.fromstring(archive.read(DOCUMENT_PARTS[fmt]))
    return " ".join(part.strip() for part in root.itertext() if part.strip())


def shown(client, process, action) -> str:
    """The "Synthesis themes taken up" line of the action page, tags removed."""
    page = client.get(reverse("plans:action", args=[process.pk, action.pk])).content.decode()
    line = re.search(r"<dt>Thèmes de la synthèse repris</dt><dd>(.*?)</dd>", page, re.S)
    return re.sub(r"<[^>]+>", "", line.group(1))


def everything(client, setup, plan, action) -> dict:
    return {
        "page": shown(client, setup.process, action),
        "odt": document_text(plan, "odt"),
        "docx": document_text(plan, "docx"),
        "rows": action_rows(plan),
    }


@pytest.fixture
def versions(setup, themes, cast):
    """V1 validated by the COPIL (frozen) with its club taking up theme A, and a draft V2."""
    club = setup.actions[0]
    club.synthesis_themes.add(themes[0])
    frozen = validate(setup, cast)
    draft = scenarios.duplicate_plan(frozen, name="V2", kind=PlanKind.VERSION, actor=cast.admin)
    return frozen, draft, club, draft.actions.get(lineage=club.lineage)


def test_freezing_stores_what_the_version_shows(setup, versions):
    frozen, draft, club, copy = versions
    club.refresh_from_db()
    assert [(t["letter"], t["title"]) for t in club.frozen_themes] == [("A", "Un lieu commun")]
    assert [t["title"] for t in frozen.frozen_synthesis] == ["Un lieu commun", "Former les élus"]
    assert frozen.frozen_synthesis[0]["summary"] == "Un tiers-lieu pour se croiser."
    assert copy.frozen_themes is None and draft.frozen_synthesis is None


def test_renaming_a_theme_leaves_the_frozen_version_unchanged(client_as, setup, versions, themes):
    frozen, draft, club, copy = versions
    client = client_as("facilitator")
    before = everything(client, setup, frozen, club)
    assert before["page"] == "A. Un lieu commun"
    assert "A. Un lieu commun" in before["odt"] and "A. Un lieu commun" in before["docx"]
    header, *rows = before["rows"]
    column = header.index("Thèmes de la synthèse repris")
    assert [row[column] for row in rows if row[4] == club.title] == ["A. Un lieu commun"]
    url = reverse("synthesis:theme_edit", args=[setup.process.pk, themes[0].pk])
    data = {"title": "Un tiers-lieu de l’ESS", "summary": "Autre résumé"}
    confirm = client.post(url, data)
    page = confirm.content.decode()
    assert confirm.status_code == 200 and "Renommer le thème\u202f?" in page
    assert "1 action de la version de travail « V2 » affiche le nouveau titre." in plain(page)
    assert "La version validée « Plan d&#x27;action » garde ce qu’elle affiche" in plain(page)
    themes[0].refresh_from_db()
    assert themes[0].title == "Un lieu commun"  # nothing written before the confirmation
    assert client.post(url, {**data, "confirm": "on"}).status_code == 302
    themes[0].refresh_from_db()
    assert themes[0].title == "Un tiers-lieu de l’ESS"
    assert everything(client, setup, frozen, club) == before
    assert shown(client, setup.process, copy) == "A. Un tiers-lieu de l’ESS"
    assert "Un tiers-lieu de l’ESS" in document_text(draft, "odt")


def test_merging_themes_leaves_the_frozen_version_unchanged(client_as, setup, versions, themes):
    frozen, draft, club, copy = versions
    client = client_as("facilitator")
    before = everything(client, setup, frozen, club)
    url = reverse("synthesis:theme_merge", args=[setup.process.pk, themes[0].pk])
    confirm = client.post(url, {"source": themes[1].pk})
    page = confirm.content.decode()
    assert "Fusionner les thèmes\u202f?" in page
    assert (
        "1 action de la version de travail « V2 » reprend désormais B. Former les élus."
        in plain(page)
    )
    assert synthesis.Theme.objects.filter(pk=themes[0].pk).exists()
    assert client.post(url, {"source": themes[1].pk, "confirm": "on"}).status_code == 302
    assert not synthesis.Theme.objects.filter(pk=themes[0].pk).exists()
    # The frozen version still shows the theme and letters it was validated with.
    assert everything(client, setup, frozen, club) == before
    # The draft follows the merge, and its action's history says so.
    assert list(copy.synthesis_themes.all()) == [themes[1]]
    assert shown(client, setup.process, copy) == "A. Former les élus"
    change = copy.changes.get(field="synthesis_themes")
    assert (change.old_value, change.new_value) == ("A. Un lieu commun", "B. Former les élus")


def test_replacing_themes_leaves_the_frozen_version_unchanged(
    client_as, setup, versions, cast, run_jobs
):
    frozen, draft, club, copy = versions
    client = client_as("facilitator")
    before = everything(client, setup, frozen, club)
    url = reverse("synthesis:suggest", args=[setup.process.pk])
    confirm = client.post(url, {"replace": "1", "themes": "1"})
    page = confirm.content.decode()
    assert (
        "1 action de la version de travail «\u00a0V2\u00a0» perd son lien avec les thèmes." in page
    )
    assert "La version validée « Plan d&#x27;action » garde ce qu’elle affiche" in plain(page)
    data = {"replace": "1", "themes": "1", "confirm": "on"}
    assert run_jobs(client.post, url, data).status_code == 302  # the suggestion's work ran
    assert everything(client, setup, frozen, club) == before
    assert not copy.synthesis_themes.exists()
    assert shown(client, setup.process, copy) == "—"
    change = copy.changes.get(field="synthesis_themes")
    assert (change.old_value, change.new_value) == ("A. Un lieu commun", "")


def test_frozen_version_keeps_the_letters_it_was_validated_with(
    client_as, setup, versions, themes, cast
):
    frozen, draft, club, copy = versions
    synthesis.move_theme(themes[0], 1, actor=cast.facilitator)  # A and B swap letters
    client = client_as("facilitator")
    assert shown(client, setup.process, club) == "A. Un lieu commun"
    assert shown(client, setup.process, copy) == "B. Un lieu commun"
    text = document_text(frozen, "docx")
    assert text.index("A. Un lieu commun") < text.index("B. Former les élus")


def test_deleting_an_empty_theme_unlinks_draft_actions_in_their_history(setup, versions, cast):
    frozen, draft, club, copy = versions
    empty = synthesis.create_theme(
        synthesis.synthesis_for(setup.process), "Sans contribution", actor=cast.facilitator
    )
    copy.synthesis_themes.add(empty)
    synthesis.delete_theme(empty, actor=cast.facilitator)
    assert [t.title for t in copy.synthesis_themes.all()] == ["Un lieu commun"]
    change = copy.changes.get(field="synthesis_themes")
    assert change.old_value == "A. Un lieu commun, C. Sans contribution"
    assert change.new_value == "A. Un lieu commun"


def test_the_roadmap_names_the_meeting_of_each_decision(setup, versions):
    frozen = versions[0]
    decisions = next(
        block.items
        for block in build_roadmap(frozen).blocks
        if isinstance(block, Bullets) and any("validation" in item for item in block.items)
    )
    assert decisions == [  # newest first
        "02/03/2026, COPIL (Réunion du COPIL)\u00a0: «\u00a0Plan d'action\u00a0»\u00a0: validation",
        "02/03/2026, COTECH (Réunion du COTECH)\u00a0: Avis favorable sur Plan d'action",
    ]


def test_migration_of_existing_plans(setup, themes, cast):
    """A plan "validated" by a COTECH only becomes a favourable opinion; a plan frozen before
    snapshots existed gets one from the themes as they are (the best record left)."""
    from django.apps import apps

    from essor.plans.models import Plan

    migration = importlib.import_module(
        "essor.plans.migrations.0003_frozen_synthesis_and_favourable_opinion"
    )
    opinion = Plan.objects.create(process=setup.process, name="Avis COTECH", status="validated")
    frozen = setup.plan
    setup.actions[0].synthesis_themes.add(themes[1])
    Plan.objects.filter(pk=frozen.pk).update(status="validated", frozen_at=timezone.now())
    migration.forwards(apps, None)
    opinion.refresh_from_db()
    frozen.refresh_from_db()
    assert opinion.status == "favourable" and frozen.status == "validated"
    assert [t["letter"] for t in frozen.frozen_synthesis] == ["A", "B"]
    club = frozen.actions.get(pk=setup.actions[0].pk)
    assert [(t["letter"], t["title"]) for t in club.frozen_themes] == [("B", "Former les élus")]
    assert frozen.actions.get(pk=setup.actions[1].pk).frozen_themes == []
