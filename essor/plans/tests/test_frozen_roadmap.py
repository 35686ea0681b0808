"""A validated (frozen) plan's roadmap reads as validated whatever the process, the directory
and the observatory become: names, method, contribution counts and diagnostic are its own."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from essor.bodies.models import BodyMember
from essor.contributions.services import add_contribution
from essor.observatory.importing import import_sirene
from essor.observatory.tests.stock import ESTABLISHMENTS, write_stock
from essor.plans import scenarios
from essor.plans.documents.content import build_roadmap
from essor.plans.exports import action_rows
from essor.plans.models import PlanKind
from essor.plans.roadmap_facts import erase_person_labels
from essor.plans.tests.conftest import validate
from essor.plans.tests.test_frozen_versions import document_text
from essor.processes.models import Phase
from essor.surveys.models import Survey
from essor.workshops.models import Workshop


def page_text(client, url) -> str:
    """The page's text, without its forms (their choices list the live directory)."""
    html = re.sub(r"<form.*?</form>", " ", client.get(url).content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def readings(client, setup, plan, action) -> dict:
    """Everything the roadmap of ``plan`` shows: blocks, documents, pages, export."""
    pk = setup.process.pk
    return {
        "blocks": build_roadmap(plan).blocks,
        "odt": document_text(plan, "odt"),
        "docx": document_text(plan, "docx"),
        "overview": page_text(client, reverse("plans:detail", args=[pk, plan.pk])),
        "action": page_text(client, reverse("plans:action", args=[pk, action.pk])),
        "rows": action_rows(plan),
        "matrix": page_text(client, reverse("plans:matrix", args=[pk, plan.pk])),
    }


@pytest.fixture
def versions(setup, cast):
    """V1 validated by the COPIL (frozen), with a person pilot (a member of the COPIL), a
    partner and a phase;
    then a draft V2 copied from it."""
    club = setup.actions[0]
    club.pilot_people.add(setup.person)
    club.partners.add(setup.organisations[1])
    BodyMember.objects.create(body=setup.copil, person=setup.person, role="Présidente")
    Phase.objects.create(process=setup.process, order=90, name="Co-construction",
                         start_date=dt.date(2026, 1, 5), end_date=dt.date(2026, 3, 30))  # fmt: skip
    Workshop.objects.create(process=setup.process, title="Atelier de Poitiers")
    frozen = validate(setup, cast)
    draft = scenarios.duplicate_plan(frozen, name="V2", kind=PlanKind.VERSION, actor=cast.admin)
    return frozen, draft, club, draft.actions.get(lineage=club.lineage)


def change_everything(setup, tmp_path):
    """Rename the directory, change the method, add contributions, re-import the register."""
    recyclerie, scic = setup.organisations
    recyclerie.name = "Ressourcerie du Clain"
    recyclerie.save()
    scic.name = "SCIC Manger local"
    scic.save()
    setup.departments[0].name = "Direction du développement"
    setup.departments[0].save()
    setup.person.first_name, setup.person.last_name = "Camille", "Autre"
    setup.person.save()
    setup.process.phases.update(name="Phase renommée")
    Survey.objects.create(process=setup.process, title="Enquête aux habitants")
    for text in ("Une monnaie locale", "Des circuits courts"):
        add_contribution(process=setup.process, text=text)
    # A newer stock with fewer establishments: every figure of the diagnostic moves.
    newer = tmp_path / "newer"
    newer.mkdir()
    import_sirene(*write_stock(newer, establishments=ESTABLISHMENTS[:-3]))


def test_the_frozen_roadmap_does_not_change_and_the_draft_does(
    client_as, setup, cast, imported, france, versions, tmp_path
):
    frozen, draft, club, copy = versions  # frozen once the register is imported
    client = client_as("facilitator")
    frozen_before = readings(client, setup, frozen, club)
    draft_before = readings(client, setup, draft, copy)
    assert "Recyclerie du Clain" in frozen_before["odt"]
    assert "Claude Contributeur" in frozen_before["action"]
    assert "Claude Contributeur (Présidente)" in frozen_before["odt"]
    assert "Synthèse du diagnostic quantitatif" in frozen_before["docx"]
    assert "Co-construction (05/01/2026 – 30/03/2026)" in frozen_before["odt"]

    change_everything(setup, tmp_path)

    frozen_after = readings(client, setup, frozen, club)
    draft_after = readings(client, setup, draft, copy)
    assert frozen_after == frozen_before
    for part in ("odt", "docx", "action", "matrix"):
        for new in ("Ressourcerie du Clain", "SCIC Manger local", "Direction du développement"):
            assert new in draft_after[part], (part, new)
    assert "Camille Autre" in draft_after["action"] and "Camille Autre" in draft_after["overview"]
    assert "Phase renommée" in draft_after["odt"]
    assert "Camille Autre (Présidente)" in draft_after["odt"]
    assert (
        "4 contributions ont été recueillies, lors de 2 ateliers et enquêtes." in draft_after["odt"]
    )
    assert draft_after["blocks"] != draft_before["blocks"]
    assert "Ressourcerie du Clain" in " ".join(map(str, draft_after["rows"]))


def test_the_public_roadmap_keeps_the_validated_pilot_names(client, setup, cast, versions):
    frozen, _draft, club, _copy = versions
    setup.process.is_published = True
    setup.process.save()
    url = reverse("plans:public", args=[setup.process.pk])
    before = page_text(client, url)
    assert "Recyclerie du Clain" in before
    setup.organisations[0].name = "Ressourcerie du Clain"
    setup.organisations[0].save()
    assert page_text(client, url) == before


def test_the_diagnostic_is_stored_as_the_observatory_gave_it(setup, cast, imported, france):
    frozen = validate(setup, cast)
    figures = frozen.frozen_roadmap["diagnostics"][0]
    assert figures["territory"]["name"] == "CU du Grand Poitiers"
    assert figures["ess"]["establishments"] == 7


def test_concertation_counts_workshops_and_surveys(setup):
    Workshop.objects.create(process=setup.process, title="Atelier")
    text = " ".join(str(b) for b in build_roadmap(setup.plan).blocks)
    assert "lors de 1 atelier ou enquête." in text
    Survey.objects.create(process=setup.process, title="Enquête")
    text = " ".join(str(b) for b in build_roadmap(setup.plan).blocks)
    assert "lors de 2 ateliers et enquêtes." in text


def test_erasing_a_person_replaces_the_validated_labels(client_as, setup, cast, versions):
    frozen, _draft, club, _copy = versions
    assert erase_person_labels(setup.person.pk, cast.workspace.pk) == 2
    club.refresh_from_db()
    assert club.frozen_labels["pilot_people"] == [[setup.person.pk, "personne effacée"]]
    url = reverse("plans:action", args=[setup.process.pk, club.pk])
    page = page_text(client_as("facilitator"), url)
    assert "personne effacée" in page and "Claude Contributeur" not in page
    frozen.refresh_from_db()
    text = document_text(frozen, "odt")
    assert "personne effacée (Présidente)" in text and "Claude Contributeur" not in text


def test_the_follow_up_counts_agree_with_their_nouns(setup):
    text = " ".join(str(b) for b in build_roadmap(setup.plan).blocks)
    assert "2 actions sont retenues, suivies par 1 indicateur." in text
