"""Every view of the synthesis app, for every role, and the wall with 600 lines."""

import re
from urllib.parse import urljoin

import pytest
from django.urls import reverse

from conftest import ROLES
from essor.contributions.services import add_contribution
from essor.synthesis import services
from essor.synthesis.models import Placement, Theme
from essor.synthesis.tests.conftest import ROLES_THAT_READ

VIEWS = [
    # name, method, needs a theme id, needs a contribution id, manage only, status when allowed
    ("wall", "get", False, False, False, 200),
    ("export", "get", False, False, False, 200),
    ("sources", "post", False, False, True, 302),
    ("suggest", "post", False, False, True, 200),  # themes exist: the confirmation page
    ("place_new", "post", False, False, True, 302),
    ("theme_create", "post", False, False, True, 302),
    ("theme_edit", "post", True, False, True, 302),
    ("theme_merge", "get", True, False, True, 200),  # the page to choose the target
    ("theme_merge", "post", True, False, True, 302),
    ("theme_split", "get", True, False, True, 200),
    ("theme_split", "post", True, False, True, 200),  # nothing ticked: the form again
    ("theme_move", "post", True, False, True, 302),
    ("theme_delete", "post", True, False, True, 302),
    ("contribution_move", "get", False, True, True, 200),  # the move page, without script
    ("contribution_move", "post", False, True, True, 302),
]


def expected_status(role, published, manage_only, ok):
    if role == "anonymous":
        return 302
    if role in ("outsider", "other_workspace"):
        return 403 if published else 404
    if role in ("admin", "facilitator"):
        return ok
    if role == "committee_member" and not manage_only:
        return ok
    return 403


MATRIX = [
    pytest.param(*view, role, published, id=f"{view[0]}-{view[1]}-{role}-{published}")
    for view in VIEWS
    for role in ROLES
    for published in (False, True)
]


@pytest.mark.parametrize("name,method,theme_arg,line_arg,manage_only,ok,role,published", MATRIX)
def test_synthesis_permission_matrix(
    client_as, world, cast, name, method, theme_arg, line_arg, manage_only, ok, role, published
):
    world.process.is_published = published
    world.process.save()
    synthesis = services.synthesis_for(world.process)
    services.suggest(synthesis, n_themes=3, replace=True, actor=cast.facilitator)
    theme, other = synthesis.themes.order_by("order")[:2]
    line = other.placements.first().contribution_id
    args = [world.process.pk]
    if theme_arg:
        args.append(theme.pk)
    if line_arg:
        args.append(line)
    data = {
        "sources": {"workshops": [w.pk for w in world.workshops], "surveys": [world.survey.pk]},
        "suggest": {"replace": "1"},
        "theme_create": {"title": "Nouveau"},
        "theme_edit": {"title": "Renommé", "summary": "Résumé"},
        "theme_merge": {"source": other.pk},
        "theme_move": {"direction": "down"},
        "contribution_move": {"target": "aside"},
    }.get(name, {})
    client = client_as(role)
    url = reverse(f"synthesis:{name}", args=args)
    response = client.post(url, data) if method == "post" else client.get(url)
    assert response.status_code == expected_status(role, published, manage_only, ok)
    if response.status_code == 302 and role == "anonymous":
        assert "/comptes/connexion/" in response["Location"]
    allowed = response.status_code == ok and role in ("admin", "facilitator")
    if name == "theme_edit":
        assert Theme.objects.filter(title="Renommé").exists() == allowed
    if name == "contribution_move":
        moved = allowed and method == "post"
        assert Placement.objects.get(contribution_id=line).set_aside == moved
    if name == "theme_merge":
        merged = allowed and method == "post"
        assert (not Theme.objects.filter(pk=theme.pk).exists()) == merged


