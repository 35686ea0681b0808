"""A facilitator builds and opens a survey; respondents answer without an account; results."""

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from conftest import PASSWORD
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login


@pytest.fixture
def directory(cast):
    from essor.organisations.models import Organisation, OrganisationKind, Person

    org = Organisation.objects.create(
        workspace=cast.workspace, name="Recyclerie du Clain", kind=OrganisationKind.ESS
    )
    cast.process.organisations.add(org)
    Person.objects.create(
        workspace=cast.workspace, first_name="Alice", last_name="Martin", organisation=org
    )
    Person.objects.create(
        workspace=cast.workspace, first_name="Bruno", last_name="Petit", organisation=org,
        email="bruno@example.org",
    )  # fmt: skip
    return cast


def _add_question(page, text, kind, *, choices="", required=False, other=False, condition=None):
    page.get_by_role("link", name="Ajouter une question").click()
    page.get_by_label(re.compile(r"^Question\W*$")).fill(text)
    page.get_by_label(re.compile(r"^Type\W*$")).select_option(label=kind)
    if choices:
        page.get_by_label("Choix", exact=True).fill(choices)
    if required:
        page.get_by_label("Réponse obligatoire").check()
    if other:
        page.get_by_label("Option « Autre » avec un texte libre").check()
    if condition:
        page.get_by_label("Afficher seulement si la réponse").select_option(label=condition)
    page.get_by_role("button", name="Enregistrer la question").click()
    expect(page.get_by_text("La question a été enregistrée.")).to_be_visible()


def _answer_public(page, url):
    page.goto(url)
    expect(
        page.get_by_role("heading", name="Enquête des acteurs de l’ESS", level=1)
    ).to_be_visible()
    assert_accessible(page)
    conditional = page.locator(".survey-question", has_text="Quelle forme de coopérative ?")
    expect(conditional).to_be_hidden()  # shown only when "Coopérative" is chosen
    page.get_by_role("radio", name="Coopérative").check()
    expect(conditional).to_be_visible()
    page.get_by_role("button", name="Envoyer mes réponses").click()
    # Required conditional question left empty: French message at the question.
    expect(conditional.get_by_text("Cette question est obligatoire.")).to_be_visible()
    assert_accessible(page)
    conditional.get_by_role("textbox").fill("SCIC")
    page.get_by_label("Financement").check()
    page.get_by_label("Formation").check()
    page.locator(".scale-choices").get_by_label("4", exact=True).check()
    page.get_by_label("Mobilité").select_option("2")
    page.get_by_label("Alimentation").select_option("1")
    page.get_by_label("Logement").select_option("3")
    page.get_by_label("Une idée pour le territoire ?").fill(
        "Un tiers-lieu <script>alert(1)</script>"
    )
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_role("heading", name="Merci pour vos réponses")).to_be_visible()
    assert_accessible(page)


def _answer_personal(page, url):
    page.goto(url)
    assert_accessible(page)
    assert_no_horizontal_overflow(page)
    page.get_by_role("radio", name="Association").check()
    page.locator(".scale-choices").get_by_label("2", exact=True).check()
    page.get_by_label("Une idée pour le territoire ?").fill("Une monnaie locale")
    page.get_by_role("button", name="Envoyer mes réponses").click()
    expect(page.get_by_role("heading", name="Merci pour vos réponses")).to_be_visible()
    page.goto(url)  # the personal link is used once
    expect(page.get_by_text("Ce lien personnel a déjà été utilisé")).to_be_visible()
    assert_accessible(page)


