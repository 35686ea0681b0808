from django.urls import path

from essor.observatory import register_views

app_name = "sirene"
urlpatterns = [path("registre/", register_views.register_page, name="register")]
