from django.urls import path, re_path

from essor.meetings import invitation_views, views

app_name = "meetings"
P = "<int:process_id>/calendrier/"
M = P + "<int:meeting_id>/"
urlpatterns = [
    path(P, views.meeting_list, name="list"),
    path(P + "frise/", views.timeline, name="timeline"),
    path(P + "nouvelle/", views.meeting_create, name="create"),
    path(P + "abonnement/", views.subscribe, name="subscribe"),
    path(P + "abonnement/regenerer/", views.regenerate_token, name="regenerate_token"),
    path(P + "abonnement/revoquer/", views.revoke_token, name="revoke_token"),
    path(
        P + "abonnement/mon-lien/regenerer/",
        views.regenerate_person_token,
        name="regenerate_person_token",
    ),
    path(
        P + "abonnement/mon-lien/revoquer/",
        views.revoke_person_token,
        name="revoke_person_token",
    ),
    re_path(
        r"^(?P<process_id>[0-9]+)/calendrier/ical/(?P<token>[A-Za-z0-9_-]+)\.ics$",
        views.ical_process,
        name="ical_process",
    ),
    # The personal feed spans every process of the person: no process id.
    re_path(
        r"^ical/personne/(?P<token>[A-Za-z0-9_-]+)\.ics$",
        views.ical_person,
        name="ical_person",
    ),
    path(M, views.meeting_detail, name="detail"),
    path(M + "modifier/", views.meeting_edit, name="edit"),
    path(M + "supprimer/", views.meeting_delete, name="delete"),
    path(M + "presences/", views.attendance_save, name="attendance"),
    path(M + "presences/ajouter/", views.attendance_add, name="attendance_add"),
    path(M + "presences/retirer/", views.attendance_remove, name="attendance_remove"),
    path(M + "inviter/", invitation_views.invite, name="invite"),
    path(M + "inviter/revoquer/", invitation_views.invitation_revoke, name="invitation_revoke"),
    path(M + "emargement.pdf", invitation_views.attendance_sheet, name="attendance_sheet"),
    path(M + "presences.csv", invitation_views.attendance_export, name="attendance_export"),
    # The answer link of an invitation: the secret token is the only key (no account).
    path("invitation/<str:token>/", invitation_views.rsvp, name="rsvp"),
]
