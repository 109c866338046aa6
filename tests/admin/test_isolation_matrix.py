"""Isolation matrix: as an owner of organization B, attack organization A's rows in every admin.

The models come from `admin.site._registry`, so a model registered later is covered without
editing this test. For each one, B tries the changelist (plain, searched, filtered by A's ids),
the change, delete and history views of every A row, every action on A's rows, an add form
carrying A's foreign keys (one field at a time), the autocomplete of every relation and the
export. Expected: A's token and ids appear in no response, and the database is unchanged.
A second walk takes every URL of `admin.site.get_urls()` (the home and its counts, app pages,
import/export, history versions, every custom view a ModelAdmin adds), and the invitation
page outside the admin is tried with A's tokens.
"""

import datetime as dt

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import Client, RequestFactory
from django.urls import NoReverseMatch, reverse

from tests import factories
from tests.builders import build_tenant_rows

A, B = "zqxalpha", "zqxbravo"
PROJECT_APPS = ("people", "initiatives", "roles", "governance", "dashboards", "webhooks")
REGISTRY = sorted(admin.site._registry.items(), key=lambda kv: kv[0]._meta.label)


@pytest.fixture
def worlds(db):
    region = factories.RegionFactory(name="Shared country")
    skill = factories.SkillFactory(name="Shared skill", slug="shared-skill")
    return build_tenant_rows(A, region, skill), build_tenant_rows(B, region, skill)


@pytest.fixture
def attacker(worlds):
    client = Client()
    client.force_login(worlds[1].owner)  # before the snapshot: login writes last_login
    return client


def snapshot(attacker=None) -> dict:
    """Every row of every project model, history tables included; the audit trail of the
    attacker's own acts (an export of B's own rows is recorded) is B's, not a change to A."""
    state = {}
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS:
            rows = model._default_manager.order_by("pk")
            if model._meta.label == "people.AuditEvent" and attacker is not None:
                rows = rows.exclude(actor_id=attacker.owner.pk, organization_id=attacker.org.pk)
            state[model._meta.label] = list(rows.values())
    return state


def url(model, name, *args):
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{name}",
                       args=args)
    except NoReverseMatch:
        return None


def assert_no_leak(response, world_a, pks):
    body = response.content.decode(errors="replace")
    at = body.find(world_a.token)
    assert at < 0, f"{response.request['PATH_INFO']} shows A's rows: {body[at - 80:at + 40]!r}"
    context = response.context or {}
    if "cl" in context:
        shown = {obj.pk for obj in context["cl"].queryset}
        assert not shown & pks, f"changelist lists A's rows {shown & pks}"


def a_rows(world_a, model) -> set:
    return set(world_a.rows.get(model, set()))


def changelist_attacks(client, model, world_a, pks):
    base = url(model, "changelist")
    # Searched by the end of the token: it matches A's names, but the echo of the
    # search term in the page is not the token itself.
    queries = ["", f"?q={world_a.token[3:]}", "?all="]
    queries += [f"?{f.name}__id__exact={world_a.initiative.pk}" for f in model._meta.fields
                if f.is_relation and f.related_model._meta.model_name == "initiative"]
    for query in queries:
        response = client.get(base + query)
        assert response.status_code in (200, 302, 403)
        if response.status_code == 200:
            assert_no_leak(response, world_a, pks)


def object_view_attacks(client, model, world_a, pks):
    for pk in pks:
        for name in ("change", "delete", "history"):
            target = url(model, name, pk)
            if target is None:
                continue
            response = client.get(target)
            assert response.status_code in (403, 404), f"{target}: {response.status_code}"
        shortcut = f"/admin/r/{ContentType.objects.get_for_model(model).pk}/{pk}/"
        assert client.get(shortcut).status_code == 404, shortcut
        response = client.post(url(model, "delete", pk), {"post": "yes"})
        assert response.status_code in (403, 404)
        response = client.post(url(model, "change", pk), {"name": "taken", "title": "taken"})
        assert response.status_code in (403, 404)


def action_attacks(client, model, model_admin, world_a, world_b, pks):
    request = RequestFactory().get("/")
    request.user = world_b.owner
    for action in model_admin.get_actions(request):
        data = {"action": action, "_selected_action": [str(pk) for pk in pks], "index": "0",
                "apply": "1", "days": "30", "reason": "no", "post": "yes",
                "initiative": str(world_b.initiative.pk)}
        response = client.post(url(model, "changelist"), data)
        assert response.status_code in (200, 302, 403)
        if response.status_code == 200:
            assert_no_leak(response, world_a, pks)


