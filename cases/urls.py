from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("hudong/", views.ChannelsView.as_view(), name="index"),
    path("hudong/chaxun/", views.LookupView.as_view(), name="lookup"),
    path("hudong/shoudao/<str:token>/", views.ReceivedView.as_view(), name="received"),
    path("hudong/zhengji/", views.ConsultationsView.as_view(), name="consultations"),
    path("hudong/zhengji/<int:pk>/", views.ConsultationView.as_view(), name="consultation"),
    path("hudong/<slug:slug>/", views.ChannelView.as_view(), name="channel"),
    path("hudong/<slug:slug>/xiexin/", views.WriteView.as_view(), name="write"),
    path("hudong/<slug:slug>/<str:number>/", views.LetterView.as_view(), name="letter"),
]
