import io
from dataclasses import dataclass

import pytest

from essor.contributions.models import ContributionKind, ContributionSource
from essor.contributions.services import add_contribution


@dataclass
class Board:
    process: object
    workshop: object
    needs: object  # guiding questions
    ideas: object
    organisation: object
    contributions: list


@pytest.fixture
def board(cast):
    """A workshop of the cast's process with two questions and three contributions, one voted."""
    from essor.organisations.models import Organisation, OrganisationKind
    from essor.participation.models import Participant, Vote
    from essor.workshops.services import create_workshop

    workshop = create_workshop(
        process=cast.process,
        title="Atelier diagnostic",
        questions=["Quels besoins sur le territoire ?", "Quelles pistes d'action ?"],
    )
    needs, ideas = workshop.questions.order_by("order")
    organisation = Organisation.objects.create(
        workspace=cast.workspace, name="Régie de quartier", kind=OrganisationKind.ESS
    )
    cast.process.organisations.add(organisation)
    first = add_contribution(
        process=cast.process,
        workshop=workshop,
        question=needs,
        text="Un local partagé pour les associations",
        kind=ContributionKind.NEED,
        source=ContributionSource.CAPTURE,
        author_organisation=organisation,
    )
    second = add_contribution(
        process=cast.process,
        workshop=workshop,
        question=ideas,
        text="Créer une monnaie locale",
        theme="Économie circulaire",
    )
    third = add_contribution(process=cast.process, text="Idée ajoutée à la main, sans atelier")
    for points in (2, 3):
        participant = Participant.objects.create(workshop=workshop)
        Vote.objects.create(contribution=second, participant=participant, points=points)
    return Board(cast.process, workshop, needs, ideas, organisation, [first, second, third])


def docx_bytes(blocks) -> bytes:
    """A real .docx: blocks are ("heading", text), ("bullet", text) or ("para", text)."""
    import docx

    document = docx.Document()
    for kind, text in blocks:
        if kind == "heading":
            document.add_heading(text, level=1)
        elif kind == "bullet":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_bytes(blocks) -> bytes:
    """A real .odt built with odfpy; same blocks as ``docx_bytes``."""
    from odf.opendocument import OpenDocumentText
    from odf.text import H, List, ListItem, P

    document = OpenDocumentText()
    for kind, text in blocks:
        if kind == "heading":
            document.text.addElement(H(outlinelevel=1, text=text))
        elif kind == "bullet":
            items = List()
            item = ListItem()
            item.addElement(P(text=text))
            items.addElement(item)
            document.text.addElement(items)
        else:
            document.text.addElement(P(text=text))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()
