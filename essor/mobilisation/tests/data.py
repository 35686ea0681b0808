"""A process with four meetings and people of every kind, in two communes (and none)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone


def make_mobilisation(cast) -> SimpleNamespace:
    from essor.bodies.models import Body, BodyKind, BodyMember
    from essor.meetings.models import Attendance, Meeting, MeetingKind
    from essor.organisations.models import Organisation, Person
    from essor.territories.models import Territory, TerritoryKind

    process = cast.process
    poitiers = Territory.objects.get(code="86194")
    buxerolles = Territory.objects.create(
        kind=TerritoryKind.COMMUNE, code="86041", name="Buxerolles",
        epci=cast.territory, population=10000,
    )  # fmt: skip

    def org(name, kind, family="not_ess", commune=None):
        organisation = Organisation.objects.create(
            workspace=cast.workspace, name=name, kind=kind, ess_family=family, commune=commune
        )
        process.organisations.add(organisation)
        return organisation

    orgs = SimpleNamespace(
        asso=org("Recyclerie du Clain", "ess", "association", poitiers),
        coop=org("Scop Bâtisseurs", "ess", "cooperative", buxerolles),
        mutual=org("Mutuelle du Poitou", "ess", "mutual", poitiers),
        foundation=org("Fondation Solidaire", "ess", "foundation"),
        company=org("ESUS Repair", "ess", "ess_company", buxerolles),
        other=org("Structure ESS sans famille", "ess"),
        department=org("Direction de l'économie", "department", commune=poitiers),
        public=org("France Travail", "public_body", commune=poitiers),
        business=org("Garage Dupont", "business", commune=buxerolles),
        network=org("CCI de la Vienne", "network", commune=poitiers),
        citizens=org("Collectif d'habitants", "citizens"),
        never=org("Association jamais venue", "ess", "association", poitiers),
    )

    def person(first, organisation=None, role=""):
        return Person.objects.create(
            workspace=cast.workspace,
            first_name=first,
            last_name="Test",
            organisation=organisation,
            role_title=role,
        )

    people = SimpleNamespace(
        asso=person("Anne", orgs.asso),
        pres_asso=person("Paula", orgs.asso, "Présidente"),
        coop=person("Claire", orgs.coop),
        mutual=person("Marc", orgs.mutual),
        found=person("Fanny", orgs.foundation),
        company=person("Chloé", orgs.company),
        dept=person("Denis", orgs.department, "Directeur adjoint"),
        elected=person("Élise", orgs.department, "Vice-présidente à l'ESS"),
        maire=person("Mathieu", None, "Adjoint au maire"),
        body_elected=person("Bruno", orgs.business),
        business=person("Bernard", orgs.business),
        cci=person("Cécile", orgs.network),
        citizen=person("Céline"),
    )
    cotech = Body.objects.create(process=process, kind=BodyKind.TECHNICAL, name="COTECH")
    BodyMember.objects.create(body=cotech, person=people.body_elected, role="Élu référent")

    now = timezone.now()

    def meeting(title, days, kind=MeetingKind.WORKSHOP):
        return Meeting.objects.create(
            process=process, kind=kind, title=title, starts_at=now + dt.timedelta(days=days)
        )

    m1 = meeting("Atelier 1", -60)
    m2 = meeting("Atelier 2", -30)
    m3 = meeting("COTECH n°1", -10, MeetingKind.BODY_MEETING)
    m4 = meeting("Atelier 3", 10)
    meeting("Période de rédaction", 20, MeetingKind.WRITING)  # no attendance list

    def attend(m, p, status="expected", response="none", invited=False):
        Attendance.objects.create(
            meeting=m, person=p, status=status, response=response,
            invited_at=now - dt.timedelta(days=90) if invited else None,
        )  # fmt: skip

    attend(m1, people.asso, "present", "yes", invited=True)
    attend(m1, people.coop, "present", "yes", invited=True)
    attend(m1, people.dept, "present")
    attend(m1, people.elected, "absent")
    attend(m1, people.business, "excused", "no", invited=True)
    attend(m1, people.citizen, "present")
    attend(m2, people.asso, "present")
    attend(m2, people.mutual, "present")
    attend(m2, people.maire, "present")
    attend(m2, people.cci, "absent")
    attend(m2, people.found)
    attend(m3, people.body_elected)
    attend(m3, people.pres_asso)
    attend(m4, people.company, response="yes", invited=True)
    return SimpleNamespace(
        process=process, orgs=orgs, people=people, m1=m1, m2=m2, m3=m3, m4=m4,
        poitiers=poitiers, buxerolles=buxerolles,
    )  # fmt: skip
