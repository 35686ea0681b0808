from django.urls import path

from essor.workspaces import views

app_name = "workspaces"
urlpatterns = [
    path("", views.workspace_list, name="list"),
    path("<slug:slug>/membres/", views.members, name="members"),
    path("<slug:slug>/membres/<int:member_id>/role/", views.member_role, name="member_role"),
    path("<slug:slug>/licence/", views.data_licence, name="data_licence"),
    path("<slug:slug>/membres/<int:member_id>/retirer/", views.member_remove, name="member_remove"),
]
