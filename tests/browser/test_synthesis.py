"""The synthesis wall in real Chromium: suggest, rename, merge, split, move (keyboard, drag
and drop, and without JavaScript), set aside, replace with confirmation, export; axe-core on
every page."""

from conftest import PASSWORD
from essor.synthesis import services
from essor.synthesis.models import Placement, Theme
from essor.synthesis.tests.conftest import build_world
from essor.synthesis.tests.test_services import assert_invariant
from tests.browser.conftest import assert_accessible, assert_no_horizontal_overflow, login


def open_tools(page, letter):
    page.get_by_text(f"Renommer, résumer, fusionner, scinder le thème {letter}").click()


def test_facilitator_builds_a_synthesis(page, phone_page, browser, live_server, cast, tmp_path):
    world = build_world(cast.process)
    login(page, "animatrice@example.org", PASSWORD)
    page.goto(f"/demarches/{cast.process.pk}/")
    page.get_by_role("link", name="Synthèse", exact=True).click()
    page.get_by_role("heading", name="Synthèse des contributions", level=1).wait_for()
    assert page.get_by_text("Pas encore de thème").is_visible()
    assert_accessible(page)

    # Suggest 4 themes
    page.get_by_label("Nombre de thèmes").fill("4")
    page.get_by_role("button", name="Suggérer des thèmes").click()
    # Background work: its page shows the progress bar, then the outcome and the way back.
    page.get_by_role("heading", name="Suggestion de thèmes").wait_for()
    page.get_by_text("4 thèmes suggérés.").wait_for()
    assert page.locator("progress#job-bar").get_attribute("value") == "100"
    assert_accessible(page)
    page.get_by_role("link", name="Ouvrir le résultat").click()
    page.get_by_role("heading", name="Synthèse des contributions", level=1).wait_for()
    synthesis = cast.process.synthesis
    assert synthesis.themes.count() == 4
    assert page.locator("section.theme[data-theme] li.line").count() == len(world.contributions)
    assert_accessible(page)

    # Rename theme A and write its summary
    open_tools(page, "A")
    page.locator("#theme-{} input[name=title]".format(synthesis.themes.get(letter="A").pk)).fill(
        "Se rencontrer"
    )
    page.locator("#summary-{}".format(synthesis.themes.get(letter="A").pk)).fill(
        "Les acteurs veulent <b>un lieu</b> pour se croiser."
    )
    page.get_by_role("button", name="Enregistrer", exact=True).first.click()
    page.get_by_role("heading", name="A Se rencontrer").wait_for()
    assert (
        page.locator(".summary")
        .get_by_text("Les acteurs veulent un lieu pour se croiser.")
        .is_visible()
    )

    # Merge theme D into A with the keyboard: D's "Merge" link opens the page's one merge
    # dialog on the list of the other themes; Escape brings focus back to the link.
    theme_d = synthesis.themes.get(letter="D")
    open_tools(page, "D")
    page.get_by_role("link", name="Fusionner le thème D dans un autre").focus()
    page.keyboard.press("Enter")
    merge = page.locator("#merge-dialog")
    merge.get_by_role("heading", name=f"Fusionner {theme_d.letter}. {theme_d.title}").wait_for()
    targets = merge.get_by_label("Fusionner dans ce thème")
    assert targets.evaluate("el => el === document.activeElement")
    others = synthesis.themes.lettered().exclude(pk=theme_d.pk).order_by("order")
    assert targets.locator("option").evaluate_all("all => all.map(o => o.value)") == [
        str(theme.pk) for theme in others
    ]
    assert_accessible(page)  # with the dialog open
    page.keyboard.press("Escape")
    merge_link = f"#theme-{theme_d.pk} a[data-merge]"
    page.wait_for_function(f"document.activeElement === document.querySelector('{merge_link}')")
    assert synthesis.themes.count() == 4
    page.keyboard.press("Enter")
    targets.select_option(label="A. Se rencontrer")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_text("Thèmes fusionnés dans A. Se rencontrer.").wait_for()
    assert synthesis.themes.count() == 3
    assert_invariant(synthesis)

    # Split theme A: two lines form a new theme B
    open_tools(page, "A")
    page.get_by_role("link", name="Scinder le thème A").click()
    page.get_by_role("heading", name="Scinder le thème A. Se rencontrer").wait_for()
    assert_accessible(page)
    boxes = page.locator("input[name=contributions]")
    boxes.nth(0).check()
    boxes.nth(1).check()
    page.get_by_label("Titre du nouveau thème").fill("Tiers-lieux")
    page.get_by_role("button", name="Créer le nouveau thème").click()
    page.get_by_role("heading", name="B Tiers-lieux").wait_for()
    new = synthesis.themes.get(title="Tiers-lieux")
    assert new.letter == "B" and new.placements.count() == 2
    assert_invariant(synthesis)

    # Move a line with the keyboard: its "Move" link opens the dialog on the list of
    # places, then the dialog's button; focus comes back to the moved line.
    theme_c = synthesis.themes.get(letter="C")
    line = synthesis.themes.get(letter="A").placements.first().contribution_id
    page.locator(f"#contribution-{line}").get_by_role("link", name="Déplacer").focus()
    page.keyboard.press("Enter")
    select = page.get_by_label(f"Déplacer la contribution n° {line} vers")
    assert select.evaluate("el => el === document.activeElement")
    assert select.input_value() == str(synthesis.themes.get(letter="A").pk)  # where it is now
    assert_accessible(page)  # with the dialog open
    select.select_option(str(theme_c.pk))
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.locator(f"#theme-{theme_c.pk} #contribution-{line}").wait_for()
    page.wait_for_function(
        f"document.activeElement === document.querySelector('#contribution-{line} > a')"
    )
    assert not page.locator("#move-dialog").is_visible()
    assert Placement.objects.get(contribution_id=line).theme_id == theme_c.pk
    # Escape closes the dialog without moving anything, back on the line's link
    page.keyboard.press("Enter")
    page.get_by_label(f"Déplacer la contribution n° {line} vers").wait_for()
    page.keyboard.press("Escape")
    page.wait_for_function(
        f"document.activeElement === document.querySelector('#contribution-{line} > a')"
    )
    assert Placement.objects.get(contribution_id=line).theme_id == theme_c.pk

    # Drag another line of A onto C
    dragged = synthesis.themes.get(letter="A").placements.first().contribution_id
    page.drag_and_drop(f"#contribution-{dragged}", f"#theme-{theme_c.pk} h2")
    page.locator(f"#theme-{theme_c.pk} #contribution-{dragged}").wait_for()
    page.wait_for_function("document.getElementById('wall-status').textContent.includes('→')")
    assert Placement.objects.get(contribution_id=dragged).theme_id == theme_c.pk

    # Set one aside as out of scope
    page.reload()
    aside = synthesis.themes.get(letter="B").placements.first().contribution_id
    page.locator(f"#contribution-{aside}").get_by_role("link", name="Déplacer").click()
    page.get_by_label(f"Déplacer la contribution n° {aside} vers").select_option("aside")
    page.locator("#move-dialog").get_by_role("button", name="Déplacer").click()
    page.locator(f"#aside #contribution-{aside}").wait_for()
    assert Placement.objects.get(contribution_id=aside).set_aside
    assert_invariant(synthesis)
    assert_accessible(page)

    # Asking again with "replace" needs a confirmation; cancel keeps the work
    page.get_by_text("Suggérer des thèmes", exact=True).first.click()
    page.get_by_role("button", name="Suggérer des thèmes").click()
    page.get_by_role("heading", name="Remplacer les thèmes ?").wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Annuler").click()
    page.get_by_role("heading", name="A Se rencontrer").wait_for()
    assert Theme.objects.filter(title="Tiers-lieux").exists()

    # Export in the four formats
    for label, extension in (("ODT", "odt"), ("DOCX", "docx"), ("PDF", "pdf"), ("Markdown", "md")):
        with page.expect_download() as info:
            page.get_by_role("link", name=f"Exporter ({label})").click()
        path = tmp_path / f"synthese.{extension}"
        info.value.save_as(path)
        assert path.stat().st_size > 500
    text = (tmp_path / "synthese.md").read_text(encoding="utf-8")
    assert "A. Se rencontrer" in text and "Tiers-lieux" in text and "Annexe" in text
    assert page.js_errors == []

    # A committee member reads the wall on a phone, without edit controls
    login(phone_page, "copil@example.org", PASSWORD)
    phone_page.goto(f"/demarches/{cast.process.pk}/synthese/")
    phone_page.get_by_role("heading", name="A Se rencontrer").wait_for()
    assert phone_page.locator("li.line > a, #move-dialog").count() == 0
    assert_no_horizontal_overflow(phone_page)
    assert_accessible(phone_page)

    # The facilitator's wall, with its tools, "Move" links and dialog, also fits a phone
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 375, "height": 740},
        is_mobile=True, has_touch=True,
    )  # fmt: skip
    facilitator_phone = context.new_page()
    login(facilitator_phone, "animatrice@example.org", PASSWORD)
    facilitator_phone.goto(f"/demarches/{cast.process.pk}/synthese/")
    facilitator_phone.get_by_role("heading", name="A Se rencontrer").wait_for()
    assert facilitator_phone.locator("li.line > a").count() == len(world.contributions)
    assert_no_horizontal_overflow(facilitator_phone)
    facilitator_phone.locator(f"#contribution-{line} > a").tap()
    dialog = facilitator_phone.locator("#move-dialog")
    dialog.get_by_label(f"Déplacer la contribution n° {line} vers").wait_for()
    box = dialog.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    dialog.get_by_role("button", name="Annuler").tap()
    assert not dialog.is_visible()
    # and so does the merge dialog
    open_tools(facilitator_phone, "A")
    facilitator_phone.get_by_role("link", name="Fusionner le thème A dans un autre").tap()
    merge = facilitator_phone.locator("#merge-dialog")
    merge.get_by_label("Fusionner dans ce thème").wait_for()
    box = merge.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    merge.get_by_role("button", name="Annuler").tap()
    assert not merge.is_visible()
    context.close()


