from django.urls import path, register_converter

from dashboards import views


class FormatConverter:
    regex = "svg|csv"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FormatConverter, "chartfmt")

urlpatterns = [
    path("", views.home, name="home"),
    path("collectives/", views.collective_list, name="collective_list"),
    path("collectives/<slug:slug>/", views.collective_dashboard, name="collective"),
    path("collectives/<slug:slug>/report/", views.collective_report, name="collective_report"),
    path("collectives/<slug:slug>/indicators/", views.collective_indicators,
         name="collective_indicators"),
    path("collectives/<slug:slug>/charts/<slug:name>.<chartfmt:fmt>", views.collective_chart,
         name="collective_chart"),
    path("organizations/<slug:slug>/dashboard/", views.organization_dashboard,
         name="organization_dashboard"),
    path("organizations/<slug:slug>/dashboard/charts/<slug:name>.<chartfmt:fmt>",
         views.organization_chart, name="organization_chart"),
]
