"""crowddo.api.filters.FilterBackend builds no FilterSet for a request that names no filter,
and that changes no list: every API FilterSet leaves the rows as they are on empty data."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import EmptyResultSet
from django.urls import get_resolver, resolve, reverse
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from crowddo.api.filters import FilterBackend
from crowddo.api.views import _list_routes
from roles.filters import RoleFilterSet
from tests import factories


def _filtered_list_views():
    for route, name in _list_routes(get_resolver().url_patterns):
        if route.startswith("api/v1/"):
            cls = getattr(resolve(reverse(name)).func, "cls", None)
            if cls is None or not hasattr(cls, "get_queryset"):
                continue
            # filterset_class or filterset_fields: whatever django-filter would build
            view = cls(request=_request(), action="list", kwargs={}, format_kwarg=None)
            if FilterBackend().get_filterset_class(view, view.get_queryset()) is not None:
                yield cls


def _request(path="/"):
    request = Request(APIRequestFactory().get(path))
    request.user, request.auth = AnonymousUser(), None
    return request


@pytest.mark.django_db
def test_no_filter_param_leaves_every_api_list_as_django_filter_would():
    views = list(_filtered_list_views())
    assert len(views) >= 5
    assert any(getattr(cls, "filterset_fields", None) for cls in views)
    for cls in views:
        view = cls(request=_request(), action="list", kwargs={}, format_kwarg=None)
        queryset = view.get_queryset()
        if _sql(queryset) == "EMPTY":  # a private list read anonymously: take every row
            queryset = queryset.model._default_manager.all()
        ours = FilterBackend().filter_queryset(view.request, queryset, view)
        theirs = DjangoFilterBackend().filter_queryset(view.request, queryset, view)
        assert _sql(ours) == _sql(theirs), cls.__name__


def _sql(queryset) -> str:
    try:
        return str(queryset.query)
    except EmptyResultSet:  # an anonymous reader's .none(): compare that both are empty
        return "EMPTY"


def test_a_request_naming_no_filter_builds_no_filterset(api, db, monkeypatch):
    built = []
    original = RoleFilterSet.__init__

    def spy(self, *args, **kwargs):
        built.append(kwargs.get("data"))
        original(self, *args, **kwargs)

    monkeypatch.setattr(RoleFilterSet, "__init__", spy)
    factories.RoleFactory(capability="visioning")
    factories.RoleFactory(capability="sensemaking")
    assert len(api.get("/api/v1/roles/?page_size=10").json()["results"]) == 2
    assert built == []
    response = api.get("/api/v1/roles/?capability=visioning")
    assert [r["capability"] for r in response.json()["results"]] == ["visioning"]
    assert len(built) == 1
    bad = api.get("/api/v1/roles/?max_hours=many")
    assert bad.status_code == 400 and "max_hours" in bad.content.decode(), bad.content