def fill(field, name, world_b):
    """A value the field accepts, B's row for relations."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        first = field.queryset.first()
        return [str(first.pk)] if first else []
    if isinstance(field, forms.ModelChoiceField):
        first = field.queryset.first()
        return str(first.pk) if first else ""
    if isinstance(field, forms.BooleanField):
        return ""
    if isinstance(field, forms.EmailField):
        return "fresh@example.org"
    if isinstance(field, forms.URLField):
        return "https://example.org/"
    if isinstance(field, forms.DateField):
        return str(dt.date(2026, 2, 1))
    if isinstance(field, (forms.IntegerField, forms.DecimalField)):
        return "3"
    if isinstance(field, forms.ChoiceField):
        return str([v for v, _ in field.choices if v][0])
    if isinstance(field, forms.FileField):
        return ""
    return f"{world_b.token}{name}new"


def add_attacks(client, model, world_a, world_b):
    add = url(model, "add")
    response = client.get(add)
    if response.status_code == 403:
        return
    assert response.status_code == 200
    assert_no_leak(response, world_a, set())
    form = response.context["adminform"].form
    data = {name: fill(f, name, world_b) for name, f in form.fields.items()}
    for inline in response.context["inline_admin_formsets"]:
        prefix = inline.formset.prefix
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    for name, f in form.fields.items():
        if not isinstance(f, forms.ModelChoiceField):
            continue
        theirs = sorted(world_a.rows.get(f.queryset.model, set()))
        assert not f.queryset.filter(pk__in=theirs).exists(), f"{name} offers A's rows"
        if not theirs:
            continue
        attack = dict(data)
        attack[name] = [str(theirs[0])] if isinstance(f, forms.ModelMultipleChoiceField) \
            else str(theirs[0])
        before = model._default_manager.count()
        response = client.post(add, attack)
        assert response.status_code in (200, 403), f"{add} {name}: {response.status_code}"
        assert model._default_manager.count() == before
        if response.status_code == 200:
            assert name in response.context["adminform"].form.errors


def autocomplete_attacks(client, model, world_a):
    for f in model._meta.get_fields():
        if not (f.is_relation and f.concrete and f.related_model in admin.site._registry):
            continue
        response = client.get(reverse("admin:autocomplete"), {
            "app_label": model._meta.app_label, "model_name": model._meta.model_name,
            "field_name": f.name, "term": ""})
        assert response.status_code in (200, 403, 404)
        if response.status_code == 200:
            ids = {int(r["id"]) for r in response.json()["results"] if r["id"].isdigit()}
            assert not ids & a_rows(world_a, f.related_model), f"autocomplete {f.name} leaks"
            assert world_a.token not in response.content.decode()


def export_attacks(client, model, world_a, pks):
    export = url(model, "export")
    if export is None:
        return
    response = client.get(export)
    if response.status_code == 403:
        return
    form = response.context["form"]
    data = {"format": "0", "resource": "0"}
    data.update({n: "on" for n, f in form.fields.items() if isinstance(f, forms.BooleanField)})
    response = client.post(export, data)
    assert response.status_code == 200
    assert world_a.token not in response.content.decode(errors="replace")
    assert f"{world_a.token}-init" not in response.content.decode(errors="replace")


def attack(client, model, model_admin, world_a, world_b):
    pks = a_rows(world_a, model)
    before = snapshot(world_b)
    changelist_attacks(client, model, world_a, pks)
    object_view_attacks(client, model, world_a, pks)
    action_attacks(client, model, model_admin, world_a, world_b, pks)
    add_attacks(client, model, world_a, world_b)
    autocomplete_attacks(client, model, world_a)
    export_attacks(client, model, world_a, pks)
    assert snapshot(world_b) == before, "B changed the database"


def test_orchestrator_of_b_can_neither_see_nor_change_a_rows_in_any_admin(worlds, attacker):
    """One world for all models (building it is the slow part); each model reported apart."""
    world_a, world_b = worlds
    failures = []
    for model, model_admin in REGISTRY:
        try:
            attack(attacker, model, model_admin, world_a, world_b)
        except AssertionError as exc:
            failures.append(f"{model._meta.label}: {str(exc).splitlines()[0]}")
    assert len(REGISTRY) > 15  # the registry really was discovered
    assert not failures, "\n".join(failures)


def test_the_matrix_covers_every_tenant_model_with_rows(worlds):
    """Guard: the world really has A rows of the tenant models the matrix attacks."""
    world_a, _ = worlds
    tenant_models = {m for m, ma in REGISTRY
                     if hasattr(ma, "tenant_lookup") or m._meta.app_label == "governance"}
    missing = {m._meta.label for m in tenant_models if not world_a.rows.get(m)}
    assert not missing, f"build_tenant_rows makes no rows of {missing}: extend tests/builders.py"


def test_b_sees_its_own_rows_where_a_is_hidden(worlds, attacker):
    """The positive control: the same pages show B's rows, so the checks above can fail."""
    _, world_b = worlds
    for model, ma in REGISTRY:
        if not hasattr(ma, "tenant_lookup") or not world_b.rows.get(model):
            continue
        response = attacker.get(url(model, "changelist"))
        assert response.status_code == 200, model._meta.label
        shown = {obj.pk for obj in response.context["cl"].queryset}
        assert shown & world_b.rows[model], f"{model._meta.label}: B does not see its rows"


