from django.urls import path

from essor.mobilisation import views

app_name = "mobilisation"
urlpatterns = [
    path("<int:process_id>/mobilisation/", views.dashboard, name="dashboard"),
    path("<int:process_id>/mobilisation/chiffres.csv", views.export, name="export"),
]
