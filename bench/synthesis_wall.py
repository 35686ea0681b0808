"""The synthesis wall with 600 contributions on screen (issue 6).

    .venv/bin/python bench/synthesis_wall.py [--count 600]

Uses a scratch SQLite database in a temporary folder (never the project's):
migrates it, creates a process, four workshops and COUNT contributions taken
from the labelled evaluation set, asks for suggested themes as a facilitator
would, then requests the wall page 10 times through Django's test client and
prints the server time per page (median and worst), the number of SQL queries
and the weight of the HTML the facilitator downloads: raw bytes, gzip bytes
(level 6, what a compressing proxy sends), and how many <option> elements and
forms the page holds (issue 13: the wall must stay under 300 KB at 600 lines).
``--themes N`` asks for N themes instead of letting Essor choose; ``--save FILE``
writes the page for a look. Then it times a move of one contribution (the POST
of its "Move to" form), the action repeated most on a wall.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=600)
    parser.add_argument("--themes", type=int, default=None, help="default: Essor chooses")
    parser.add_argument("--save", type=Path, default=None, help="write the wall's HTML there")
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="essor-bench-wall-")
    os.environ["DATABASE_URL"] = f"sqlite:///{scratch}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "essor.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from essor.accounts.models import User
    from essor.contributions.services import add_contribution
    from essor.processes.models import Membership, Process, Role
    from essor.synthesis import evaluation, services
    from essor.workshops.services import create_workshop

    user = User.objects.create_user("bench@example.org", "bench-password-1", full_name="Bench")
    from essor.workspaces.models import Workspace

    workspace = Workspace.objects.create(name="Banc d’essai", slug="banc")
    process = Process.objects.create(workspace=workspace, title="Bench synthèse")
    Membership.objects.create(process=process, user=user, role=Role.FACILITATOR)
    workshops = [
        create_workshop(process=process, title=f"Atelier {n}", questions=["Constats ?", "Idées ?"])
        for n in range(1, 5)
    ]
    rows = evaluation.load()
    for index in range(args.count):
        row = rows[index % len(rows)]
        workshop = workshops[index % 4]
        text = row.text if index < len(rows) else f"{row.text} ({index // len(rows)})"
        add_contribution(process=process, workshop=workshop, text=text,
                         question=workshop.questions.order_by("order")[index % 2])  # fmt: skip
    synthesis = services.synthesis_for(process)
    started = time.perf_counter()
    themes = services.suggest(synthesis, n_themes=args.themes, replace=True, actor=user)
    print(f"{args.count} contributions, {themes} themes suggested in "
          f"{time.perf_counter() - started:.2f} s (service, database writes included)")  # fmt: skip

    client = Client()
    client.force_login(user)
    url = reverse("synthesis:wall", args=[process.pk])
    client.get(url)
    times = []
    for _ in range(10):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
    assert response.status_code == 200
    html = response.content
    lines = html.count(b'id="contribution-')
    print(f"wall page: median {statistics.median(times) * 1000:.0f} ms, "
          f"worst {max(times) * 1000:.0f} ms, {len(queries)} SQL queries, "
          f"{lines} lines")  # fmt: skip
    packed = len(gzip.compress(html, compresslevel=6))
    print(f"wall HTML weight: {len(html):,} bytes ({len(html) / 1000:.0f} kB), "
          f"{packed:,} bytes gzipped ({packed / 1000:.0f} kB); "
          f"{html.count(b'<option')} <option>, {html.count(b'<form')} <form>")  # fmt: skip
    if args.save:
        args.save.write_bytes(html)

    placement = synthesis.placements.order_by("id").first()
    target = synthesis.themes.exclude(pk=placement.theme_id).first()
    move = reverse("synthesis:contribution_move", args=[process.pk, placement.contribution_id])
    started = time.perf_counter()
    response = client.post(move, {"target": target.pk}, headers={"X-Requested-With": "fetch"})
    milliseconds = (time.perf_counter() - started) * 1000
    print(f"move one contribution (drag and drop request): {milliseconds:.0f} ms, "
          f"status {response.status_code}")  # fmt: skip


if __name__ == "__main__":
    main()
