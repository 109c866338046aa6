"""The admin in Hindi: app, model and field names are translated (the index, an app's page,
changelists with their column headers and breadcrumbs, change forms, the decide page), and no
English text node is left beyond data (names, the signed-in e-mail) and "UTC"."""

import pytest
from django.utils import translation

from roles.models import InitiativeProposal
from roles.services.initiative_proposals import initiative_proposal_submit
from tests import factories
from tests.builders import person, staff
from tests.site.test_languages import english_nodes

EMAIL = "sita@example.org"


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    translation.activate("en")


@pytest.fixture
def hindi_admin(client, db):
    org = factories.OrganizationFactory(name="जल संगठन")
    initiative = factories.InitiativeFactory(organization=org, name="स्वच्छ कुएँ", slug="kuen")
    role = factories.RoleFactory(initiative=initiative, title="कुआँ परीक्षक",
                                 responsibility="हर महीने कुएँ जाँचें।")
    initiative_proposal_submit(organization=org, author=person(8, display_name="रवि"),
                               name="नया कुआँ", purpose="हर गाँव में एक कुआँ।")
    client.force_login(staff(org, is_staff=True, email=EMAIL, display_name="सीता"))
    proposal = InitiativeProposal.objects.get()
    return client, {"role": role.pk, "initiative": initiative.pk, "proposal": proposal.pk}


PAGES = {
    "/admin/": ["पहल के प्रस्ताव", "भूमिका के प्रस्ताव",
                "निर्णय की प्रतीक्षा में पहल प्रस्ताव"],
    "/admin/roles/": ["भूमिकाएँ", "पहल के प्रस्ताव", "प्रतीक्षा सूची की प्रविष्टियाँ"],
    "/admin/roles/initiativeproposal/": ["देखने के लिए पहल का प्रस्ताव चुनें", "स्थिति",
                                         "लेखक", "मसौदा पहलों के रूप में स्वीकार करें…"],
    "/admin/roles/role/": ["भूमिकाएँ"],
    "/admin/roles/role/{role}/change/": ["प्रति सप्ताह घंटे", "कार्यकाल (सप्ताह)"],
    "/admin/initiatives/initiative/{initiative}/change/": ["क्या गिना जाता है", "सारांश"],
    "/admin/roles/initiativeproposal/{proposal}/decide/accept/": [
        "हर नई भूमिका के लिए प्रति सप्ताह घंटे"],
}


@pytest.mark.parametrize("url", PAGES)
def test_admin_pages_in_hindi_name_models_and_fields_in_hindi(hindi_admin, url):
    client, ids = hindi_admin
    response = client.get(url.format(**ids), HTTP_ACCEPT_LANGUAGE="hi")
    page = response.content.decode()
    assert response.status_code == 200 and '<html lang="hi"' in page
    for text in PAGES[url]:
        assert text in page, text
    data = {"जल संगठन", "स्वच्छ कुएँ", "कुआँ परीक्षक", "नया कुआँ", EMAIL, "UTC", "kuen",
            "Control", "Command", "Mac"}  # key names, as Hindi keyboards label them
    assert english_nodes(page, data) == [], english_nodes(page, data)