def test_readers_see_the_wall_without_edit_controls(client_as, world, cast):
    synthesis = services.synthesis_for(world.process)
    services.suggest(synthesis, n_themes=3, replace=True, actor=cast.facilitator)
    url = reverse("synthesis:wall", args=[world.process.pk])
    reader = client_as("committee_member").get(url).content.decode()
    editor = client_as("facilitator").get(url).content.decode()
    assert world.contributions[0].text[:20] in reader
    assert "move-form" not in reader and "move-form" in editor
    assert "Synthèse" in editor  # the tab of the process navigation
    assert ROLES_THAT_READ


def test_suggest_asks_before_replacing_then_replaces(client_as, world, cast, run_jobs):
    from essor.jobs.models import Job
    from essor.synthesis import tasks

    client = client_as("facilitator")
    url = reverse("synthesis:suggest", args=[world.process.pk])
    response = run_jobs(client.post, url, {"replace": "1", "themes": "3"})
    job = Job.objects.get(kind=tasks.KIND)  # background work, followed on its page
    assert response.status_code == 302
    assert response["Location"] == reverse("jobs:detail", args=[job.pk])
    job.refresh_from_db()
    assert (job.status, job.outcome) == ("succeeded", "3 thèmes suggérés.")
    assert job.result_url == reverse("synthesis:wall", args=[world.process.pk])
    synthesis = services.synthesis_for(world.process)
    assert synthesis.themes.count() == 3
    theme = synthesis.themes.first()
    response = client.post(url, {"replace": "1", "themes": "4"})
    assert response.status_code == 200 and "Remplacer" in response.content.decode()
    assert Theme.objects.filter(pk=theme.pk).exists()  # nothing changed before the confirmation
    run_jobs(client.post, url, {"replace": "1", "themes": "4", "confirm": "on"})
    assert synthesis.themes.count() == 4 and not Theme.objects.filter(pk=theme.pk).exists()


def test_suggest_workshop_by_workshop_through_the_confirmation(client_as, world, cast, run_jobs):
    client = client_as("facilitator")
    url = reverse("synthesis:suggest", args=[world.process.pk])
    synthesis = services.synthesis_for(world.process)
    services.suggest(synthesis, n_themes=2, replace=True, actor=cast.facilitator)
    page = client.post(url, {"replace": "1", "by_workshop": "on"}).content.decode()
    assert 'name="by_workshop" value="on"' in page  # the confirmation keeps the choice
    run_jobs(client.post, url, {"replace": "1", "by_workshop": "on", "confirm": "on"})
    themes = synthesis.themes.lettered()
    assert themes.count() > 2
    assert all(
        len(set(theme.placements.values_list("contribution__workshop_id", flat=True))) == 1
        for theme in themes
    )
    wall = client.get(reverse("synthesis:wall", args=[world.process.pk])).content.decode()
    assert "Regrouper chaque atelier à part" in wall


@pytest.mark.parametrize(
    "name,data",
    [
        ("suggest", {"replace": "1", "themes": "abc"}),
        ("suggest", {"replace": "1", "themes": "0"}),
        ("theme_create", {"title": ""}),
        ("contribution_move", {"target": "999999"}),
    ],
)
def test_bad_input_gives_a_message_not_an_error(client_as, world, cast, name, data):
    synthesis = services.synthesis_for(world.process)
    services.suggest(synthesis, n_themes=2, replace=True, actor=cast.facilitator)
    before = list(synthesis.placements.values_list("contribution_id", "theme_id"))
    args = [world.process.pk] + ([world.contributions[0].pk] if name == "contribution_move" else [])
    client = client_as("facilitator")
    response = client.post(reverse(f"synthesis:{name}", args=args), data, follow=True)
    assert response.status_code == 200
    assert response.context["messages"]
    assert list(synthesis.placements.values_list("contribution_id", "theme_id")) == before


