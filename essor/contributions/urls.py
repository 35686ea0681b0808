from django.urls import path

from essor.contributions import import_views, online_views, views

app_name = "contributions"
urlpatterns = [
    path("<int:process_id>/contributions/", views.contribution_list, name="list"),
    path("<int:process_id>/contributions/proposer/", online_views.submit, name="submit"),
    path("<int:process_id>/contributions/moderation/", online_views.moderation, name="moderation"),
    path(
        "<int:process_id>/contributions/<int:contribution_id>/moderer/",
        online_views.moderate,
        name="moderate",
    ),
    path("<int:process_id>/contributions/export/", views.contribution_export, name="export"),
    path("<int:process_id>/contributions/import/", import_views.import_notes, name="import_notes"),
    path(
        "<int:process_id>/contributions/import/relecture/",
        import_views.import_review,
        name="import_review",
    ),
    path(
        "<int:process_id>/contributions/<int:contribution_id>/modifier/",
        views.contribution_edit,
        name="edit",
    ),
    path(
        "<int:process_id>/contributions/<int:contribution_id>/retirer/",
        views.contribution_withdraw,
        name="withdraw",
    ),
    path(
        "<int:process_id>/contributions/<int:contribution_id>/retablir/",
        views.contribution_restore,
        name="restore",
    ),
]
