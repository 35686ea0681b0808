"""The suggestion groups workshop by workshop by default when the workshops were thematic."""

import re

from django.urls import reverse

from essor.synthesis import services
from essor.workshops.services import create_workshop


def _wall_box(client, process) -> bool:
    """Whether the wall's "Group each workshop apart" box is ticked (its own tag only)."""
    page = client.get(reverse("synthesis:wall", args=[process.pk])).content.decode()
    (box,) = re.findall(r'<input[^>]*name="by_workshop"[^>]*>', page)
    return " checked" in box


def test_thematic_workshops_tick_group_each_workshop_apart(client_as, cast):
    process = cast.process
    synthesis = services.synthesis_for(process)
    assert not services.workshops_have_own_subjects(synthesis)  # no workshop
    first = create_workshop(process=process, title="Financer", questions=["Quels financements ?"])
    synthesis.workshops.add(first)
    assert not services.workshops_have_own_subjects(synthesis)  # one workshop
    second = create_workshop(
        process=process, title="Coopérer", questions=["Quelles coopérations ?", "Avec qui ?"]
    )
    synthesis.workshops.add(second)
    assert services.workshops_have_own_subjects(synthesis)
    assert _wall_box(client_as("facilitator"), process)
    # The same question asked in two places: one subject, grouped across workshops.
    third = create_workshop(process=process, title="Nord", questions=["quels financements ?"])
    synthesis.workshops.add(third)
    assert not services.workshops_have_own_subjects(synthesis)
    assert not _wall_box(client_as("facilitator"), process)
    # A workshop without questions tells nothing of its subject.
    synthesis.workshops.remove(third)
    synthesis.workshops.add(create_workshop(process=process, title="Libre", questions=[]))
    assert not services.workshops_have_own_subjects(synthesis)