def test_script_move_gets_204_and_400(client_as, world, cast):
    synthesis = services.synthesis_for(world.process)
    services.suggest(synthesis, n_themes=2, replace=True, actor=cast.facilitator)
    first, second = synthesis.themes.order_by("order")
    line = first.placements.first().contribution_id
    url = reverse("synthesis:contribution_move", args=[world.process.pk, line])
    client = client_as("facilitator")
    headers = {"X-Requested-With": "fetch"}
    assert client.post(url, {"target": second.pk}, headers=headers).status_code == 204
    assert Placement.objects.get(contribution_id=line).theme == second
    response = client.post(url, {"target": "nope"}, headers=headers)
    assert response.status_code == 400 and "thème" in response.content.decode()


def _lines(page: str) -> list[str]:
    return re.findall(r'<li class="line[^"]*" id="contribution-\d+">.*?</li>', page, re.S)


def test_the_wall_holds_one_list_of_places_whatever_its_lines(client_as, world, cast):
    """What keeps the wall light (issue 13: under 300 KB at 600 lines): a line has a link
    to its move page, no form and no list; the page has one list of places, in the move
    dialog. With a list per line, <option>s grew as lines × themes."""
    synthesis = services.synthesis_for(world.process)
    services.suggest(synthesis, n_themes=3, replace=True, actor=cast.facilitator)
    url = reverse("synthesis:wall", args=[world.process.pk])
    client = client_as("facilitator")
    page = client.get(url).content.decode()
    lines = _lines(page)
    assert len(lines) == len(world.contributions)
    for line in lines:
        assert "<form" not in line and "<select" not in line and "<input" not in line
        number = re.search(r'id="contribution-(\d+)"', line)[1]
        assert line.count("<a ") - line.count('href="#contribution-') == 1
        assert f'<a href="contributions/{number}/deplacer/">Déplacer</a>' in line
    assert page.count('name="target"') == 1 and page.count('id="move-dialog"') == 1
    options = page.count("<option")
    # Twelve more lines in theme A: as many <option>s as before.
    theme = synthesis.themes.lettered().first()
    for index in range(12):
        extra = add_contribution(process=world.process, workshop=world.workshops[0],
                                 text=f"Encore une idée de jardin partagé n° {index}")  # fmt: skip
        services.place(synthesis, extra.pk, theme, actor=cast.facilitator)
    page = client.get(url).content.decode()
    assert len(_lines(page)) == len(world.contributions) + 12
    assert page.count("<option") == options
    # A relative link: it must lead to the line's move page from the wall's URL.
    assert urljoin(url, f"contributions/{number}/deplacer/") == reverse(
        "synthesis:contribution_move", args=[world.process.pk, number]
    )


def test_the_move_page_moves_a_line_without_script(client_as, world, cast):
    synthesis = services.synthesis_for(world.process)
    services.suggest(synthesis, n_themes=3, replace=True, actor=cast.facilitator)
    first, second, _third = synthesis.themes.lettered().order_by("order")
    placement = first.placements.first()
    line = placement.contribution_id
    url = reverse("synthesis:contribution_move", args=[world.process.pk, line])
    client = client_as("facilitator")
    response = client.get(url)
    page = response.content.decode()
    assert f"Déplacer la contribution n° {line} vers" in page
    assert f'<option value="{first.pk}" selected>' in page  # where it is now
    assert placement.contribution.text[:30] in page
    assert f"#contribution-{line}" in page  # "Cancel" goes back to the line
    response = client.post(url, {"target": second.pk})
    assert response["Location"] == reverse("synthesis:wall", args=[world.process.pk]) + (
        f"#contribution-{line}"
    )
    assert Placement.objects.get(contribution_id=line).theme == second
    client.post(url, {"target": "aside"})
    assert '<option value="aside" selected>' in client.get(url).content.decode()


