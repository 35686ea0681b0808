"""The "To sort" bin is no theme, the lines waiting in it get grouped, set-aside lines stay."""

import io

import pytest
from django.urls import reverse
from django.utils import translation

from essor.contributions.services import add_contribution
from essor.synthesis import exports, services
from essor.synthesis.forms import ThemeForm
from essor.synthesis.tests.test_services import assert_invariant
from essor.synthesis.wall import build_wall

NEW_LINES = [
    "Une épicerie solidaire dans le quartier nord",
    "Ouvrir une épicerie solidaire près de la gare",
    "Des paniers de légumes bio à prix solidaire",
    "Un tiers-lieu pour réparer les vélos",
    "Un atelier vélo participatif au tiers-lieu",
    "Réparer plutôt que jeter : une recyclerie",
]


@pytest.fixture
def wall_with_bin(world, cast):
    """Three themes, one line set aside, and six late lines put in "To sort"."""
    synthesis = services.synthesis_for(world.process)
    services.suggest(synthesis, n_themes=3, replace=True, actor=cast.facilitator)
    aside = world.contributions[0]
    services.place(synthesis, aside.pk, None, actor=cast.facilitator)
    late = [
        add_contribution(process=world.process, workshop=world.workshops[0], text=text)
        for text in NEW_LINES
    ]
    assert services.place_new(synthesis, actor=cast.facilitator) == len(late)
    return synthesis, aside, late


def test_the_bin_has_no_letter_and_is_not_counted(wall_with_bin):
    synthesis, _aside, late = wall_with_bin
    bin_ = synthesis.themes.get(title="À classer")
    assert bin_.letter == "" and bin_.is_unsorted
    assert list(synthesis.themes.lettered().values_list("letter", flat=True)) == ["A", "B", "C"]
    board = build_wall(synthesis)
    assert len(board.themes) == 3
    assert [line.contribution.pk for line in board.unsorted.lines] == [c.pk for c in late]
    assert board.total == services.included_contributions(synthesis).count()
    assert_invariant(synthesis)


def test_a_new_theme_gets_the_next_letter_and_the_bin_stays_last(wall_with_bin, cast):
    synthesis, _aside, _late = wall_with_bin
    theme = services.create_theme(synthesis, "Mobilités", actor=cast.facilitator)
    theme.refresh_from_db()
    assert theme.letter == "D"
    assert synthesis.themes.order_by("order").last().is_unsorted
    assert_invariant(synthesis)


def test_keeping_the_themes_groups_the_lines_waiting_in_the_bin(wall_with_bin, cast):
    synthesis, aside, late = wall_with_bin
    kept = set(synthesis.themes.lettered().values_list("pk", flat=True))
    created = services.suggest(synthesis, n_themes=None, replace=False, actor=cast.facilitator)
    assert created >= 1
    assert kept < set(synthesis.themes.lettered().values_list("pk", flat=True))
    new_themes = synthesis.themes.lettered().exclude(pk__in=kept)
    grouped = set(new_themes.values_list("placements__contribution_id", flat=True)) | set(
        synthesis.themes.unsorted().values_list("placements__contribution_id", flat=True)
    )
    assert {c.pk for c in late} <= grouped
    assert synthesis.placements.get(contribution=aside).set_aside  # still set aside
    assert_invariant(synthesis)


@pytest.mark.parametrize("replace", [True, False])
def test_a_set_aside_line_stays_set_aside_after_a_suggestion(wall_with_bin, cast, replace):
    synthesis, aside, _late = wall_with_bin
    services.suggest(synthesis, n_themes=4, replace=replace, actor=cast.facilitator)
    placement = synthesis.placements.get(contribution=aside)
    assert placement.set_aside and placement.theme is None
    assert_invariant(synthesis)


def test_nothing_to_group_says_why_when_every_line_is_placed(wall_with_bin, cast):
    synthesis, _aside, late = wall_with_bin
    target = synthesis.themes.lettered().first()
    for contribution in late:
        services.place(synthesis, contribution.pk, target, actor=cast.facilitator)
    before = list(synthesis.placements.values_list("contribution_id", "theme_id"))
    with pytest.raises(Exception, match="dans un thème ou mise de côté"):
        services.suggest(synthesis, n_themes=None, replace=False, actor=cast.facilitator)
    assert list(synthesis.placements.values_list("contribution_id", "theme_id")) == before


