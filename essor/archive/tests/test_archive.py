"""Whole-process archives: round trip of the demo processes, and every bad archive refused."""

import io
import json
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from essor.archive import spec
from essor.archive.export import export_process
from essor.archive.importer import ArchiveError, import_process, plan_import, read_archive
from essor.contributions.models import Contribution
from essor.decisions.models import Decision
from essor.plans.models import Submission
from essor.plans.tests.conftest import setup  # noqa: F401 - a small plan, faster than the demo
from essor.processes.models import Process
from essor.synthesis.models import Placement
from essor.workspaces.models import Workspace

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_territories", stdout=StringIO())
    call_command("load_method_templates", stdout=StringIO())
    call_command("load_demo", stdout=StringIO())
    return list(Process.objects.order_by("pk"))


def _export(process) -> bytes:
    buffer = io.BytesIO()
    export_process(process, buffer)
    return buffer.getvalue()


def _content(archive: bytes) -> dict[str, bytes]:
    """Every member but the ones dated at export (manifest, README)."""
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        return {n: zf.read(n) for n in zf.namelist() if n not in {"manifeste.json", "LISEZMOI.md"}}


def _remove(process) -> None:
    """Delete a process and what protects its rows (as an empty database would be)."""
    Placement.objects.filter(synthesis__process=process).delete()
    Submission.objects.filter(plan__process=process).delete()
    Decision.objects.filter(body__process=process).delete()
    Contribution.objects.filter(process=process).delete()
    process.delete()


def _every_kind_of_object(process) -> None:
    """What the demo does not make: an invitation, attachments (bytes), funding received, a
    follow-up comment, publication and portal settings."""
    from essor.followup.models import (
        FollowupComment,
        FollowupSettings,
        FundingReceipt,
        ProgressReport,
        ReportAttachment,
    )
    from essor.organisations.models import Person
    from essor.plans.models import Attachment
    from essor.portal.models import PortalSettings
    from essor.surveys.models import Invitation, Survey

    plan = process.plans.filter(status="validated").order_by("pk").first()
    action = plan.actions.order_by("pk").first()
    survey = Survey.objects.filter(process__workspace=process.workspace).first()
    person = Person.objects.filter(workspace=process.workspace).order_by("pk").first()
    Invitation.objects.create(survey=survey, person=person)
    pdf = b"%PDF-1.4 justificatif\x00\xff"
    document = {"content_type": "application/pdf", "size": len(pdf), "content": pdf}
    Attachment.objects.create(action=action, title="Convention", filename="a.pdf", **document)
    report = ProgressReport.objects.filter(action=action).order_by("pk").first()
    ReportAttachment.objects.create(report=report, title="Photo", filename="b.pdf", **document)
    FundingReceipt.objects.create(process=process, lineage=action.lineage, action=action,
                                  funder="Région", amount="12500.50", year=2025)  # fmt: skip
    FollowupComment.objects.create(process=process, lineage=action.lineage, action=action,
                                   text="Bien avancé.")  # fmt: skip
    FollowupSettings.objects.create(plan=plan, budgets_public=True)
    # A time under a millisecond past the second: JSON must keep its microseconds.
    type(action).objects.filter(pk=action.pk).update(
        created_at=action.created_at.replace(microsecond=412)
    )
    PortalSettings.objects.create(process=process, show_themes=True)
    # Sent online and merged into an earlier contribution, with its commune and moderator.
    from essor.contributions import online
    from essor.territories.models import Territory

    sent = online.submit(process, text="Déjà dit en atelier", kind="need")
    commune = Territory.objects.filter(kind="commune").order_by("code").first()
    Contribution.objects.filter(pk=sent.pk).update(commune=commune)
    facilitator = process.memberships.filter(role="facilitator").first().user
    earlier = online.submit(process, text="Un besoin de locaux", kind="need")
    online.accept(earlier, actor=facilitator)
    online.merge(sent, into=earlier, actor=facilitator)


def test_exporting_importing_and_exporting_again_gives_the_same_content(demo):
    assert len(demo) == 3
    followed = next(p for p in demo if "suivi" in p.title)
    _every_kind_of_object(followed)
    seen = set()
    for process in demo:
        first = _export(process)
        workspace = process.workspace
        _remove(process)
        imported, plan = import_process(read_archive(io.BytesIO(first)), workspace)
        assert imported.pk != process.pk and imported.title == process.title
        second = _content(_export(imported))
        first_content = _content(first)
        assert sorted(second) == sorted(first_content)
        for name, body in first_content.items():
            assert second[name] == body, name
        assert plan.renewed == []  # the original is gone: meeting identifiers are kept
        seen |= {entity for entity, count in plan.counts.items() if count}
        seen |= {"organisations.person", "organisations.organisation"} & set(
            first_content_names(first)
        )
    assert seen == {spec.entity_name(label) for label, _lookup in spec.ENTITIES}


def first_content_names(archive: bytes) -> set[str]:
    """Entities with rows in an archive (people and organisations may all be matched)."""
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        return {
            n.removeprefix("donnees/").removesuffix(".json")
            for n in zf.namelist()
            if n.startswith("donnees/") and json.loads(zf.read(n))
        }


def test_an_archive_holds_no_secret_and_no_database_id(demo):
    followed = next(p for p in demo if "suivi" in p.title)
    members = _content(_export(followed))
    text = b"".join(members.values()).decode("utf-8", "replace")
    for secret in ("token_hash", "password", "browser_key", "address_key", "public_token"):
        assert secret not in text
    actions = json.loads(members["donnees/plans.action.json"])
    assert actions and all(a["id"].startswith("plans.action/") for a in actions)
    assert all(a["plan"].startswith("plans.plan/") for a in actions)
    values = json.loads(members["donnees/followup.indicatorvalue.json"])
    assert values and all(v["indicator"].startswith("plans.indicator/") for v in values)


