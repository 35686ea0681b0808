from django.urls import path

from essor.territories import views

app_name = "territories"
urlpatterns = [
    path("", views.territory_search, name="search"),
    path("suggestions/", views.territory_suggest, name="suggest"),
    path("<slug:kind>/<str:code>/", views.territory_detail, name="detail"),
]
