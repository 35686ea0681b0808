"""The "To sort" bin in real Chromium: no letter, not counted, drag out, grouped on demand."""

from conftest import PASSWORD
from essor.contributions.services import add_contribution
from essor.synthesis import services
from essor.synthesis.tests.conftest import build_world
from essor.synthesis.tests.test_services import assert_invariant
from tests.browser.conftest import assert_accessible, login

LATE = [
    "Une épicerie solidaire dans le quartier nord",
    "Ouvrir une épicerie solidaire près de la gare",
    "Un atelier vélo participatif au tiers-lieu",
    "Réparer plutôt que jeter : une recyclerie",
]


def test_the_bin_is_apart_from_the_themes(page, cast):
    world = build_world(cast.process)
    synthesis = services.synthesis_for(cast.process)
    services.suggest(synthesis, n_themes=3, replace=True, actor=cast.facilitator)
    late = [
        add_contribution(process=cast.process, workshop=world.workshops[0], text=text)
        for text in LATE
    ]
    login(page, "animatrice@example.org", PASSWORD)
    page.goto(f"/demarches/{cast.process.pk}/synthese/")
    page.get_by_role("button", name="Les mettre dans « À classer »").click()
    bin_ = synthesis.themes.get(title="À classer")
    page.get_by_role("heading", name="À classer (4)").wait_for()
    assert page.locator("#wall-status").inner_text().startswith("3 thèmes")
    assert page.locator(f"#theme-{bin_.pk} .letter").count() == 0
    assert_accessible(page)

    # Move a waiting line to theme A with its "Move" link and the dialog's list
    theme_a = synthesis.themes.get(letter="A")
    line = late[0].pk
    page.locator(f"#contribution-{line}").get_by_role("link", name="Déplacer").click()
    select = page.get_by_label(f"Déplacer la contribution n° {line} vers")
    assert select.input_value() == str(bin_.pk)
    select.select_option(str(theme_a.pk))
    page.locator("#move-dialog").get_by_role("button", name="Déplacer").click()
    page.locator(f"#theme-{theme_a.pk} #contribution-{line}").wait_for()
    assert synthesis.placements.get(contribution=late[0]).theme_id == theme_a.pk
    assert page.get_by_role("heading", name="À classer (3)").is_visible()

    # Keep the themes: the lines still waiting are grouped, not "nothing to group"
    page.reload()
    page.get_by_text("Suggérer des thèmes", exact=True).first.click()
    page.get_by_label("Les garder", exact=False).check()
    page.get_by_role("button", name="Suggérer des thèmes").click()
    page.get_by_text("thèmes suggérés").wait_for()
    assert synthesis.themes.lettered().count() > 3
    assert_invariant(synthesis)
    page.get_by_role("link", name="Ouvrir le résultat").click()
    page.get_by_role("heading", name="Synthèse des contributions", level=1).wait_for()
    assert page.js_errors == []
