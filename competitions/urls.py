from django.urls import path

from competitions.views import judging, public, site

app_name = "competitions"

urlpatterns = [
    path("competitions/", site.competition_list, name="list"),
    path("competitions/<int:pk>/", site.competition_detail, name="detail"),
    path("competitions/<int:pk>/register/", site.register, name="register"),
    path("competitions/<int:pk>/results/", public.results, name="results"),
    path("competitions/<int:pk>/gallery/", public.gallery, name="gallery"),
    path("competitions/mine/", site.my_entries, name="mine"),
    path("competitions/entries/<int:pk>/", site.entry_detail, name="entry"),
    path("competitions/entries/<int:pk>/withdraw/", site.withdraw, name="withdraw"),
    path("competitions/judging/", judging.judging_home, name="judging-home"),
    path("competitions/judging/<int:pk>/", judging.judging, name="judging"),
    path(
        "competitions/judging/<int:pk>/entries/<int:entry_pk>/",
        judging.score_sheet,
        name="score-sheet",
    ),
    path("competitions/judging/<int:pk>/chief/", judging.chief, name="chief"),
    path(
        "competitions/judging/<int:pk>/chief/summary/",
        judging.chief_summary,
        name="chief-summary",
    ),
]
