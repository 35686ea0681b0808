"""A workspace's administrator manages its members, with the keyboard and a screen reader."""

import re

from conftest import PASSWORD
from essor.workspaces.models import WorkspaceMember
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login


def test_workspace_admin_adds_a_member_and_changes_a_role(page, cast):
    login(page, "animatrice@example.org", PASSWORD)
    page.goto("/comptes/profil/")
    page.get_by_role("link", name="Mes espaces").click()
    assert page.get_by_role("heading", name="Mes espaces").is_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Membres : Grand Poitiers").click()
    assert page.get_by_role("heading", name="Membres : Grand Poitiers").is_visible()
    assert_accessible(page)
    assert_no_horizontal_overflow(page)

    page.get_by_label("Adresse e-mail").fill("nouvelle@example.org")
    page.get_by_label("Nom complet").fill("Nora Nouvelle")
    page.get_by_role("button", name="Ajouter", exact=True).click()
    page.get_by_text("nouvelle@example.org a reçu ce rôle").wait_for()
    assert_accessible(page)

    page.get_by_label("Rôle de Claude Contributeur").select_option(
        label="Administrateur ou administratrice de l’espace"
    )
    row = page.get_by_role("row").filter(has_text="Claude Contributeur")
    row.get_by_role("button", name=re.compile(r"^Modifier le rôle")).click()
    page.get_by_text("Le rôle a été modifié.").wait_for()
    assert WorkspaceMember.objects.get(user=cast.contributor).role == "admin"
    assert page.js_errors == []
