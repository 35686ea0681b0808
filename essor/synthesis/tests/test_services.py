"""The wall's use cases keep the invariant: every included line in one theme or set aside."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from essor.contributions.services import add_contribution, set_withdrawn
from essor.synthesis import services
from essor.synthesis.models import Placement, Theme


def assert_invariant(synthesis):
    included = set(services.included_contributions(synthesis).values_list("pk", flat=True))
    placements = list(synthesis.placements.values_list("contribution_id", "theme_id", "set_aside"))
    placed = [pk for pk, _, _ in placements]
    assert len(placed) == len(set(placed)), "a contribution placed twice"
    assert set(placed) == included
    assert all((theme is None) == aside for _, theme, aside in placements)
    letters = list(synthesis.themes.lettered().order_by("order").values_list("letter", flat=True))
    assert letters == [chr(ord("A") + i) for i in range(len(letters))]
    # The "To sort" bin has no letter and comes after the themes.
    assert set(synthesis.themes.unsorted().values_list("letter", flat=True)) <= {""}
    ordered = list(synthesis.themes.order_by("order", "id"))
    assert ordered == sorted(ordered, key=lambda theme: theme.is_unsorted)


@pytest.fixture
def synthesis(world):
    return services.synthesis_for(world.process)


def test_new_synthesis_includes_every_workshop_and_survey(world, synthesis):
    assert set(synthesis.workshops.all()) == set(world.workshops)
    assert list(synthesis.surveys.all()) == [world.survey]
    assert services.included_contributions(synthesis).count() == len(world.contributions)


def test_suggest_places_every_contribution(world, synthesis, cast):
    count = services.suggest(synthesis, n_themes=None, replace=True, actor=cast.facilitator)
    assert count == synthesis.themes.count() >= 2
    assert_invariant(synthesis)
    assert all(theme.keywords for theme in synthesis.themes.all())


def test_suggest_with_forced_number_and_replace_or_keep(world, synthesis, cast):
    services.suggest(synthesis, n_themes=4, replace=True, actor=cast.facilitator)
    assert synthesis.themes.count() == 4
    first = synthesis.themes.order_by("order").first()
    services.update_theme(first, title="Lieux partagés", summary="", actor=cast.facilitator)
    add_contribution(process=world.process, workshop=world.workshops[0], text="Un tiers-lieu !!")
    services.suggest(synthesis, n_themes=None, replace=False, actor=cast.facilitator)
    assert synthesis.themes.filter(title="Lieux partagés").exists()
    assert_invariant(synthesis)
    with pytest.raises(ValidationError):  # nothing left to group
        services.suggest(synthesis, n_themes=None, replace=False, actor=cast.facilitator)
    with pytest.raises(ValidationError):
        services.suggest(synthesis, n_themes=0, replace=True, actor=cast.facilitator)
    assert_invariant(synthesis)


def test_suggest_by_workshop_keeps_each_theme_in_one_workshop(world, synthesis, cast):
    from essor.core.models import AuditEntry

    count = services.suggest(
        synthesis, n_themes=None, replace=True, by_workshop=True, actor=cast.facilitator
    )
    assert_invariant(synthesis)
    sources = [
        set(theme.placements.values_list("contribution__workshop_id", flat=True))
        for theme in synthesis.themes.lettered()
    ]
    assert len(sources) == count and all(len(workshops) == 1 for workshops in sources)
    # Both workshops and the survey's lines (no workshop) have their own themes.
    assert {workshop for workshops in sources for workshop in workshops} == {
        world.workshops[0].pk, world.workshops[1].pk, None
    }  # fmt: skip
    entry = AuditEntry.objects.filter(verb="synthesis.suggested").latest("id")
    assert entry.data["by_workshop"] is True


def test_merge_split_move_set_aside_keep_the_invariant(world, synthesis, cast):
    services.suggest(synthesis, n_themes=4, replace=True, actor=cast.facilitator)
    a, b, c, d = synthesis.themes.order_by("order")
    b_lines = set(b.placements.values_list("contribution_id", flat=True))
    services.merge_themes(a, b, actor=cast.facilitator)
    assert not Theme.objects.filter(pk=b.pk).exists()
    assert b_lines <= set(a.placements.values_list("contribution_id", flat=True))
    assert_invariant(synthesis)

    chosen = list(a.placements.values_list("contribution_id", flat=True)[:2])
    new = services.split_theme(a, chosen, "Nouveau thème", actor=cast.facilitator)
    assert set(new.placements.values_list("contribution_id", flat=True)) == set(chosen)
    new.refresh_from_db()
    assert new.letter == "B"  # right after the theme it came from
    assert_invariant(synthesis)

    line = c.placements.first().contribution_id
    services.place(synthesis, line, None, actor=cast.facilitator)
    assert Placement.objects.get(contribution_id=line).set_aside
    services.place(synthesis, line, d, actor=cast.facilitator)
    assert Placement.objects.get(contribution_id=line).theme == d
    assert_invariant(synthesis)


def test_bad_operations_are_refused_without_change(world, synthesis, cast):
    services.suggest(synthesis, n_themes=3, replace=True, actor=cast.facilitator)
    a, b, _ = synthesis.themes.order_by("order")
    every = list(a.placements.values_list("contribution_id", flat=True))
    with pytest.raises(ValidationError):
        services.split_theme(a, every, "Tout", actor=cast.facilitator)
    with pytest.raises(ValidationError):
        services.split_theme(a, [], "Rien", actor=cast.facilitator)
    with pytest.raises(ValidationError):
        services.merge_themes(a, a, actor=cast.facilitator)
    with pytest.raises(ValidationError):
        services.delete_theme(a, actor=cast.facilitator)
    with pytest.raises(ValidationError):
        services.update_theme(a, title="  <b></b> ", summary="", actor=cast.facilitator)
    other = add_contribution(process=cast.process, text="Hors du mur")  # not included
    with pytest.raises(ValidationError):
        services.place(synthesis, other.pk, a, actor=cast.facilitator)
    assert_invariant(synthesis)


def test_database_refuses_a_line_both_in_a_theme_and_aside(world, synthesis, cast):
    services.suggest(synthesis, n_themes=2, replace=True, actor=cast.facilitator)
    placement = synthesis.placements.first()
    with pytest.raises(IntegrityError), transaction.atomic():
        Placement.objects.filter(pk=placement.pk).update(set_aside=True)


def test_summary_is_sanitised_to_plain_text(world, synthesis, cast):
    services.suggest(synthesis, n_themes=2, replace=True, actor=cast.facilitator)
    theme = synthesis.themes.first()
    services.update_theme(
        theme,
        title="Mobilité <script>alert(1)</script>",
        summary="<p>Les <b>transports</b> & vélos</p><script>x()</script> 3 < 4",
        actor=cast.facilitator,
    )
    theme.refresh_from_db()
    assert "<" not in theme.title
    assert theme.summary == "Les transports & vélos 3 < 4"


def test_sources_change_new_lines_and_withdrawals(world, synthesis, cast):
    services.suggest(synthesis, n_themes=3, replace=True, actor=cast.facilitator)
    services.set_sources(synthesis, workshops=[world.workshops[0]], surveys=[],
                         include_other=False, actor=cast.facilitator)  # fmt: skip
    assert_invariant(synthesis)
    assert not synthesis.placements.filter(contribution__workshop=world.workshops[1]).exists()
    services.set_sources(synthesis, workshops=world.workshops, surveys=[world.survey],
                         include_other=True, actor=cast.facilitator)  # fmt: skip
    assert_invariant(synthesis)
    assert (
        synthesis.themes.filter(title="À classer").exists()
        or synthesis.themes.filter(title="To sort").exists()
    )
    late = add_contribution(process=world.process, workshop=world.workshops[1], text="Arrivée tard")
    assert list(services.unplaced(synthesis)) == [late]
    assert services.place_new(synthesis, actor=cast.facilitator) == 1
    assert_invariant(synthesis)
    set_withdrawn(late, True, actor=cast.facilitator)
    services.suggest(synthesis, n_themes=None, replace=True, actor=cast.facilitator)
    assert_invariant(synthesis)
    assert not synthesis.placements.filter(contribution=late).exists()


def test_theme_order_sets_the_letters(world, synthesis, cast):
    services.suggest(synthesis, n_themes=3, replace=True, actor=cast.facilitator)
    a, b, c = synthesis.themes.order_by("order")
    services.move_theme(c, -1, actor=cast.facilitator)
    services.move_theme(a, -1, actor=cast.facilitator)  # already first: nothing
    assert [t.pk for t in synthesis.themes.order_by("order")] == [a.pk, c.pk, b.pk]
    c.refresh_from_db()
    assert c.letter == "B"
    assert_invariant(synthesis)


def test_lines_with_no_words_go_to_sort_and_a_single_line_works(cast):
    from essor.workshops.services import create_workshop

    workshop = create_workshop(process=cast.process, title="Atelier express", questions=["?"])
    for text in ("🙂🙂", "!!!", "Une épicerie solidaire"):
        add_contribution(process=cast.process, workshop=workshop, text=text)
    synthesis = services.synthesis_for(cast.process)
    assert services.suggest(synthesis, n_themes=None, replace=True, actor=cast.facilitator) == 1
    titles = list(synthesis.themes.order_by("order").values_list("title", flat=True))
    assert "épicerie solidaire" in titles[0].lower() and titles[1] == "À classer"
    assert synthesis.themes.get(title="À classer").placements.count() == 2
    assert_invariant(synthesis)
