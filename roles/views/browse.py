"""/roles/: open roles the visitor may see, through the role list's one FilterSet."""

from __future__ import annotations

from django.shortcuts import render

from crowddo.paging import BoundedPaginator
from roles import selectors

PER_PAGE = 12


def role_list(request):
    filters = selectors.role_list(request.user, request.GET)
    page = BoundedPaginator(filters.qs, PER_PAGE).get_page(request.GET.get("page"))
    template = "roles/list.html#results" if request.htmx else "roles/list.html"
    return render(request, template, {"form": filters.form, "filters": filters, "page": page})