# --- every URL of the admin site, not only the registered ModelAdmins' usual views ---------

def admin_routes() -> list[tuple[str, str | None, object]]:
    """(route, name, model or None) of every pattern `admin.site.get_urls()` holds, includes
    flattened: the site's own views (home, app pages, autocomplete…), every ModelAdmin's
    views and the custom ones they add (import, export, history versions…)."""
    from django.urls import URLResolver

    by_prefix = {f"{m._meta.app_label}/{m._meta.model_name}/": m for m in admin.site._registry}
    routes = []

    def walk(patterns, prefix, model):
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                walk(p.url_patterns, route, by_prefix.get(str(p.pattern), model))
            else:
                routes.append((route, p.name, model))

    walk(admin.site.get_urls(), "", None)
    return routes


def _fill(route: str, model, pk) -> str:
    path = route.replace("<path:object_id>", str(pk)).replace("<int:object_id>", str(pk))
    path = path.replace("<str:verdict>", "accept")  # the proposals' accept/decline pages
    if "<str:version_id>" in path or "<int:version_id>" in path or "<version_id>" in path:
        history = getattr(model, "history", None)
        version = (history.filter(id=pk).values_list("history_id", flat=True).first()
                   if history is not None else None) or 1
        for token in ("<str:version_id>", "<int:version_id>", "<version_id>"):
            path = path.replace(token, str(version))
    return "/admin/" + path.lstrip("^").rstrip("$")


def test_every_admin_url_as_b_shows_nothing_of_a(worlds, attacker):
    """Walks admin.site.get_urls(): pages about one of A's rows answer 403/404; every other
    page (the home with its counts, app pages, import/export forms…) answers without A's
    token. A URL pattern with a parameter this walk cannot fill fails, so a new custom view
    is attacked as soon as it is added."""
    world_a, _ = worlds
    before = snapshot()
    routes, visited, failures = admin_routes(), 0, []
    for route, name, model in routes:
        if "(?P<url>" in route:  # the catch-all: any unknown admin path
            targets = ["/admin/zqx-no-such-page/"]
        elif "(?P<app_label>" in route:
            targets = [f"/admin/{app}/" for app in PROJECT_APPS]
        elif "object_id" in route:
            pks = sorted(a_rows(world_a, model))[:2] if model is not None else []
            targets = [_fill(route, model, pk) for pk in pks]
        else:
            targets = ["/admin/" + route]
        if any("<" in t or "(?P" in t for t in targets):
            failures.append(f"{route}: a parameter the walk cannot fill; attack this view")
            continue
        for target in targets:
            visited += 1
            response = attacker.get(target)
            if response.status_code == 302 and route.endswith("<path:object_id>/"):
                # Django's old-style URL redirects to the change view whether the row
                # exists or not (it tells nothing); the change view must refuse.
                response = attacker.get(response["Location"])
            status = response.status_code
            if "object_id" in route and status not in (403, 404):
                failures.append(f"{target} ({name}): {status} for A's row")
            elif status >= 500:
                failures.append(f"{target} ({name}): {status}")
            elif status == 200 and world_a.token in response.content.decode(errors="replace"):
                failures.append(f"{target} ({name}) shows A's rows")
    assert visited > 100 and len(routes) > 100  # the walk really found the site's URLs
    assert not failures, "\n".join(failures)
    assert snapshot() == before


def test_the_invitation_page_is_only_for_the_invited_person(worlds, attacker):
    world_a, world_b = worlds
    from people.models import Invitation

    for invitation in Invitation.objects.filter(organization=world_a.org):
        page = f"/invitations/{invitation.token}/"
        assert attacker.get(page).status_code == 404
        assert attacker.post(page, {"answer": "accept"}).status_code == 404
        assert Invitation.objects.get(pk=invitation.pk).status == "pending"
