"""The synthesis exported as ODT, DOCX, PDF and Markdown, opened by LibreOffice."""

import io
import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from essor.synthesis import services

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture
def shaped(world, cast):
    """A synthesis after a facilitator's work: a renamed theme with a summary, a line aside."""
    synthesis = services.synthesis_for(world.process)
    services.suggest(synthesis, n_themes=3, replace=True, actor=cast.facilitator)
    first = synthesis.themes.order_by("order").first()
    summary = "Les acteurs veulent se croiser.\n\nUn tiers-lieu revient souvent."
    services.update_theme(
        first, title="Lieux & coopération", summary=summary, actor=cast.facilitator
    )
    aside = world.contributions[-1]
    services.place(synthesis, aside.pk, None, actor=cast.facilitator)
    return synthesis, first, aside


def download(client_as, process, document_format):
    url = reverse("synthesis:export", args=[process.pk]) + f"?format={document_format}"
    response = client_as("committee_member").get(url)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    return response.content


def test_markdown_has_themes_summaries_then_the_annex(client_as, world, shaped):
    synthesis, first, aside = shaped
    text = download(client_as, world.process, "md").decode("utf-8")
    assert text.startswith("# Synthèse des contributions")
    assert "### A. Lieux & coopération" in text
    assert "Les acteurs veulent se croiser." in text
    assert "### Mises de côté (hors sujet)" in text
    annex = text.index("Annexe : contributions brutes par atelier")
    assert text.index("### A. ") < annex
    for workshop in world.workshops:
        assert f"### {workshop.title}" in text[annex:]
    assert "### Enquête acteurs" in text[annex:]
    # every contribution appears twice: under its theme (or aside) and in the annex
    for contribution in world.contributions:
        first_words = contribution.text.split("\n")[0][:25].replace("*", "\\*").replace("_", "\\_")
        assert text.count(first_words.replace("#", "\\#")) >= 2, contribution.text


def test_docx_and_odt_hold_the_same_outline(client_as, world, shaped):
    import docx
    from odf import teletype
    from odf.opendocument import load
    from odf.text import H

    document = docx.Document(io.BytesIO(download(client_as, world.process, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "A. Lieux & coopération" in headings
    assert "Annexe\u00a0: contributions brutes par atelier" in headings

    odt = load(io.BytesIO(download(client_as, world.process, "odt")))
    odt_headings = [teletype.extractText(h) for h in odt.getElementsByType(H)]
    assert "A. Lieux & coopération" in odt_headings
    assert zipfile.is_zipfile(io.BytesIO(download(client_as, world.process, "odt")))


@pytest.mark.skipif(
    SOFFICE is None and not os.environ.get("CI"),
    reason="LibreOffice (soffice) is not installed; CI installs it and runs this test",
)
@pytest.mark.parametrize("document_format", ["odt", "docx", "pdf"])
def test_libreoffice_opens_the_export(client_as, world, shaped, tmp_path, document_format):
    assert SOFFICE, "soffice is required in CI"
    source = tmp_path / f"synthese.{document_format}"
    source.write_bytes(download(client_as, world.process, document_format))
    target = "txt:Text" if document_format != "pdf" else "odg"
    result = subprocess.run(  # noqa: S603 - fixed command on a file we wrote
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", target, "--outdir", str(tmp_path / "out"), str(source)],
        capture_output=True, text=True, timeout=180,
    )  # fmt: skip
    produced = list((tmp_path / "out").glob("synthese.*"))
    assert produced, result.stdout + result.stderr
    if document_format != "pdf":
        text = Path(produced[0]).read_text(encoding="utf-8", errors="replace")
        assert "Lieux & coopération" in text
        assert "Annexe" in text
    else:
        assert produced[0].stat().st_size > 1000


def test_suggest_themes_command_prints_json(world, capsys):
    call_command("suggest_themes", "--process", str(world.process.pk), "--themes", "3",
                 "--format", "json")  # fmt: skip
    data = json.loads(capsys.readouterr().out)
    assert data["process"] == world.process.pk
    assert [theme["letter"] for theme in data["themes"]] == ["A", "B", "C"]
    ids = [pk for theme in data["themes"] for pk in theme["contributions"]] + data["unsorted"]
    assert sorted(ids) == sorted(c.pk for c in world.contributions)
    assert all(theme["title"] and theme["keywords"] for theme in data["themes"])
    call_command("suggest_themes", "--process", str(world.process.pk), "--workshops",
                 str(world.workshops[0].pk))  # fmt: skip
    only = json.loads(capsys.readouterr().out)
    expected = {c.pk for c in world.contributions if c.workshop_id == world.workshops[0].pk}
    assert {pk for theme in only["themes"] for pk in theme["contributions"]} == expected
    call_command("suggest_themes", "--process", str(world.process.pk), "--by-workshop")
    apart = json.loads(capsys.readouterr().out)
    workshop_of = {c.pk: c.workshop_id for c in world.contributions}
    assert all(len({workshop_of[pk] for pk in t["contributions"]}) == 1 for t in apart["themes"])


@pytest.mark.parametrize(
    "arguments",
    [
        ["--process", "999999"],
        ["--themes", "0"],
        ["--themes", "x"],
        ["--format", "xml"],
        ["--workshops", "999999"],
        ["--workshops", "abc"],
    ],  # fmt: skip
)
def test_suggest_themes_command_bad_arguments(world, arguments):
    base = ["--process", str(world.process.pk)]
    with pytest.raises(CommandError):
        call_command(
            "suggest_themes", *(arguments if arguments[0] == "--process" else base + arguments)
        )


def test_suggest_themes_command_on_an_empty_process(cast, capsys):
    call_command("suggest_themes", "--process", str(cast.process.pk))
    data = json.loads(capsys.readouterr().out)
    assert data["contributions"] == 0 and data["themes"] == []


def test_export_intro_agrees_with_each_count(client_as, world, shaped):
    """One contribution set aside reads "1 mise de côté", not "1 mises de côté"."""
    synthesis, _first, _aside = shaped
    text = download(client_as, world.process, "md").decode("utf-8")
    themes = synthesis.themes.exclude(is_unsorted=True).count()  # "To sort" is no theme
    assert f"{themes} thèmes, " in text
    assert ", 1 mise de côté. Exporté le " in text