def test_the_export_lists_the_bin_apart_with_no_letter(wall_with_bin):
    synthesis, _aside, late = wall_with_bin
    text = exports.render(synthesis, "md")[0].decode()
    assert "3 thèmes" in text
    assert "## Non classées" in text
    assert "D. À classer" not in text and "## À classer" not in text
    assert f"[?] {late[0].text}" in text


def test_roadmap_documents_do_not_print_the_bin_as_a_theme(wall_with_bin):
    from essor.plans.documents.inputs import synthesis_blocks, synthesis_themes
    from essor.plans.models import Plan

    synthesis, _aside, late = wall_with_bin
    process = synthesis.process
    assert [t["letter"] for t in synthesis_themes(process)] == ["A", "B", "C"]
    plan = Plan.objects.create(process=process, name="Plan")
    texts = io.StringIO()
    for block in synthesis_blocks(plan):
        texts.write(repr(block))
    assert "À classer" not in texts.getvalue()
    assert "en 3 thèmes" in texts.getvalue()
    assert f"{len(late)} contributions ne sont pas encore classées" in texts.getvalue()


def test_wall_page_counts_themes_without_the_bin(client_as, wall_with_bin):
    synthesis, _aside, _late = wall_with_bin
    page = client_as("facilitator").get(reverse("synthesis:wall", args=[synthesis.process_id]))
    html = page.content.decode()
    assert "3 thèmes" in html
    bin_ = synthesis.themes.get(title="À classer")
    assert f'id="theme-title-{bin_.pk}">À classer' in html  # no letter before the title


def test_suggest_view_keeping_themes_groups_the_bin(client_as, wall_with_bin, run_jobs):
    synthesis, aside, late = wall_with_bin
    before = synthesis.themes.lettered().count()
    url = reverse("synthesis:suggest", args=[synthesis.process_id])
    client = client_as("facilitator")
    response = run_jobs(client.post, url, {"replace": "0"})
    page = client.get(response["Location"]).content.decode()  # the page of the work, done
    assert "aucune contribution à regrouper" not in page and "thèmes suggérés" in page
    assert synthesis.themes.lettered().count() > before
    assert synthesis.placements.get(contribution=aside).set_aside


def test_suggest_view_replacing_keeps_set_aside(client_as, wall_with_bin, run_jobs):
    synthesis, aside, _late = wall_with_bin
    run_jobs(
        client_as("facilitator").post,
        reverse("synthesis:suggest", args=[synthesis.process_id]),
        {"replace": "1", "themes": "3", "confirm": "on"},
    )
    assert synthesis.placements.get(contribution=aside).set_aside


def test_an_action_cannot_take_up_the_bin(wall_with_bin):
    from essor.plans.forms import ActionForm
    from essor.plans.models import Plan

    synthesis, _aside, _late = wall_with_bin
    plan = Plan.objects.create(process=synthesis.process, name="Plan")
    offered = [t.title for t in ActionForm(plan=plan).fields["synthesis_themes"].queryset]
    assert len(offered) == 3 and "À classer" not in offered


def test_renaming_the_bin_keeps_it_a_bin(wall_with_bin, cast):
    synthesis, _aside, late = wall_with_bin
    bin_ = synthesis.themes.unsorted().get()
    services.update_theme(bin_, title="En attente", summary="", actor=cast.facilitator)
    assert list(synthesis.themes.unsorted()) == [bin_]
    assert list(synthesis.themes.lettered().values_list("letter", flat=True)) == ["A", "B", "C"]
    board = build_wall(synthesis)
    assert board.unsorted.theme.title == "En attente" and len(board.themes) == 3
    assert [line.contribution.pk for line in board.unsorted.lines] == [c.pk for c in late]


def test_a_theme_titled_like_the_bin_is_a_theme(wall_with_bin, cast):
    synthesis, _aside, _late = wall_with_bin
    theme = services.create_theme(synthesis, "À classer", actor=cast.facilitator)
    theme.refresh_from_db()
    assert theme.letter == "D" and not theme.is_unsorted
    assert synthesis.themes.unsorted().count() == 1


def test_the_theme_summary_has_its_own_french_word(client_as, wall_with_bin):
    """The observatory's "Summary" of figures reads "Synthèse"; a theme's reads otherwise."""
    synthesis, _aside, _late = wall_with_bin
    html = client_as("facilitator").get(reverse("synthesis:wall", args=[synthesis.process.pk]))
    theme = synthesis.themes.lettered().first()
    assert f'<label for="summary-{theme.pk}">Synthèse du thème</label>' in html.content.decode()
    with translation.override("fr"):
        assert str(ThemeForm().fields["summary"].label) == "Synthèse du thème"
