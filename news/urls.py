from django.urls import path

from . import views

app_name = "news"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("news/", views.ArticleListView.as_view(), name="list"),
    path("news/column/<slug:slug>/", views.ColumnArticleListView.as_view(), name="column"),
    path("news/<int:pk>/", views.ArticleDetailView.as_view(), name="detail"),
    path("news/<int:pk>/preview/", views.ArticlePreviewView.as_view(), name="preview"),
]
