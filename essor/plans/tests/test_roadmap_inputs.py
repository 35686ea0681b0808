"""The roadmap's synthesis themes and quantitative diagnostic summary, opened by LibreOffice.

The diagnostic uses the observatory's hand-built register (its fixtures and
stock rows E1..E15); the expected figures of the process's EPCI are counted by
hand below, as the observatory tests do.
"""

import io
import zipfile

import pytest

from essor.contributions.services import set_withdrawn
from essor.observatory.diagnostic import diagnose
from essor.plans.documents import render_roadmap
from essor.plans.documents.content import Heading, Paragraph, Table, build_roadmap
from essor.plans.tests.libreoffice import convert_bytes


def section(roadmap, title: str) -> list:
    """The blocks under the level-1 heading ``title``, up to the next level-1 heading."""
    blocks = roadmap.blocks
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == title)
    end = next(
        (
            i
            for i, b in enumerate(blocks[start + 1 :], start + 1)
            if isinstance(b, Heading) and b.level == 1
        ),
        len(blocks),
    )
    return blocks[start + 1 : end]


def texts(blocks) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Heading | Paragraph)]


def test_synthesis_themes_replace_the_typed_themes(setup, themes, cast):
    setup.contributions[1].theme = "thème saisi à la main"
    setup.contributions[1].save()
    set_withdrawn(setup.contributions[1], True, actor=cast.facilitator)  # not counted any more
    blocks = section(build_roadmap(setup.plan), "Synthèse de la concertation")
    assert "Thèmes de la synthèse" in texts(blocks)
    table = next(b for b in blocks if isinstance(b, Table))
    assert table.rows == [
        ["Lettre", "Thème", "Contributions"],
        ["A", "Un lieu commun", "1"],
        ["B", "Former les élus", "0"],
    ]
    assert "L’animation a regroupé 1 contribution en 2 thèmes." in texts(blocks)
    assert "A. Un lieu commun" in texts(blocks)
    assert "Un tiers-lieu pour se croiser." in texts(blocks)
    assert "Pas de résumé rédigé." in texts(blocks)  # theme B has none
    assert not any("thème saisi" in str(b) for b in blocks)


def test_without_synthesis_the_typed_themes_stay(setup):
    setup.contributions[0].theme = "Lieux"
    setup.contributions[0].save()
    blocks = section(build_roadmap(setup.plan), "Synthèse de la concertation")
    assert "Thèmes de la synthèse" in texts(blocks)
    assert ["Lieux (1)"] in [b.items for b in blocks if hasattr(b, "items")]


def test_action_sheet_names_its_synthesis_themes(setup, themes):
    setup.actions[0].synthesis_themes.add(*themes)
    roadmap = build_roadmap(setup.plan)
    sheet = next(
        b
        for b in roadmap.blocks[roadmap.blocks.index(Heading(3, "Créer un club ESS")) :]
        if isinstance(b, Table)
    )
    assert ["Thèmes de la synthèse", "A. Un lieu commun, B. Former les élus"] in sheet.rows


def test_no_register_no_diagnostic(setup, sirene_dir):
    headings = [h.text for h in build_roadmap(setup.plan).headings()]
    assert "Synthèse du diagnostic quantitatif" not in headings


def test_diagnostic_summary_of_the_process_territory(setup, cast, imported, france):
    blocks = section(build_roadmap(setup.plan), "Synthèse du diagnostic quantitatif")
    assert texts(blocks)[0] == "CU du Grand Poitiers"
    figures, shares = [b for b in blocks if isinstance(b, Table)]
    # EPCI 200069854 = Poitiers (E1..E12) + Buxerolles (E13). ESS: E1, E2, E4..E7, E13 = 7 of
    # 12 active establishments; employers: ESS E1, E4, E5, E6, E13 = 5 of 8 (+ E8, E9, E10).
    assert figures.rows[1] == ["Établissements", "7", "12", "58,3 %"]
    assert figures.rows[2] == ["Établissements employeurs", "5", "8", "62,5 %"]
    assert figures.rows[4][:3] == ["Unités légales", "5", "10"]
    # Central jobs (perimeter.yaml): E1 band 11 13.78 + E4 band 03 7.5 + E6 band 53 12,500
    # + E13 band 01 1.5 = 12,522.78, printed as the observatory's diagnose gives it.
    assert figures.rows[3][1] == "12\xa0523"
    assert diagnose(cast.territory)["ess"]["jobs"]["central"] == 12523
    assert [row[0] for row in shares.rows[1:]] == [
        "CU du Grand Poitiers",
        "Vienne",
        "Nouvelle-Aquitaine",
        "France",
    ]
    assert shares.rows[2][1] == "58,3 %"  # Vienne: the same 7 of 12
    assert shares.rows[4][1] == "64,3 %"  # France: 9 of 14
    source = texts(blocks)[-1]
    for part in ("SIRENE", "2026-10-31", "2023", "2026.1"):
        assert part in source


@pytest.mark.parametrize("fmt", ["odt", "docx", "pdf"])
def test_libreoffice_opens_the_roadmap_with_both_sections(
    setup, themes, imported, france, tmp_path, fmt
):
    data = render_roadmap(setup.plan, fmt)
    if fmt == "pdf":
        converted = convert_bytes(
            data, fmt, tmp_path, to="odt", options=["--infilter=writer_pdf_import"]
        )
        with zipfile.ZipFile(io.BytesIO(converted)) as archive:
            text = archive.read("content.xml").decode()
    else:
        text = convert_bytes(data, fmt, tmp_path, to="txt").decode("utf-8")
    for expected in ("Synthèse du diagnostic quantitatif", "Un lieu commun", "Vienne"):
        assert expected in text, expected
