"""Building import files in the tests (real CSV bytes, real XLSX workbooks)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from essor.organisations import tabular
from essor.organisations.import_views import SESSION_KEY


def csv_file(rows: list[list[str]], *, name="annuaire.csv", sep=";", encoding="utf-8"):
    text = "\r\n".join(sep.join(row) for row in rows) + "\r\n"
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def xlsx_bytes(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def xlsx_file(rows: list[list], *, name="annuaire.xlsx"):
    return SimpleUploadedFile(name, xlsx_bytes(rows))


def put_upload_in_session(client, upload, mapping: dict[int, str] | None = None) -> str:
    """Store a file as the upload step would, without going through it."""
    token = tabular.store_table(tabular.read_upload(upload))
    session = client.session
    session[SESSION_KEY] = {"token": token, "filename": upload.name}
    if mapping is not None:
        session[SESSION_KEY]["mapping"] = {str(k): v for k, v in mapping.items()}
    session.save()
    return token