def test_a_line_moves_without_javascript_with_the_keyboard(browser, page, live_server, cast):
    """The line's "Move" link is a real link: without script it leads to the line's move
    page, whose form sends the facilitator back to the line on the wall; a theme's "Merge"
    link likewise leads to its merge page."""
    world = build_world(cast.process)
    synthesis = services.synthesis_for(cast.process)
    services.suggest(synthesis, n_themes=3, replace=True, actor=cast.facilitator)
    theme_a, theme_b = synthesis.themes.lettered().order_by("order")[:2]
    line = theme_a.placements.first().contribution_id
    context = browser.new_context(base_url=live_server.url, locale="fr-FR",
                                  java_script_enabled=False)  # fmt: skip
    no_script = context.new_page()
    login(no_script, "animatrice@example.org", PASSWORD)
    no_script.goto(f"/demarches/{cast.process.pk}/synthese/")
    assert no_script.locator("li.line").count() == len(world.contributions)
    no_script.locator(f"#contribution-{line}").get_by_role("link", name="Déplacer").focus()
    no_script.keyboard.press("Enter")
    no_script.get_by_role("heading", name="Déplacer une contribution", level=1).wait_for()
    select = no_script.get_by_label(f"Déplacer la contribution n° {line} vers")
    assert select.input_value() == str(theme_a.pk)
    select.focus()
    select.select_option(str(theme_b.pk))
    no_script.keyboard.press("Tab")
    no_script.keyboard.press("Enter")
    no_script.wait_for_url(f"**/synthese/#contribution-{line}")
    no_script.locator(f"#theme-{theme_b.pk} #contribution-{line}").wait_for()
    assert Placement.objects.get(contribution_id=line).theme_id == theme_b.pk
    move_page = no_script.url.split("#")[0] + f"contributions/{line}/deplacer/"
    merge_page = no_script.url.split("#")[0] + f"themes/{theme_a.pk}/fusionner/"

    # Theme B's "Merge" link leads to its merge page, whose form merges it into A
    open_tools(no_script, "B")
    no_script.get_by_role("link", name="Fusionner le thème B dans un autre").click()
    no_script.get_by_role("heading", name=f"Fusionner {theme_b}", level=1).wait_for()
    no_script.get_by_label("Fusionner dans ce thème").select_option(str(theme_a.pk))
    no_script.get_by_role("button", name="Fusionner", exact=True).click()
    no_script.wait_for_url(f"**/synthese/#theme-{theme_a.pk}")
    no_script.locator(f"#theme-{theme_a.pk} #contribution-{line}").wait_for()
    assert not Theme.objects.filter(pk=theme_b.pk).exists()
    assert Placement.objects.get(contribution_id=line).theme_id == theme_a.pk
    assert_invariant(synthesis)
    context.close()

    # The move page passes axe-core (which needs script: checked in a normal page)
    login(page, "animatrice@example.org", PASSWORD)
    page.goto(move_page)
    page.get_by_role("heading", name="Déplacer une contribution", level=1).wait_for()
    assert page.get_by_text(f"Actuellement dans {theme_a}.").is_visible()  # B was merged into A
    assert_accessible(page)
    page.get_by_role("link", name="Annuler").click()
    page.wait_for_url(f"**/synthese/#contribution-{line}")
    page.goto(merge_page)
    page.get_by_role("heading", name=f"Fusionner {theme_a}", level=1).wait_for()
    assert_accessible(page)
    page.get_by_role("link", name="Annuler").click()
    page.wait_for_url(f"**/synthese/#theme-{theme_a.pk}")
    assert page.js_errors == []
