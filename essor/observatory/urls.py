from django.urls import path

from essor.observatory import views

app_name = "observatory"

BASE = "<int:process_id>/observatoire"

urlpatterns = [
    path(f"{BASE}/", views.observatory, name="page"),
    path(f"{BASE}/diagnostic.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path(f"{BASE}/diagnostic.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path(f"{BASE}/structures/", views.organisations, name="organisations"),
    path(f"{BASE}/structures/ajouter/", views.add_to_directory, name="add_to_directory"),
    path(f"{BASE}/fiche/", views.sheet_view, name="sheet"),
    path(f"{BASE}/fiche.pdf", views.public_sheet, {"fmt": "pdf"}, name="sheet_pdf"),
    path(f"{BASE}/fiche.odt", views.public_sheet, {"fmt": "odt"}, name="sheet_odt"),
]
