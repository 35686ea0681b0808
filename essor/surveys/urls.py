from django.urls import path

from essor.surveys import invitation_views, public, views

app_name = "surveys"

S = "<int:process_id>/enquetes/<int:survey_id>"

urlpatterns = [
    path("<int:process_id>/enquetes/", views.survey_list, name="list"),
    path("<int:process_id>/enquetes/nouvelle/", views.survey_create, name="create"),
    path(f"{S}/", views.survey_detail, name="detail"),
    path(f"{S}/modifier/", views.survey_edit, name="edit"),
    path(f"{S}/statut/", views.survey_status, name="status"),
    path(f"{S}/questions/ajouter/", views.question_add, name="question_add"),
    path(f"{S}/questions/<int:question_id>/", views.question_edit, name="question_edit"),
    path(
        f"{S}/questions/<int:question_id>/supprimer/",
        views.question_delete,
        name="question_delete",
    ),
    path(f"{S}/questions/<int:question_id>/deplacer/", views.question_move, name="question_move"),
    path(f"{S}/liens/", invitation_views.invitations, name="invitations"),
    path(f"{S}/liens.csv", invitation_views.invitations_csv, name="invitations_csv"),
    path(
        f"{S}/liens/envoi/",
        invitation_views.invitations_email,
        {"kind": "initial"},
        name="invitations_email",
    ),
    path(
        f"{S}/liens/relance/",
        invitation_views.invitations_email,
        {"kind": "reminder"},
        name="invitations_remind",
    ),
    path(
        f"{S}/liens/<int:invitation_id>/renouveler/",
        invitation_views.invitation_renew,
        name="invitation_renew",
    ),
    path(
        f"{S}/liens/<int:invitation_id>/revoquer/",
        invitation_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path(
        f"{S}/lien-public/renouveler/",
        invitation_views.public_link_renew,
        name="public_link_renew",
    ),
    path(f"{S}/resultats/", views.results, name="results"),
    path(f"{S}/export/reponses.csv", views.export, {"fmt": "csv"}, name="export_csv"),
    path(f"{S}/export/enquete.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path(f"{S}/export/resultats.csv", views.export, {"fmt": "summary.csv"}, name="export_summary"),
    path(
        f"{S}/reponses/<int:answer_id>/contribution/",
        views.answer_convert,
        name="answer_convert",
    ),
    # Respondents (no account): the public token or a personal one.
    path("enquete/<str:token>/", public.answer, name="answer"),
    path("enquete/<str:token>/merci/", public.thanks, name="thanks"),
]