def test_the_move_page_of_a_line_not_on_this_wall_is_not_found(client_as, world, cast):
    synthesis = services.synthesis_for(world.process)
    services.suggest(synthesis, n_themes=2, replace=True, actor=cast.facilitator)
    # The facilitator of another process asks for a line of this one through theirs.
    line = world.contributions[0]
    elsewhere = reverse("synthesis:contribution_move", args=[cast.elsewhere_process.pk, line.pk])
    assert client_as("other_workspace").get(elsewhere).status_code == 404
    client = client_as("facilitator")
    withdrawn = world.contributions[1]
    withdrawn.is_withdrawn = True
    withdrawn.save()
    for pk in (withdrawn.pk, 999999):
        url = reverse("synthesis:contribution_move", args=[world.process.pk, pk])
        assert client.get(url).status_code == 404


def test_wall_with_600_contributions_in_a_fixed_number_of_queries(
    client_as, cast, django_assert_max_num_queries
):
    from essor.workshops.services import create_workshop

    workshops = [
        create_workshop(process=cast.process, title=f"Atelier {n}", questions=["Q1", "Q2"])
        for n in range(4)
    ]
    for index in range(600):
        workshop = workshops[index % 4]
        add_contribution(
            process=cast.process,
            workshop=workshop,
            question=workshop.questions.first(),
            text=f"Idée {index} : {'vélo' if index % 2 else 'cantine'} et {index % 7} jardins",
        )
    synthesis = services.synthesis_for(cast.process)
    services.suggest(synthesis, n_themes=8, replace=True, actor=cast.facilitator)
    client = client_as("facilitator")
    url = reverse("synthesis:wall", args=[cast.process.pk])
    client.get(url)
    with django_assert_max_num_queries(25):
        response = client.get(url)
    assert response.content.decode().count('id="contribution-') == 600


def _row_counts() -> dict[str, int]:
    """Rows of every table, to show that a request wrote nothing anywhere."""
    from django.apps import apps

    counts = {}
    for model in apps.get_models(include_auto_created=True):
        counts[model._meta.label] = model._default_manager.count()
    return counts


@pytest.mark.parametrize("name,query", [("wall", ""), ("export", "?format=md"),
                                        ("export", "?format=odt")])  # fmt: skip
def test_a_readers_get_writes_nothing_before_any_synthesis(client_as, world, name, query):
    from essor.synthesis.models import Synthesis

    url = reverse(f"synthesis:{name}", args=[world.process.pk]) + query
    client = client_as("committee_member")  # logging in writes a session: done before
    before = _row_counts()
    response = client.get(url)
    assert response.status_code == 200
    assert _row_counts() == before
    assert not Synthesis.objects.exists()
    if query == "?format=md":  # an empty synthesis, but a real document
        assert "# " in response.content.decode()
    if query == "?format=odt":
        assert response.content[:2] == b"PK"  # a zipped OpenDocument
    if name == "wall":
        page = response.content.decode()
        assert "Pas encore de thème." in page
        assert "move-form" not in page


def test_the_facilitator_gets_a_working_wall_without_a_write_on_get(
    client_as, world, cast, run_jobs
):
    from essor.synthesis.models import Synthesis

    client = client_as("facilitator")
    url = reverse("synthesis:wall", args=[world.process.pk])
    before = _row_counts()
    response = client.get(url)
    assert response.status_code == 200 and _row_counts() == before
    # The selection shows what a new synthesis includes: every workshop and the survey.
    form = response.context["sources_form"]
    assert {w.pk for w in form.initial["workshops"]} == {w.pk for w in world.workshops}
    assert [s.pk for s in form.initial["surveys"]] == [world.survey.pk]
    assert response.context["unplaced_count"] == len(world.contributions)
    page = response.content.decode()
    assert f'value="{world.workshops[0].pk}" ' in page and "checked" in page
    # The first POST creates the synthesis, with those sources, and the suggestion works.
    response = run_jobs(
        client.post, reverse("synthesis:suggest", args=[world.process.pk]), {"replace": "1"}
    )
    assert response.status_code == 302
    synthesis = Synthesis.objects.get(process=world.process)
    assert set(synthesis.workshops.all()) == set(world.workshops)
    assert synthesis.themes.count() >= 2
    assert Placement.objects.filter(synthesis=synthesis).count() == len(world.contributions)
    page = client.get(url).content.decode()
    assert "move-form" in page and synthesis.themes.first().title in page


