"""Thin views of the synthesis wall; every change goes through services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from essor.jobs import services as jobs
from essor.processes.context import process_context
from essor.synthesis import exports, services, tasks
from essor.synthesis.forms import (
    ASIDE,
    MergeForm,
    MoveForm,
    NewThemeForm,
    SourcesForm,
    SplitForm,
    SuggestForm,
    ThemeForm,
)
from essor.synthesis.impact import MERGE, RENAME, REPLACE, impact_sentences
from essor.synthesis.permissions import (
    MANAGE,
    VIEW,
    get_placement_for,
    get_process_for,
    get_theme_for,
)
from essor.synthesis.render import render_lines
from essor.synthesis.wall import build_wall


def _wall_url(process_id, anchor: str = "") -> str:
    url = reverse("synthesis:wall", args=[process_id])
    return f"{url}#{anchor}" if anchor else url


def _error(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _page(request, process, template, **extra):
    context = {
        **process_context(request.user, process, "synthesis"),
        "can_manage_synthesis": request.user.has_perm(MANAGE, process),
        **extra,
    }
    return render(request, template, context)


@login_required
def wall(request, process_id):
    process = get_process_for(request.user, process_id, VIEW)
    synthesis = services.read_synthesis(process)  # a GET writes nothing, even the first one
    board = build_wall(synthesis)
    can_manage = request.user.has_perm(MANAGE, process)
    render_lines(board, can_manage=can_manage)
    return _page(
        request,
        process,
        "synthesis/wall.html",
        synthesis=synthesis,
        board=board,
        # One list of places for the whole wall, in the dialog of the lines' "Move" links.
        move_form=MoveForm(themes=[item.theme for item in board.boxes], auto_id="move-%s")
        if can_manage
        else None,
        sources_form=SourcesForm(
            instance=synthesis,
            initial=None if synthesis.pk else services.default_sources(process),
        ),
        # Only the managers see the suggest form: no query for the readers.
        suggest_form=SuggestForm(
            initial={"by_workshop": services.workshops_have_own_subjects(synthesis)}
        )
        if can_manage
        else None,
        new_theme_form=NewThemeForm(),
        unplaced_count=services.unplaced(synthesis).count(),
        export_formats=exports.FORMATS,
    )


@login_required
@require_POST
def sources(request, process_id):
    process = get_process_for(request.user, process_id, MANAGE)
    synthesis = services.synthesis_for(process)
    form = SourcesForm(request.POST, instance=synthesis)
    if form.is_valid():
        try:
            services.set_sources(
                synthesis,
                workshops=list(form.cleaned_data["workshops"]),
                surveys=list(form.cleaned_data["surveys"]),
                include_other=form.cleaned_data["include_other"],
                include_online=form.cleaned_data["include_online"],
                actor=request.user,
            )
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("The contributions on the wall have been updated."))
    else:
        messages.error(request, _("Choose workshops and surveys of this process."))
    return redirect(_wall_url(process_id))


@login_required
@require_POST
def suggest(request, process_id):
    process = get_process_for(request.user, process_id, MANAGE)
    synthesis = services.synthesis_for(process)
    form = SuggestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ask for 1 to 40 themes, or leave the number empty."))
        return redirect(_wall_url(process_id))
    replace = form.cleaned_data["replace"]
    if replace and synthesis.themes.exists() and not form.cleaned_data["confirm"]:
        return _page(request, process, "synthesis/suggest_confirm.html", synthesis=synthesis,
                     form=form, theme_count=synthesis.themes.count(),
                     impact=impact_sentences(synthesis.themes.all(), REPLACE))  # fmt: skip
    job = jobs.start(
        tasks.KIND,
        tasks.suggest_themes,
        owner=request.user,
        workspace=process.workspace,
        args=(process.pk, form.cleaned_data["themes"], replace, form.cleaned_data["by_workshop"]),
    )
    return redirect("jobs:detail", job.pk)


@login_required
@require_POST
def place_new(request, process_id):
    process = get_process_for(request.user, process_id, MANAGE)
    count = services.place_new(services.synthesis_for(process), actor=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)s contribution added to the wall.",
            "%(count)s contributions added to the wall.",
            count,
        )
        % {"count": count},
    )
    return redirect(_wall_url(process_id))


@login_required
@require_POST
def theme_create(request, process_id):
    process = get_process_for(request.user, process_id, MANAGE)
    form = NewThemeForm(request.POST)
    if form.is_valid():
        try:
            theme = services.create_theme(
                services.synthesis_for(process), form.cleaned_data["title"], actor=request.user
            )
        except ValidationError as error:
            _error(request, error)
        else:
            return redirect(_wall_url(process_id, f"theme-{theme.pk}"))
    else:
        messages.error(request, _("Give the new theme a title."))
    return redirect(_wall_url(process_id))


@login_required
@require_POST
def theme_edit(request, process_id, theme_id):
    theme = get_theme_for(request.user, process_id, theme_id)
    form = ThemeForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        confirmed = data.pop("confirm")
        renamed = " ".join(data["title"].split()) != theme.title
        impact = impact_sentences([theme], RENAME) if renamed and not confirmed else []
        if impact:  # plan actions take up the theme: say what the new title touches first
            return _page(request, theme.synthesis.process, "synthesis/theme_rename_confirm.html",
                         theme=theme, data=data, impact=impact)  # fmt: skip
        try:
            services.update_theme(theme, actor=request.user, **data)
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("Theme %(letter)s saved.") % {"letter": theme.letter})
    else:
        messages.error(request, _("The title of a theme cannot be empty."))
    return redirect(_wall_url(process_id, f"theme-{theme.pk}"))


@login_required
def theme_merge(request, process_id, theme_id):
    """GET: the page to choose the theme to merge into (the wall links to it: a list of
    every other theme in every theme's tools grew with themes²). POST: merge."""
    theme = get_theme_for(request.user, process_id, theme_id)
    themes = list(theme.synthesis.themes.all())
    if request.method != "POST":
        form = MergeForm(themes=themes, theme=theme)
        return _page(request, theme.synthesis.process, "synthesis/theme_merge.html",
                     theme=theme, form=form)  # fmt: skip
    form = MergeForm(request.POST, themes=themes, theme=theme)
    if form.is_valid():
        target = next(t for t in themes if t.pk == form.cleaned_data["source"])
        confirmed = form.cleaned_data["confirm"]
        impact = [] if confirmed else impact_sentences([theme], MERGE, target)
        if impact:  # plan actions take up the merged theme: say what the merge touches first
            return _page(request, theme.synthesis.process, "synthesis/theme_merge_confirm.html",
                         theme=theme, target=target, impact=impact)  # fmt: skip
        try:
            services.merge_themes(target, theme, actor=request.user)
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("Themes merged into %(theme)s.") % {"theme": target})
            return redirect(_wall_url(process_id, f"theme-{target.pk}"))
    else:
        messages.error(request, _("Choose another theme of this synthesis to merge."))
    return redirect(_wall_url(process_id, f"theme-{theme.pk}"))


