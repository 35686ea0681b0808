"""Reading CSV and XLSX files: encodings, separators, line numbers, broken files."""

import pytest

from essor.core.tests.french import plain
from essor.organisations import tabular
from essor.organisations.tabular import ImportFileError, read_csv, read_xlsx
from essor.organisations.tests.importing_helpers import xlsx_bytes


def test_semicolon_utf8_with_bom_and_line_numbers_as_in_the_file():
    data = "\ufeffRaison sociale;SIRET\r\n\r\nRecyclerie;123\r\n;\r\nÉpicerie;456\r\n".encode()
    table = read_csv(data)
    assert table.headers == ["Raison sociale", "SIRET"]
    assert table.rows == [(3, ["Recyclerie", "123"]), (5, ["Épicerie", "456"])]


@pytest.mark.parametrize("sep", [",", "\t", ";"])
def test_separators_are_sniffed(sep):
    data = sep.join(["Nom", "Code commune", "Site"]) + "\n" + sep.join(["A", "86194", "x"])
    assert read_csv(data.encode()).rows == [(2, ["A", "86194", "x"])]


def test_quoted_cells_may_hold_the_separator_and_new_lines():
    data = b'Nom;Adresse\n"Coop; Cie";"1 rue\nde la Gare"\nAutre;x\n'
    table = read_csv(data)
    assert table.rows == [(2, ["Coop; Cie", "1 rue\nde la Gare"]), (4, ["Autre", "x"])]


def test_windows_1252_is_the_fallback():
    data = "Raison sociale;Commune\nCoopérative Élan;Poitiers\n".encode("cp1252")
    assert read_csv(data).rows == [(2, ["Coopérative Élan", "Poitiers"])]


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "Le fichier est vide."),
        (b" \r\n\r\n", "Le fichier est vide."),
        (b";;\n;;\n", "Le fichier est vide."),
        (b"Raison sociale;SIRET\n", "une ligne d’en-tête mais aucune donnée"),
        (b"Nom;SIRET;siret\nA;1;2\n", "La colonne « siret » apparaît deux fois"),
        (b"Recyclerie;73282932000074\nB;1\n", "ressemble à des données (« 73282932000074 »)"),
        (b"PK\x03\x04binary", "si c’est un classeur Excel, nommez-le .xlsx"),
    ],
)
def test_unreadable_csv_files_have_a_clear_message(data, message):
    with pytest.raises(ImportFileError) as error:
        read_csv(data)
    assert message in plain(str(error.value))


def test_row_cap(monkeypatch):
    monkeypatch.setattr(tabular, "MAX_ROWS", 3)
    read_csv(b"Nom\na\nb\nc\n")
    with pytest.raises(ImportFileError) as error:
        read_csv(b"Nom\na\nb\nc\nd\n")
    assert "plus de 3 lignes" in str(error.value)


def test_xlsx_first_sheet_numbers_and_dates(tmp_path):
    import datetime as dt

    path = tmp_path / "f.xlsx"
    path.write_bytes(
        xlsx_bytes(
            [
                ["Raison sociale", "SIRET", "Code commune", "Adhésion"],
                [None, None, None, None],
                ["Recyclerie", 73282932000074, 86194.0, dt.date(2024, 5, 1)],
            ]
        )
    )
    table = read_xlsx(path)
    assert table.headers == ["Raison sociale", "SIRET", "Code commune", "Adhésion"]
    assert table.rows == [(3, ["Recyclerie", "73282932000074", "86194", "2024-05-01T00:00:00"])]


@pytest.mark.parametrize(
    "content,message",
    [
        (b"", "Le fichier est vide."),
        (b"Raison sociale;SIRET\nA;1\n", "n’est pas un classeur Excel (.xlsx) valide"),
        (b"PK\x03\x04 not really a zip", "n’est pas un classeur Excel (.xlsx) valide"),
    ],
)
def test_broken_workbooks(tmp_path, content, message):
    path = tmp_path / "f.xlsx"
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as error:
        read_xlsx(path)
    assert message in plain(str(error.value))


def test_empty_workbook(tmp_path):
    path = tmp_path / "f.xlsx"
    path.write_bytes(xlsx_bytes([]))
    with pytest.raises(ImportFileError) as error:
        read_xlsx(path)
    assert str(error.value) == "Le fichier est vide."


def test_stored_tables_are_kept_under_a_hashed_token_and_tokens_checked(db):
    from essor.core.models import PendingImport
    from essor.core.tokens import hash_token

    table = read_csv(b"Nom\nA\n")
    token = tabular.store_table(table)
    # Every application server reads it from the database; the token itself is not stored.
    stored = PendingImport.objects.get()
    assert stored.key == hash_token(token) and token not in stored.data
    assert tabular.load_table(token) == table
    assert tabular.load_table("../../etc/passwd") is None
    assert tabular.load_table(stored.key) is None  # the stored key does not open it
    tabular.discard(token)
    assert not PendingImport.objects.exists()
    assert tabular.load_table(token) is None


def test_abandoned_imports_are_removed_after_a_day(db):
    from datetime import timedelta

    from django.utils import timezone

    from essor.core import uploads
    from essor.core.models import PendingImport

    old = tabular.store_table(read_csv(b"Nom\nA\n"))
    PendingImport.objects.update(created_at=timezone.now() - timedelta(hours=25))
    recent = tabular.store_table(read_csv(b"Nom\nB\n"))
    assert tabular.load_table(old) is None  # removed when the next import was stored
    assert tabular.load_table(recent) is not None
    assert uploads.STALE_AFTER_SECONDS == 24 * 3600


@pytest.mark.parametrize(
    "sheet,shared",
    [
        (b'<row r="1"><c r="A1" t="inlineStr"><is><t>Nom</t></is></c></row><row', b"</sst>"),
        (b'<row r="1"><c r="A1" t="s"><v>0</v></c></row>', b"<si><t>Nom"),
        (b'<row r="1"><c r="A1"><v>pas un nombre</v></c></row>', b"</sst>"),
    ],
)
def test_workbooks_with_broken_xml_have_a_clear_message(tmp_path, sheet, shared):
    from essor.core.tests import bombs

    path = bombs.xlsx_with_parts(
        tmp_path / "f.xlsx",
        (bombs.SHEET_HEAD + sheet + bombs.SHEET_TAIL,),
        (bombs.SST_HEAD + shared,),
    )
    with pytest.raises(ImportFileError) as error:
        read_xlsx(path)
    assert "n’est pas un classeur Excel (.xlsx) valide" in str(error.value)