def test_a_suggestion_with_nothing_to_group_fails_in_french_and_changes_nothing(
    client_as, world, cast, run_jobs
):
    from essor.core.tests.french import plain
    from essor.jobs.models import Job
    from essor.synthesis import tasks

    synthesis = services.synthesis_for(world.process)
    services.suggest(synthesis, n_themes=2, replace=True, actor=cast.facilitator)
    before = list(synthesis.placements.values_list("contribution_id", "theme_id"))
    url = reverse("synthesis:suggest", args=[world.process.pk])
    run_jobs(client_as("facilitator").post, url, {"replace": "0"})  # every line has a theme
    job = Job.objects.get(kind=tasks.KIND)
    assert job.status == "failed" and "aucune contribution à regrouper" in plain(job.outcome)
    assert job.result_url == reverse("synthesis:wall", args=[world.process.pk])
    assert list(synthesis.placements.values_list("contribution_id", "theme_id")) == before


def test_the_wall_lists_the_themes_once_whatever_their_number(client_as, world, cast):
    """Each theme's tools link to its merge page instead of holding a list of every other
    theme: the <option>s grow by one per theme (the move dialog), not with themes²."""
    synthesis = services.synthesis_for(world.process)
    services.suggest(synthesis, n_themes=3, replace=True, actor=cast.facilitator)
    url = reverse("synthesis:wall", args=[world.process.pk])
    client = client_as("facilitator")
    before = client.get(url).content.decode()
    assert before.count('name="source"') == 1  # the merge dialog's, not one per theme
    for index in range(8):
        services.create_theme(synthesis, f"Thème ajouté {index}", actor=cast.facilitator)
    after = client.get(url).content.decode()
    assert after.count("<option") == before.count("<option") + 8
    assert after.count('name="source"') == 1
    theme = synthesis.themes.lettered().first()
    merge_page = client.get(reverse("synthesis:theme_merge", args=[world.process.pk, theme.pk]))
    listed = re.search(r'<select name="source".*?</select>', merge_page.content.decode(), re.S)
    assert listed[0].count("<option") == synthesis.themes.count() - 1


def test_the_wall_has_one_merge_dialog_and_a_merge_link_per_theme(client_as, world, cast):
    """Every theme's "Merge" link leads to its own merge page (without script); the script
    opens the page's one merge dialog instead, whose list it fills from the move dialog's:
    the dialog comes with an empty list, and posts where the link leads."""
    synthesis = services.synthesis_for(world.process)
    services.suggest(synthesis, n_themes=3, replace=True, actor=cast.facilitator)
    url = reverse("synthesis:wall", args=[world.process.pk])
    page = client_as("facilitator").get(url).content.decode()
    links = re.findall(r'<a class="button secondary" href="([^"]+)" data-merge>', page)
    themes = list(synthesis.themes.lettered().order_by("order"))
    assert links == [
        reverse("synthesis:theme_merge", args=[world.process.pk, theme.pk]) for theme in themes
    ]
    assert page.count('id="merge-dialog"') == 1
    dialog = re.search(r'<dialog id="merge-dialog".*?</dialog>', page, re.S)[0]
    assert re.search(r'<select id="merge-target" name="source" required></select>', dialog)
    assert "csrfmiddlewaretoken" in dialog and "<option" not in dialog
    assert "Fusionner {theme}" in dialog and "puis {theme} est supprimé" in dialog
    # A reader gets neither the links nor the dialog; one theme alone has nothing to merge into.
    reader = client_as("committee_member").get(url).content.decode()
    assert "data-merge" not in reader and "merge-dialog" not in reader
    for theme in themes[1:]:
        services.merge_themes(themes[0], theme, actor=cast.facilitator)
    alone = client_as("facilitator").get(url).content.decode()
    assert "data-merge" not in alone and "merge-dialog" not in alone
