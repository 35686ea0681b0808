"""Benchmark: a reporting campaign's e-mails to 300 pilots (issue 10: under 10 s).

Builds an adopted plan of N actions, each piloted by its own person of the directory
(and every tenth one also by an organisation with two contact people), in a scratch
database (SQLite in a temporary folder unless DATABASE_URL names one whose name contains
"bench"), then measures: opening the campaign (one link per pilot), preparing and sending
every e-mail to Django's in-memory backend (what the background work does), and the
campaign page (server time and SQL queries, which must not grow with the size).

    .venv/bin/python bench/followup_campaign.py [--pilots 300] [--repeat 3]
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

from followup import bench_process, measure  # noqa: E402  (bench/followup.py: server time and queries)
from plans import setup_django  # noqa: E402  (bench/plans.py: the same scratch database)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pilots", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    return parser.parse_args()


def build(size: int, process, user):
    from django.utils import timezone

    from essor.organisations.models import Organisation, Person
    from essor.plans.models import Action, Plan

    plan = Plan.objects.create(
        process=process, name=f"Plan de {size} actions", status="validated",
        frozen_at=timezone.now(), council_vote_date=dt.date(2024, 6, 20),
        council_vote_result="adopted", mandate_start=2024, mandate_end=2030,
    )  # fmt: skip
    actions = Action.objects.bulk_create(
        Action(plan=plan, order=i, title=f"Action {i + 1}", status="retained") for i in range(size)
    )
    ws = process.workspace_id
    people = Person.objects.bulk_create(
        Person(workspace_id=ws, first_name="Pilote", last_name=f"{plan.pk}-{i}",
               email=f"pilote{i}@plan{plan.pk}.example")
        for i in range(size)
    )  # fmt: skip
    Action.pilot_people.through.objects.bulk_create(
        Action.pilot_people.through(action_id=a.pk, person_id=p.pk)
        for a, p in zip(actions, people, strict=True)
    )
    for i in range(0, size, 10):
        org = Organisation.objects.create(workspace_id=ws, name=f"Asso {plan.pk}-{i}", kind="ess")
        Person.objects.bulk_create(
            Person(workspace_id=ws, last_name=f"Contact {k}", organisation=org,
                   email=f"contact{k}-{i}@plan{plan.pk}.example")
            for k in range(2)
        )  # fmt: skip
        actions[i].pilot_organisations.add(org)
    return plan


def main():
    args = parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        setup_django(tmp)
        from django.core import mail
        from django.test import Client
        from django.urls import reverse

        from essor.followup import campaigns
        from essor.followup.campaign_mail import INITIAL, send_links

        print(f"Database: {os.environ['DATABASE_URL'].split('@')[-1]}")
        user, process = bench_process()
        client = Client()
        client.force_login(user)
        deadline = dt.date.today() + dt.timedelta(days=30)
        for size in sorted({30, args.pilots}):
            plan = build(size, process, user)
            opening, sending = [], []
            for _ in range(args.repeat):
                for open_one in plan.campaigns.open():
                    campaigns.close_campaign(open_one, user)
                started = time.perf_counter()
                campaign = campaigns.open_campaign(
                    plan, year=2025, deadline=deadline, actor=user, message="Merci !"
                )
                opening.append(time.perf_counter() - started)
                mail.outbox = []
                started = time.perf_counter()
                sent = send_links(campaign.links.all(), INITIAL, mark="sent_at")
                sending.append(time.perf_counter() - started)
            print(f"\n{size} actions, {campaign.links.count()} pilots, {sent} e-mails "
                  f"({len(mail.outbox)} in the outbox), median of {args.repeat}")  # fmt: skip
            print(f"  open the campaign    : {statistics.median(opening) * 1000:7.1f} ms")
            print(f"  prepare and send all : {statistics.median(sending) * 1000:7.1f} ms")
            url = reverse("followup:campaign", args=[process.pk, plan.pk, campaign.pk])
            median, worst, cpu, queries = measure(client, url, args.repeat)
            print(f"  campaign page        : {median * 1000:7.1f} ms median, "
                  f"{worst * 1000:7.1f} ms max, {queries} queries")  # fmt: skip


if __name__ == "__main__":
    main()
