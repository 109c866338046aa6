"""languages. Accept-Language is honoured, <html lang> follows, the anonymous page cache
keeps languages apart, and the main pages (home, /roles/, the collectives list, a collective's
dashboard, report, indicators and governance pages, /me/ and its tabs, the log form) carry no
English text in Hindi."""

import re
from html.parser import HTMLParser

import pytest
from django.core.cache import caches
from django.utils import translation

from crowddo.errors import AlreadyHeld, Invalid
from initiatives.models import Collective
from people.services import profiles as profile_services
from roles import services as roles_services
from roles.models import Role
from tests import factories
from tests.builders import person, staff

# Data and names, not interface text: what a Hindi page may still show in Latin letters.
ALLOWED = {"CrowdDo", "English", "Español", "Português (Brasil)", "h", "SDG", "×",
           "JPEG", "PNG", "WebP", "MB", "https"}  # file formats, a unit, a URL scheme
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
SDG_NAME = re.compile(r"^SDG \d+: .*$")  # the UN's goal names: reference data, in English


class TextNodes(HTMLParser):
    SKIP = {"script", "style", "title"}

    def __init__(self):
        super().__init__()
        self.nodes, self.stack = [], []

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        if data.strip() and not (self.SKIP & set(self.stack)):
            self.nodes.append(data.strip())


def english_nodes(page: str, data: set[str]) -> list[str]:
    parser = TextNodes()
    parser.feed(page)
    found = []
    for node in parser.nodes:
        rest = SDG_NAME.sub(" ", node)
        for allowed in sorted(ALLOWED | data, key=len, reverse=True):
            rest = rest.replace(allowed, " ")
        if LATIN_WORD.search(rest):
            found.append(node)
    return found


@pytest.fixture(autouse=True)
def english_afterwards():
    """A request in Hindi leaves Hindi active on the thread: later tests expect English."""
    yield
    translation.activate("en")


@pytest.fixture
def world(db):
    org = factories.OrganizationFactory(name="जल संगठन")
    collective = factories.CollectiveFactory(name="हर स्कूल", slug="har-school", summary="एक लक्ष्य।",
                                             coordinator=org, goal_label="सुधार")
    initiative = factories.InitiativeFactory(organization=org, collective=collective,
                                             slug="kuen", name="स्वच्छ कुएँ", summary="हर कुआँ।",
                                             goal_label="कुएँ")
    role = factories.RoleFactory(pk=501, initiative=initiative, title="कुआँ परीक्षक",
                                 responsibility="हर महीने कुएँ जाँचें।",
                                 success_looks_like="हर कुआँ जाँचा गया।")
    role.skills.add(factories.SkillFactory(name="जाँच"))
    return {org.name, collective.name, initiative.name}


@pytest.mark.parametrize("url", ["/", "/roles/", "/roles/?max_hours=3", "/collectives/",
                                 "/roles/501/", "/no-such-page/"])
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "volunteer"])
def test_public_pages_in_hindi_have_no_english_text(client, world, url, signed_in):
    if signed_in:
        client.force_login(person(8, display_name="रवि"))
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    assert '<html lang="hi">' in page
    assert english_nodes(page, world) == [], english_nodes(page, world)


def test_roles_in_portuguese_with_html_lang(client, world):
    page = client.get("/roles/", HTTP_ACCEPT_LANGUAGE="pt-BR,pt;q=0.9").content.decode()
    assert '<html lang="pt-br">' in page
    assert "Encontre um papel de microliderança" in page and "1 papel aberto" in page


def test_spanish_too(client, world):
    page = client.get("/roles/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es">' in page and "Encuentre un rol de microliderazgo" in page


def test_the_page_cache_keeps_languages_apart(client, world, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60
    caches["shared"].clear()
    assert "Find a micro-leadership role" in client.get("/roles/").content.decode()
    assert "Encontre um papel" in client.get(
        "/roles/", HTTP_ACCEPT_LANGUAGE="pt-BR").content.decode()
    caches["shared"].clear()


def test_the_switcher_sets_the_language(client, world):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/roles/"})
    assert response.status_code == 302 and response["Location"] == "/roles/"
    assert '<html lang="es">' in client.get("/roles/").content.decode()


@pytest.mark.parametrize("tab", ["roles", "verify", "proposals"])
def test_my_workspace_in_hindi_has_no_english_text(client, world, tab):
    client.force_login(person(8, display_name="रवि"))
    page = client.get(f"/me/?tab={tab}", HTTP_ACCEPT_LANGUAGE="hi").content.decode()
    assert english_nodes(page, world) == [], english_nodes(page, world)


COLLECTIVE_PAGES = ["/collectives/har-school/", "/collectives/har-school/charter/",
                    "/collectives/har-school/coverage/", "/collectives/har-school/stories/",
                    "/collectives/har-school/indicators/", "/collectives/har-school/report/"]


@pytest.mark.parametrize("url", COLLECTIVE_PAGES)
@pytest.mark.parametrize("signed_in", [False, True], ids=["visitor", "volunteer"])
def test_collective_and_governance_pages_in_hindi_have_no_english_text(client, world, url,
                                                                       signed_in):
    if signed_in:
        client.force_login(person(8, display_name="रवि"))
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="hi")
    page = response.content.decode()
    assert response.status_code == 200 and '<html lang="hi">' in page
    assert english_nodes(page, world) == [], english_nodes(page, world)


def test_accountability_page_in_hindi_for_a_member(client, world):
    coordinator = Collective.objects.get(slug="har-school").coordinator
    client.force_login(staff(coordinator, display_name="सीता"))
    response = client.get("/collectives/har-school/accountability/", HTTP_ACCEPT_LANGUAGE="hi")
    page = response.content.decode()
    assert response.status_code == 200
    assert english_nodes(page, world) == [], english_nodes(page, world)


def test_numbers_tab_and_log_form_in_hindi_have_no_english_text(client, world):
    volunteer = person(8, display_name="रवि")
    claim = roles_services.claim_role(role=Role.objects.get(pk=501), volunteer=volunteer)
    client.force_login(volunteer)
    for url in ("/me/?tab=numbers", f"/me/claims/{claim.pk}/log/"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="hi")
        page = response.content.decode()
        assert response.status_code == 200, url
        assert english_nodes(page, world) == [], (url, english_nodes(page, world))


def test_service_errors_follow_the_active_language(world):
    volunteer = person(8, display_name="रवि")
    role = Role.objects.get(pk=501)
    roles_services.claim_role(role=role, volunteer=volunteer)
    with translation.override("hi"), pytest.raises(AlreadyHeld) as held:
        roles_services.claim_role(role=role, volunteer=volunteer)
    assert held.value.message == "आप यह भूमिका पहले से निभा रहे हैं।"
    with translation.override("es"), pytest.raises(Invalid) as capacity:
        profile_services.profile_update(user=volunteer, display_name="Ravi", show_in_reports=True,
                                        bio="", weekly_capacity_hours=999, skills=[], regions=[])
    assert capacity.value.message.startswith("La capacidad semanal debe estar entre 1 y ")
    with translation.override("en"), pytest.raises(AlreadyHeld) as english:  # wording kept
        roles_services.claim_role(role=role, volunteer=volunteer)
    assert english.value.message == "You already hold this role."
