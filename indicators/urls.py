from django.urls import path

from indicators import views

app_name = "indicators"
urlpatterns = [
    path("indicators/", views.indicator_list, name="list"),
    path("indicators/preview/<int:pk>/", views.preview, name="preview"),
    path("indicators/<slug:code>/", views.detail, name="detail"),
    # The only addresses other sites may frame (views.embed).
    path("embed/indicators/<slug:code>/", views.embed, name="embed"),
    path("action-plan/<slug:slug>/", views.action_plan, name="action-plan"),
]