@login_required
def theme_split(request, process_id, theme_id):
    theme = get_theme_for(request.user, process_id, theme_id)
    board = build_wall(theme.synthesis)
    lines = next((item.lines for item in board.boxes if item.theme.pk == theme.pk), [])
    form = SplitForm(request.POST or None, lines=lines)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.split_theme(theme, form.cleaned_data["contributions"],
                                       form.cleaned_data["title"], actor=request.user)  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("New theme %(theme)s created.") % {"theme": new})
            return redirect(_wall_url(process_id, f"theme-{new.pk}"))
    return _page(request, theme.synthesis.process, "synthesis/theme_split.html",
                 theme=theme, form=form)  # fmt: skip


@login_required
@require_POST
def theme_move(request, process_id, theme_id):
    theme = get_theme_for(request.user, process_id, theme_id)
    services.move_theme(theme, -1 if request.POST.get("direction") == "up" else 1,
                        actor=request.user)  # fmt: skip
    return redirect(_wall_url(process_id, f"theme-{theme.pk}"))


@login_required
@require_POST
def theme_delete(request, process_id, theme_id):
    theme = get_theme_for(request.user, process_id, theme_id)
    try:
        services.delete_theme(theme, actor=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, _("The empty theme has been deleted."))
    return redirect(_wall_url(process_id))


@login_required
@require_http_methods(["GET", "POST"])
def contribution_move(request, process_id, contribution_id):
    """Move a line. GET is its move page, reached without JavaScript from the line's
    "Move" link; the wall's move dialog and drag and drop post here and get 204."""
    if request.method == "GET":
        placement = get_placement_for(request.user, process_id, contribution_id)
        current = str(placement.theme_id) if placement.theme_id else ASIDE
        form = MoveForm(
            themes=list(placement.synthesis.themes.all()),
            contribution_id=placement.contribution_id,
            initial={"target": current},
        )
        return _page(request, placement.synthesis.process, "synthesis/contribution_move.html",
                     placement=placement, form=form)  # fmt: skip
    process = get_process_for(request.user, process_id, MANAGE)
    synthesis = services.synthesis_for(process)
    themes = list(synthesis.themes.all())
    form = MoveForm(request.POST, themes=themes)
    is_script = request.headers.get("X-Requested-With") == "fetch"
    if not form.is_valid():
        message = _("Choose a theme of this synthesis.")
        if is_script:
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        messages.error(request, message)
        return redirect(_wall_url(process_id))
    target = form.cleaned_data["target"]
    theme = None if target == ASIDE else next(t for t in themes if str(t.pk) == target)
    try:
        services.place(synthesis, contribution_id, theme, actor=request.user)
    except ValidationError as error:
        if is_script:
            return HttpResponse(" ".join(error.messages), status=400,
                                content_type="text/plain; charset=utf-8")  # fmt: skip
        _error(request, error)
        return redirect(_wall_url(process_id))
    if is_script:
        return HttpResponse(status=204)
    return redirect(_wall_url(process_id, f"contribution-{contribution_id}"))


@login_required
def export(request, process_id):
    process = get_process_for(request.user, process_id, VIEW)
    document_format = request.GET.get("format", "md")
    if document_format not in exports.FORMATS:
        document_format = "md"
    content, content_type, extension = exports.render(services.read_synthesis(process),
                                                      document_format)  # fmt: skip
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.filename(process)}.{extension}"'
    )
    return response