def test_survey_story(page, phone_page, browser, live_server, directory):
    pid = directory.process.pk
    login(page, "animatrice@example.org", PASSWORD)
    page.goto(f"/demarches/{pid}/enquetes/")
    expect(page.get_by_role("heading", name="Enquêtes", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Nouvelle enquête").click()
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Titre\W*$")).fill("Enquête des acteurs de l’ESS")
    page.get_by_label("Introduction").fill("<p>Dix minutes pour le plan ESS.</p>")
    page.get_by_role("button", name="Enregistrer").click()
    expect(page.get_by_text("L’enquête a été créée")).to_be_visible()
    assert_accessible(page)

    families = "Association\nCoopérative\nEntreprise"
    _add_question(page, "Votre structure est-elle…", "Choix unique", choices=families,
                  required=True, other=True)  # fmt: skip
    assert_accessible(page)
    _add_question(page, "Quels leviers attendez-vous ?", "Choix multiples",
                  choices="Commande publique\nFinancement\nFormation")  # fmt: skip
    _add_question(page, "Quelle forme de coopérative ?", "Texte libre court", required=True,
                  condition="Coopérative")  # fmt: skip
    page.get_by_role("link", name="Ajouter une question").click()
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Question\W*$")).fill("Co-construction des politiques publiques")
    page.get_by_label(re.compile(r"^Type\W*$")).select_option(label="Échelle")
    page.get_by_label("Libellé de la valeur la plus basse").fill("pas du tout")
    page.get_by_label("Libellé de la valeur la plus haute").fill("tout à fait")
    page.get_by_role("button", name="Enregistrer la question").click()
    _add_question(page, "Classez ces priorités", "Classement",
                  choices="Mobilité\nAlimentation\nLogement")  # fmt: skip
    _add_question(page, "Une idée pour le territoire ?", "Texte libre long")
    expect(page.get_by_text("Affichée seulement si la réponse à « Votre structure")).to_be_visible()

    page.get_by_role("button", name="Ouvrir l’enquête").click()
    expect(page.get_by_text("L’enquête est maintenant ouverte.")).to_be_visible()
    assert_accessible(page)
    public_url = page.get_by_label(re.compile("^Lien public")).input_value()

    page.get_by_role("link", name="Liens personnels").first.click()
    page.get_by_label("Martin Alice (Recyclerie du Clain)").check()
    page.get_by_role("button", name="Créer les liens", exact=True).click()
    expect(page.get_by_text("1 lien personnel créé.")).to_be_visible()
    assert_accessible(page)
    personal_url = page.locator(".fresh-links td.link-cell").first.inner_text()
    links_url = page.url
    page.goto(links_url)  # back on the page: the link is not shown again
    expect(page.get_by_role("columnheader", name="Lien remis le")).to_be_visible()
    assert personal_url not in page.content()

    # Essor e-mails Bruno's link (made in the worker), then sends the one reminder.
    from django.core import mail

    page.get_by_label("Petit Bruno (Recyclerie du Clain)").check()
    page.get_by_role("button", name="Créer les liens et les envoyer par e-mail").click()
    expect(page.get_by_text("1 e-mail envoyé sur 1.")).to_be_visible()
    assert_accessible(page)
    assert "/demarches/enquete/" in mail.outbox[-1].body
    page.goto(links_url)
    expect(page.get_by_role("cell", name=re.compile("^envoyé le"))).to_be_visible()
    page.get_by_role("button", name="Envoyer le rappel (1 personne)").click()
    expect(page.get_by_text("1 e-mail envoyé sur 1.")).to_be_visible()
    assert mail.outbox[-1].subject.startswith("Rappel")

    respondent = browser.new_context(base_url=live_server.url, locale="fr-FR")
    try:
        _answer_public(respondent.new_page(), public_url)
    finally:
        respondent.close()
    _answer_personal(phone_page, personal_url)

    page.goto(f"/demarches/{pid}/enquetes/")
    page.get_by_role("link", name="Résultats de « Enquête des acteurs de l’ESS »").click()
    expect(page.get_by_text("2 réponses").first).to_be_visible()
    assert page.locator("svg.survey-chart").count() == 4
    expect(page.get_by_role("img", name="Graphique : Votre structure est-elle…")).to_be_visible()
    expect(page.get_by_role("table", name="Données : Votre structure est-elle…")).to_be_visible()
    payload = "Un tiers-lieu <script>alert(1)</script>"  # shown as text, never run
    expect(page.locator("p.free-text", has_text=payload)).to_be_visible()
    assert_accessible(page)

    with page.expect_download() as info:
        page.get_by_role("link", name="Télécharger (XLSX)").click()
    with open(info.value.path(), "rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()))
    assert len(list(workbook["Réponses"].values)) == 3

    item = page.locator(".free-answers li", has_text="Une monnaie locale")
    item.get_by_label("Type de contribution").select_option(label="Levier")
    item.get_by_role("button", name="Transformer en contribution").click()
    expect(
        page.get_by_text("La réponse est maintenant une contribution de la démarche.")
    ).to_be_visible()
    expect(
        page.locator(".free-answers li", has_text="Une monnaie locale").get_by_text(
            "Transformée en contribution"
        )
    ).to_be_visible()
    assert_accessible(page)
    assert not page.js_errors

    from essor.contributions.models import Contribution

    contribution = Contribution.objects.get()
    assert contribution.kind == "lever" and contribution.text == "Une monnaie locale"
