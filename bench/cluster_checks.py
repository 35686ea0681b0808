"""The three short checks of bench/cluster.py, run through nginx before the workshop:
an import whose steps land on two servers, a background job followed until done,
and a login rate limit counted across both servers (shared Redis)."""

from __future__ import annotations

import re
import time
import uuid

from cluster_client import Phone

PIN_A, PIN_B = {"X-Bench-Server": "a"}, {"X-Bench-Server": "b"}
IMPORT_ROWS = 40


def _multipart(fields: dict, filename: str, content: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        f"Content-Type: text/csv\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def _server(headers) -> str:
    return headers.get("X-Upstream", "?")


def import_across_servers(admin: Phone, workspace_id: int) -> list[str]:
    """Upload and mapping on server A, confirmation on server B; [] when it worked."""
    from essor.organisations.models import Organisation

    problems = []
    token = admin.form_token("import", "/organisations/import/", PIN_A)
    csv = "Nom;Site web\n" + "".join(
        f"Association du banc n° {n};https://banc-{n}.example.org\n" for n in range(IMPORT_ROWS)
    )
    body, content_type = _multipart({"csrfmiddlewaretoken": token}, "annuaire.csv", csv.encode())
    status, _html, headers = admin.request(
        "import",
        "POST",
        "/organisations/import/",
        body,
        {**PIN_A, "Content-Type": content_type},
        retry=False,
    )
    upload_server = _server(headers)
    if status != 302:
        return [f"upload answered {status}"]
    token = admin.form_token("import", "/organisations/import/colonnes/", PIN_A)
    status, _html, _headers = admin.request(
        "import",
        "POST",
        "/organisations/import/colonnes/",
        {"csrfmiddlewaretoken": token, "col_0": "name", "col_1": "website"},
        PIN_A,
        retry=False,
    )
    if status != 302:
        problems.append(f"mapping answered {status}")
    status, html, headers = admin.request(
        "import", "GET", "/organisations/import/confirmation/", headers=PIN_B
    )
    confirm_server = _server(headers)
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if status != 200 or not match:
        return [*problems, f"confirmation page on server B answered {status}"]
    status, _html, headers = admin.request(
        "import",
        "POST",
        "/organisations/import/confirmation/",
        {"csrfmiddlewaretoken": match.group(1), "workspace": workspace_id, "process": ""},
        PIN_B,
        retry=False,
    )
    if status != 302:
        problems.append(f"confirmation answered {status}")
    elif "/taches/" in headers.get("Location", ""):  # the import runs in the worker
        _follow(admin, headers["Location"])
    imported = Organisation.objects.filter(name__startswith="Association du banc").count()
    if imported != IMPORT_ROWS:
        problems.append(f"{imported} organisations imported, {IMPORT_ROWS} expected")
    if upload_server == confirm_server:
        problems.append(f"both steps were served by {upload_server}")
    print(
        f"  import: upload on {upload_server}, confirmation on {confirm_server}; "
        f"{imported}/{IMPORT_ROWS} organisations imported"
    )
    return problems


def job_with_progress(admin: Phone, inbox, establishments: int) -> list[str]:
    """A SIRENE import started by a platform admin, run by the worker, its page polled
    until done."""
    from essor.observatory.generator import generate

    files = generate(inbox, establishments=establishments, formats=("csv",))["csv"]
    token = admin.form_token("job", "/observatoire/registre/")
    status, _html, headers = admin.request(
        "job",
        "POST",
        "/observatoire/registre/",
        {
            "csrfmiddlewaretoken": token,
            "legal_units": files.legal_units.name,
            "establishments": files.establishments.name,
            "max_bad_lines": "0",
        },
        retry=False,
    )
    location = headers.get("Location", "")
    if status != 302 or "/taches/" not in location:
        return [f"starting the job answered {status}"]
    job, html = _follow(admin, location)
    return [] if job.status == "succeeded" and "hx-get" not in html else [f"job {job.status}"]


def roadmap_pdf_job(admin: Phone, plan) -> list[str]:
    """The roadmap PDF made by the worker: started on one server, its progress polled
    through nginx, the file downloaded from whichever server answers."""
    page = f"/demarches/{plan.process_id}/plan/{plan.pk}/"
    token = admin.form_token("job", page)
    status, _html, headers = admin.request(
        "job", "POST", f"{page}export/pdf/", {"csrfmiddlewaretoken": token}, retry=False
    )
    location = headers.get("Location", "")
    if status != 302 or "/taches/" not in location:
        return [f"starting the roadmap PDF answered {status}"]
    job, _html = _follow(admin, location)
    files = list(job.files.all())
    if job.status != "succeeded" or not files:
        return [f"roadmap PDF job {job.status}"]
    status, body, _headers = admin.request(
        "job", "GET", f"/taches/{job.pk}/fichier/{files[0].pk}/", raw=True
    )
    if status != 200 or not body.startswith(b"%PDF"):
        return [f"downloading the roadmap PDF answered {status}"]
    print(f"  roadmap PDF: {len(body):,} bytes downloaded".replace(",", "\u202f"))
    return []


def _follow(admin: Phone, location: str):
    """Polls the job's progress fragment (as the page's htmx does) until it stops."""
    from essor.jobs.models import Job

    progress_url = location.rstrip("/") + "/avancement/"
    started, seen, polls, html = time.monotonic(), [], 0, ""
    while time.monotonic() - started < 300:
        status, html, _headers = admin.request("job", "GET", progress_url)
        polls += 1
        percent = re.search(r'<progress id="job-bar" max="100" value="(\d+)"', html)
        if percent and (not seen or seen[-1] != int(percent.group(1))):
            seen.append(int(percent.group(1)))
        if status != 200 or "hx-get" not in html:  # the bar stops polling once finished
            break
        time.sleep(1)  # as the page's htmx does
    job = Job.objects.get(pk=location.rstrip("/").rsplit("/", 1)[1])
    print(
        f"  job ({job.kind}): {job.status} after {time.monotonic() - started:.1f} s and "
        f"{polls} polls; progress seen {seen} %; {job.outcome[:90]}"
    )
    return job, html


def login_limit_across_servers(phone: Phone, email: str, max_failures: int) -> list[str]:
    """Wrong passwords sent alternately to server A and B: the limit counts both."""
    answers = []
    for attempt in range(max_failures + 1):
        pin = PIN_A if attempt % 2 == 0 else PIN_B
        token = phone.form_token("login", "/comptes/connexion/", pin)
        status, _html, headers = phone.request(
            "login",
            "POST",
            "/comptes/connexion/",
            {"csrfmiddlewaretoken": token, "username": email, "password": f"wrong-{attempt}"},
            pin,
            retry=False,
        )
        answers.append((status, _server(headers)))
    print(f"  login limit ({max_failures} failures): answers {answers}")
    statuses = [status for status, _server_ in answers]
    if statuses[:max_failures] != [200] * max_failures or statuses[-1] != 429:
        return [f"login answers {statuses}: the 429 should come after {max_failures} failures"]
    return []
