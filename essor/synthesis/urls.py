from django.urls import path

from essor.synthesis import views

app_name = "synthesis"
urlpatterns = [
    path("<int:process_id>/synthese/", views.wall, name="wall"),
    path("<int:process_id>/synthese/sources/", views.sources, name="sources"),
    path("<int:process_id>/synthese/suggerer/", views.suggest, name="suggest"),
    path("<int:process_id>/synthese/placer/", views.place_new, name="place_new"),
    path("<int:process_id>/synthese/export/", views.export, name="export"),
    path("<int:process_id>/synthese/themes/nouveau/", views.theme_create, name="theme_create"),
    path("<int:process_id>/synthese/themes/<int:theme_id>/", views.theme_edit, name="theme_edit"),
    path(
        "<int:process_id>/synthese/themes/<int:theme_id>/fusionner/",
        views.theme_merge,
        name="theme_merge",
    ),
    path(
        "<int:process_id>/synthese/themes/<int:theme_id>/scinder/",
        views.theme_split,
        name="theme_split",
    ),
    path(
        "<int:process_id>/synthese/themes/<int:theme_id>/deplacer/",
        views.theme_move,
        name="theme_move",
    ),
    path(
        "<int:process_id>/synthese/themes/<int:theme_id>/supprimer/",
        views.theme_delete,
        name="theme_delete",
    ),
    path(
        "<int:process_id>/synthese/contributions/<int:contribution_id>/deplacer/",
        views.contribution_move,
        name="contribution_move",
    ),
]