def test_a_dry_run_says_what_would_be_created_and_matched_and_writes_nothing(demo):
    process = demo[0]
    other = Workspace.objects.exclude(pk=process.workspace_id).first()
    archive = read_archive(io.BytesIO(_export(process)))
    before = Process.objects.count()
    plan = plan_import(archive, process.workspace)
    assert plan.counts["processes.process"] == 1
    assert plan.counts["organisations.person"] == 0  # every person found by e-mail
    assert plan.people_matched
    assert any(r.startswith("meetings.meeting.uid") for r in plan.renewed)
    elsewhere = plan_import(archive, other)
    assert elsewhere.counts["organisations.person"] > 0 and not elsewhere.people_matched
    assert Process.objects.count() == before
    out = StringIO()
    path = _write_tmp(_export(process))
    call_command("import_process", path, "--workspace", other.slug, "--dry-run", stdout=out)
    assert (
        "rien n’a été écrit" in out.getvalue().lower()
        or "nothing was written" in out.getvalue().lower()
    )
    assert Process.objects.count() == before


_TMP = []


def _write_tmp(body: bytes) -> str:
    import tempfile

    handle = tempfile.NamedTemporaryFile(suffix=".zip", delete=False)
    handle.write(body)
    handle.close()
    _TMP.append(handle.name)
    return handle.name


def _rewrite(archive: bytes, change) -> bytes:
    """A copy of ``archive`` with ``change(members)`` applied (members: name -> bytes)."""
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        members = {n: zf.read(n) for n in zf.namelist()}
    change(members)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return out.getvalue()


def _resign(members):
    """Recompute the manifest's digests, as someone forging an archive would."""
    import hashlib

    manifest = json.loads(members["manifeste.json"])
    manifest["sha256"] = {
        n: hashlib.sha256(b).hexdigest() for n, b in members.items() if n != "manifeste.json"
    }
    members["manifeste.json"] = json.dumps(manifest).encode()


def _manifest(members, **changes):
    manifest = json.loads(members["manifeste.json"])
    manifest.update(changes)
    members["manifeste.json"] = json.dumps(manifest).encode()


def _rows(members, entity, change):
    name = f"donnees/{entity}.json"
    rows = json.loads(members[name])
    change(rows)
    members[name] = json.dumps(rows).encode()
    _resign(members)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda m: m.update({"donnees/plans.action.json": b"[]"}), "a été modifié"),
        (lambda m: m.pop("donnees/plans.axis.json"), "est incomplète"),
        (lambda m: _manifest(m, migrations={"plans": "9999_from_the_future"}), "plus récente"),
        (lambda m: _manifest(m, format="autre"), "n’est pas une archive"),
        (lambda m: _rows(m, "plans.action", lambda r: r.append(dict(r[0]))), "identifiant"),
        (
            lambda m: _rows(m, "plans.action", lambda r: r[0].update(plan="plans.plan/99")),
            "n’est pas dans l’archive",
        ),
        (
            lambda m: _rows(
                m, "processes.process", lambda r: r[0].update(territories=["epci:000000000"])
            ),
            "territoire",
        ),
        (
            lambda m: _rows(m, "plans.action", lambda r: r[0].update(created_at="hier")),
            "created_at",
        ),
        (lambda m: _rows(m, "plans.action", lambda r: r[0].update(colour="rouge")), "inconnu"),
    ],
)
def test_a_bad_archive_is_refused_with_a_french_message_and_nothing_written(
    setup,  # noqa: F811
    change,
    message,
):
    process = setup.process
    bad = _rewrite(_export(process), change)
    before = {m: m.objects.count() for m in (Process, Contribution)}
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_process",
            _write_tmp(bad),
            "--workspace",
            process.workspace.slug,
            stdout=StringIO(),
        )
    assert message in str(refused.value)
    assert {m: m.objects.count() for m in before} == before


def test_not_a_zip_and_a_bomb_are_refused(db):
    with pytest.raises(ArchiveError, match="ZIP"):
        read_archive(io.BytesIO(b"not a zip at all"))
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("manifeste.json", b"{}")
        zf.writestr("donnees/plans.action.json", b" " * (130 * 1024 * 1024))
    with pytest.raises(ArchiveError, match="surcharger|gonfle|parties|dépasse|démesur"):
        read_archive(io.BytesIO(bomb.getvalue()))


def test_the_commands_export_and_import_a_process(demo, tmp_path):
    process = demo[1]
    path = tmp_path / "demarche.zip"
    out = StringIO()
    call_command("export_process", "--process", str(process.pk), "--output", str(path), stdout=out)
    assert path.stat().st_size > 0 and "lignes" in out.getvalue()
    target = Workspace.objects.create(name="Autre espace", slug="autre-espace")
    out = StringIO()
    call_command("import_process", str(path), "--workspace", "autre-espace", stdout=out)
    copy = Process.objects.get(workspace=target)
    assert copy.title == process.title
    assert copy.plans.count() == process.plans.count()
    with pytest.raises(CommandError, match="Aucune démarche"):
        call_command("export_process", "--process", "99999", "--output", str(path))
    with pytest.raises(CommandError, match="Aucun espace"):
        call_command("import_process", str(path), "--workspace", "inconnu")
