"""Benchmark: a plan of 300 actions with 10 indicators each and a full history (issue 4).

Builds the plan in a scratch database (SQLite in a temporary folder unless
DATABASE_URL names one whose name contains "bench"), then measures, in
process, the server time and SQL query count of the plan overview for 30,
100 and 300 actions (the count must not grow), and the time to generate the
roadmap as ODT, DOCX and PDF and the CSV/XLSX exports.

    .venv/bin/python bench/plans.py [--actions 300] [--indicators 10] [--edits 3] [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=300)
    parser.add_argument("--indicators", type=int, default=10)
    parser.add_argument("--edits", type=int, default=3, help="edits per action (history)")
    parser.add_argument("--repeat", type=int, default=5, help="requests per measure")
    return parser.parse_args()


def setup_django(tmp: str) -> None:
    url = os.environ.get("DATABASE_URL", "")
    if url and "bench" not in url.rsplit("/", 1)[-1]:
        sys.exit("DATABASE_URL must name a scratch database whose name contains 'bench'.")
    if not url:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "essor.settings")
    os.environ.setdefault("ESSOR_DEBUG", "false")  # timings without the debug machinery
    os.environ.setdefault("ESSOR_SECRET_KEY", "bench-only-" + "x" * 40)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import override_settings
    from django.test.utils import setup_test_environment

    setup_test_environment()  # lets the test client's "testserver" host in
    # Production settings want collected, hashed static files; plain URLs are enough here.
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(STORAGES={**settings.STORAGES, "staticfiles": plain}).enable()
    call_command("migrate", verbosity=0)
    if url:  # a scratch PostgreSQL database: start empty
        call_command("flush", interactive=False, verbosity=0)


def build(actions: int, indicators: int, edits: int):
    from essor.accounts.models import User
    from essor.bodies.models import Body, BodyKind
    from essor.organisations.models import Organisation, OrganisationKind
    from essor.plans import services
    from essor.plans.models import Axis
    from essor.plans.services import ActionData
    from essor.processes.models import Membership, Process, Role

    user = User.objects.create_user("bench@example.org", "bench-password-1", full_name="Bench")
    from essor.workspaces.models import Workspace

    ws = Workspace.objects.create(name="Banc d’essai", slug="banc")
    process = Process.objects.create(
        workspace=ws, title="Bench", ambition="<p>Ambition du plan</p>"
    )
    Membership.objects.create(process=process, user=user, role=Role.FACILITATOR)
    Body.objects.create(process=process, kind=BodyKind.STEERING, name="COPIL")
    orgs = [Organisation.objects.create(workspace=ws, name=f"Structure {i}", kind="ess")
            for i in range(20)]  # fmt: skip
    departments = [
        Organisation.objects.create(
            workspace=ws, name=f"Direction {i}", kind=OrganisationKind.DEPARTMENT
        )
        for i in range(8)
    ]
    process.organisations.add(*orgs, *departments)
    plan = services.create_plan(process=process, name="Plan de 300 actions", actor=user)
    axes = []
    for number in range(1, 6):
        axis = services.save_axis(Axis(plan=plan, number=str(number), title=f"Axe {number}",
                                       vision="Vision de l'axe"), actor=user)  # fmt: skip
        axes.append(axis)
        for sub in range(1, 3):
            axes.append(services.save_axis(
                Axis(plan=plan, parent=axis, number=f"{number}.{sub}", title=f"Sous-axe {sub}"),
                actor=user,
            ))  # fmt: skip
    levers = list(process.plan_levers.all())
    started = time.perf_counter()
    for index in range(actions):
        action = services.create_action(
            plan=plan,
            data=ActionData(
                fields={
                    "title": f"Action {index + 1}",
                    "axis": axes[index % len(axes)],
                    "status": "retained" if index % 7 else "not_retained",
                    "status_reason": "" if index % 7 else "Hors compétence",
                    "description": "Description de l'action. " * 8,
                    "objectives": "Objectifs. " * 5,
                    "start_date": dt.date(2027, 1 + index % 12, 1),
                    "end_date": dt.date(2029, 12, 31),
                    "pilot_organisations": [orgs[index % 20]],
                    "partners": orgs[(index + 1) % 20 : (index + 1) % 20 + 2],
                    "departments": departments[index % 8 : index % 8 + 2],
                    "levers": levers[index % 10 : index % 10 + 2],
                    "themes": ["emploi", "coopération"],
                },
                children={
                    "indicators": [
                        {
                            "name": f"Indicateur {i}",
                            "unit": "nombre",
                            "baseline": i,
                            "target": 10 * i,
                            "target_year": 2030,
                        }
                        for i in range(indicators)
                    ],  # fmt: skip
                    "budget_lines": [
                        {"year": year, "nature": "operating", "planned": 1000 * year % 7}
                        for year in (2027, 2028, 2029)
                    ],
                    "fundings": [{"funder": "Région", "amount": 5000}],
                    "milestones": [{"date": dt.date(2027, 6, 1), "label": "Lancement"}],
                },
            ),
            actor=user,
        )
        for edit in range(edits):
            services.update_action(
                action,
                ActionData(fields={"description": f"Version {edit} de la description"}),
                expected_version=action.version,
                actor=user,
            )
    return user, plan, time.perf_counter() - started


def measure_overview(user, plan, repeat: int) -> tuple[float, float, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    url = reverse("plans:detail", args=[plan.process_id, plan.pk])
    client.get(url, secure=True)  # warm up templates and caches (HTTPS: production settings)
    times = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url, secure=True)
            times.append(time.perf_counter() - started)
        if response.status_code != 200:
            sys.exit(f"The overview answered {response.status_code}.")
    return statistics.median(times), max(times), len(queries.captured_queries)


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from essor.plans import exports
        from essor.plans.documents import render_roadmap
        from essor.plans.models import Action, ActionChange, Indicator, Plan

        print(f"Database: {os.environ['DATABASE_URL'].split('@')[-1]}")
        user, plan, build_time = build(args.actions, args.indicators, args.edits)
        print(f"Built {plan.actions.count()} actions, {Indicator.objects.count()} indicators, "
              f"{ActionChange.objects.count()} history rows in {build_time:.1f} s")  # fmt: skip
        print("\nOverview (server time in process, median of "
              f"{args.repeat} requests; SQL queries per request)")  # fmt: skip
        ids = list(plan.actions.order_by("id").values_list("id", flat=True))
        for size in sorted({30, 100, args.actions}):
            if size > len(ids):
                continue
            # Keep the first ``size`` actions: move the others to a scratch plan meanwhile.
            scratch = Plan.objects.create(process=plan.process, name="scratch")
            Action.objects.filter(pk__in=ids[size:]).update(plan=scratch)
            median, worst, queries = measure_overview(user, plan, args.repeat)
            Action.objects.filter(plan=scratch).update(plan=plan)
            scratch.delete()
            print(f"  {size:4d} actions: {median * 1000:7.1f} ms median, "
                  f"{worst * 1000:7.1f} ms max, {queries} queries")  # fmt: skip
        print("\nExports of the full plan")
        for fmt in ("odt", "docx", "pdf"):
            started = time.perf_counter()
            data = render_roadmap(plan, fmt)
            print(f"  {fmt.upper():4s}: {time.perf_counter() - started:6.2f} s, "
                  f"{len(data) / 1024:8.0f} KiB")  # fmt: skip
        for fmt in ("csv", "xlsx"):
            started = time.perf_counter()
            rows = exports.action_rows(plan)
            data = exports.csv_bytes(rows) if fmt == "csv" else exports.xlsx_bytes(rows, "Plan")
            print(f"  {fmt.upper():4s}: {time.perf_counter() - started:6.2f} s, "
                  f"{len(data) / 1024:8.0f} KiB")  # fmt: skip


if __name__ == "__main__":
    main()
