"""The pages the HTTP rows load, each beside the raw baseline endpoint serving the same data.

Slugs are the ones seed_scale writes (prefix "scale"), so each path exists at
every size. Add a line here (and a handler in bench/rawapp.py) as pages land.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    label: str
    path: str  # on CrowdDo
    raw_path: str  # on the raw psycopg2 + JSON app
    dashboard: bool = False  # the page whose render time must stay flat as data grows


PAGES = [
    Page("home /", "/", "/raw/home/"),
    Page("initiative detail", "/initiatives/scale-initiative-1/",
         "/raw/initiative/scale-initiative-1/"),
    Page("roles, filtered", "/roles/?capability=sensemaking&max_hours=4&sort=hours",
         "/raw/roles/"),
    Page("API roles", "/api/v1/roles/", "/raw/api-roles/"),
    Page("collective dashboard", "/collectives/scale-collective-1/",
         "/raw/collective/scale-collective-1/", dashboard=True),
]

# List pages whose render must not grow with the data (issue 17: <= 1.5x from the small to the
# full size): p50 of sequential requests, cache off, full against small, in one run.
FLAT_LISTS = [
    "/roles/",
    "/roles/?sort=seats",
    "/roles/?sort=hours",
    "/roles/?capability=sensemaking&max_hours=4&sort=hours",
    "/roles/?q=role+12",
    "/api/v1/roles/",
]
