"""Background work: who follows it, how its progress and outcome are kept."""

import pytest
from django.urls import reverse
from django_tasks import task

from conftest import ROLES
from essor.core.models import AuditEntry
from essor.jobs import services
from essor.jobs.models import Job, JobStatus, register_kind

pytestmark = pytest.mark.django_db

register_kind("test.count", "Comptage d’essai")


def _count(job, progress):
    for done in range(1, 4):
        progress(done, 3, f"étape {done}")
    return services.Outcome("Trois comptés.", "/")


def _refuse(job, progress):
    progress(1, 4)
    raise services.JobFailed("Le fichier ne convient pas : colonne « siren » absente.")


def _crash(job, progress):
    raise RuntimeError("secret internal detail")


@task()
def count_task(job_id: str, how: str):
    services.run(job_id, {"count": _count, "refuse": _refuse, "crash": _crash}[how])


def _start(owner, how="count"):
    return services.start("test.count", count_task, owner=owner, args=(how,))


def test_work_runs_once_with_its_progress_and_outcome(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _start(cast.facilitator)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert (job.done, job.total, job.step) == (3, 3, "étape 3")
    assert job.outcome == "Trois comptés." and job.percent == 100
    assert job.task_result_id
    assert AuditEntry.objects.filter(verb="job.started", target_id=str(job.pk)).exists()
    # A task delivered a second time finds the job taken and does nothing.
    count_task.call(str(job.pk), "refuse")
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED


def test_a_refusal_keeps_its_french_message(cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = _start(cast.facilitator, "refuse")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert job.outcome == "Le fichier ne convient pas : colonne « siren » absente."


def test_an_unexpected_error_is_logged_not_shown(cast, django_capture_on_commit_callbacks, caplog):
    with django_capture_on_commit_callbacks(execute=True):
        job = _start(cast.facilitator, "crash")
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "secret internal detail" not in job.outcome
    assert str(job.pk) in job.outcome and "rien n’a été modifié" in job.outcome
    # The operator finds the real error in the log, under the job's reference.
    [record] = [r for r in caplog.records if r.name == "essor.jobs"]
    assert str(job.pk) in record.getMessage()
    assert str(record.exc_info[1]) == "secret internal detail"


def test_nothing_is_enqueued_when_the_request_fails(cast, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _start(cast.facilitator)
            raise RuntimeError
    assert callbacks == [] and not Job.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_only_its_owner_and_platform_admins_follow_a_job(cast, client_as, role):
    job = Job.objects.create(kind="test.count", owner=cast.facilitator, total=4, done=1)
    client = client_as(role)
    for name in ("jobs:detail", "jobs:progress"):
        response = client.get(reverse(name, args=[job.pk]))
        if role in ("admin", "facilitator"):
            assert response.status_code == 200
            assert "no-store" in response["Cache-Control"]
        elif role == "anonymous":
            assert response.status_code == 302
        else:
            assert response.status_code == 404


def test_the_page_polls_until_the_work_ends(cast, client_as):
    job = Job.objects.create(kind="test.count", owner=cast.facilitator, total=4, done=1)
    client = client_as("facilitator")
    page = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "Comptage d’essai" in page
    assert 'value="25"' in page and 'hx-trigger="every 1s"' in page
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED, outcome="Fini.")
    fragment = client.get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert "Fini." in fragment and "hx-trigger" not in fragment
    assert client.post(reverse("jobs:progress", args=[job.pk])).status_code == 405


def test_progress_written_inside_a_transaction_is_seen_before_it_commits(cast, client_as):
    """An import writes all or nothing in one transaction: its job row's progress is not
    seen by other connections until then, so the page reads it from the shared cache."""
    from django.db import transaction

    job = Job.objects.create(kind="test.count", owner=cast.facilitator, status=JobStatus.RUNNING)
    progress = services.Progress(job)
    with pytest.raises(RuntimeError), transaction.atomic():
        progress(30, 40, "Écriture de l’annuaire")
        raise RuntimeError("the import's transaction is still open (rolled back here)")
    job.refresh_from_db()
    assert (job.done, job.total) == (0, None)  # the row never got it...
    fragment = client_as("facilitator").get(reverse("jobs:progress", args=[job.pk]))
    html = fragment.content.decode()
    assert 'value="75"' in html and "Écriture de l’annuaire" in html  # ...the page did
    # Ended work shows what its row says, not the cache.
    Job.objects.filter(pk=job.pk).update(status=JobStatus.FAILED, outcome="Rien.")
    html = client_as("facilitator").get(reverse("jobs:progress", args=[job.pk])).content.decode()
    assert 'value="75"' not in html


def test_an_unknown_job_is_404(cast, client_as):
    import uuid

    response = client_as("admin").get(reverse("jobs:detail", args=[uuid.uuid4()]))
    assert response.status_code == 404


def test_work_whose_worker_died_is_failed_with_a_french_message(cast):
    from datetime import timedelta

    from django.utils import timezone

    now = timezone.now()
    silent = Job.objects.create(
        kind="test.count", owner=cast.facilitator, status=JobStatus.RUNNING,
        started_at=now - timedelta(hours=2), heartbeat_at=now - timedelta(minutes=31),
    )  # fmt: skip
    alive = Job.objects.create(
        kind="test.count", owner=cast.facilitator, status=JobStatus.RUNNING,
        started_at=now - timedelta(hours=2), heartbeat_at=now - timedelta(minutes=1),
    )  # fmt: skip
    assert services.fail_interrupted() == 1
    silent.refresh_from_db()
    alive.refresh_from_db()
    assert silent.status == JobStatus.FAILED and silent.finished_at
    assert silent.outcome.startswith("Le travail a été interrompu")
    assert alive.status == JobStatus.RUNNING
    assert services.fail_interrupted() == 0  # idempotent


def _unreachable_mail_server(settings):
    """A real SMTP backend aimed at a closed port: the server cannot be reached."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    settings.EMAIL_USE_TLS = False


def test_a_mailing_sends_each_message_with_progress_and_a_french_outcome(cast, run_jobs):
    from django.core import mail as outbox

    from essor.jobs.mail import KIND, Mail, start_mailing

    mails = [Mail(to=f"p{i}@example.org", subject="Relance\nenquête", body=f"Bonjour {i}")
             for i in range(3)]  # fmt: skip
    mails.append(Mail(to="html@example.org", subject="S", body="texte", html="<p>texte</p>",
                      reply_to="animatrice@example.org"))  # fmt: skip
    job = run_jobs(start_mailing, mails, owner=cast.facilitator, done_url="/fini/")
    job.refresh_from_db()
    assert (job.kind, job.status, job.done, job.total) == (KIND, "succeeded", 4, 4)
    assert job.outcome == "4 e-mails envoyés sur 4." and job.result_url == "/fini/"
    assert [m.to for m in outbox.outbox] == [[m.to] for m in mails]
    assert outbox.outbox[0].subject == "Relance enquête"  # a line break is flattened
    assert outbox.outbox[3].alternatives[0][0] == "<p>texte</p>"
    assert outbox.outbox[3].reply_to == ["animatrice@example.org"]


def test_a_mail_server_out_of_reach_is_counted_not_a_crash(cast, run_jobs, settings):
    from essor.core.tests.french import plain
    from essor.jobs.mail import Mail, start_mailing

    _unreachable_mail_server(settings)
    job = run_jobs(start_mailing, [Mail(to="a@example.org", subject="S", body="B")] * 2,
                   owner=cast.facilitator)  # fmt: skip
    job.refresh_from_db()
    assert job.status == "succeeded"
    assert plain(job.outcome) == (
        "0 e-mail envoyé sur 2. Le serveur de messagerie en a refusé 2 : réessayez plus tard."
    )


def test_the_download_of_a_produced_file(cast, client_as):
    from essor.jobs.files import download_url, save_file

    job = Job.objects.create(kind="test.count", owner=cast.facilitator)
    job_file = save_file(job, "bilan été.pdf", "application/pdf", b"%PDF-1.7 test")
    response = client_as("facilitator").get(download_url(job_file))
    assert response.status_code == 200 and response.content == b"%PDF-1.7 test"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''bilan")
    assert "no-store" in response["Cache-Control"]
    assert client_as("committee_member").get(download_url(job_file)).status_code == 404
