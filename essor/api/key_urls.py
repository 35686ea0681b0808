from django.urls import path

from essor.api import key_views

app_name = "api_keys"
urlpatterns = [
    path("<slug:slug>/cles-api/", key_views.api_keys, name="list"),
    path("<slug:slug>/cles-api/<int:key_id>/revoquer/", key_views.revoke_api_key, name="revoke"),
]
