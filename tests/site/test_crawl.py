"""from the home page, every internal link a visitor (or a volunteer) is shown opens.

The demo data is the world; each link found in a page is followed once (logout and links that
change state are skipped). Any 4xx or 5xx fails, naming the page that linked to it.
"""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command

from people.models import User

pytestmark = pytest.mark.usefixtures("fresh_cache")
SKIP = ("/accounts/logout/", "/static/", "/media/", "/api/v1/schema")
MAX_PAGES = 400


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def crawl(client) -> tuple[dict, list]:
    """Breadth-first from "/": {url: status}, and [(url, status, linked from)] for failures."""
    seen, failures = {}, []
    queue = deque([("/", "(start)")])
    while queue and len(seen) < MAX_PAGES:
        url, source = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response.status_code
        if response.status_code in (301, 302):
            queue.appendleft((response["Location"], url))
            continue
        if response.status_code >= 400:
            failures.append((url, response.status_code, source))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        parser = Links()
        parser.feed(response.content.decode())
        for href in parser.hrefs:
            target = urldefrag(urljoin(url, href))[0]
            parts = urlsplit(target)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if not path.startswith(SKIP) and path not in seen:
                queue.append((path, url))
    return seen, failures


@pytest.fixture
def demo(db, media):
    call_command("seed_demo", "--force", verbosity=0)


def test_a_visitor_meets_no_dead_end(client, demo):
    seen, failures = crawl(client)
    assert failures == []
    assert len(seen) > 50  # the crawl really went through the site
    assert "/collectives/" in seen and "/collectives/every-school-improving/" in seen
    assert "/collectives/every-school-improving/coverage/" in seen
    assert not any(url.endswith("/accountability/") for url in seen)  # not shown to visitors


def test_a_volunteer_meets_no_dead_end(client, demo):
    client.force_login(User.objects.get(email="dana@crowddo.test"))
    seen, failures = crawl(client)
    assert failures == []
    assert len(seen) > 30
    assert "/me/" in seen and "/me/profile/" in seen


def test_collectives_lists_the_demo_collectives_and_home_links_there(client, demo):
    page = client.get("/collectives/").content.decode()
    home = client.get("/").content.decode()
    assert "Every School Improving" in page
    assert 'href="/collectives/every-school-improving/"' in home
    assert 'href="/collectives/"' in home
