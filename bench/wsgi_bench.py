"""CrowdDo's WSGI app for benchmarks: adds `X-Queries` (SQL statements run for the request).

Only gunicorn processes started by bench/run.py load this module; production
serves `crowddo.wsgi` and never sends the header.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crowddo.settings")

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.db import connection  # noqa: E402

django_app = get_wsgi_application()


def application(environ, start_response):
    count = [0]

    def counter(execute, sql, params, many, context):
        count[0] += 1
        return execute(sql, params, many, context)

    def start(status, headers, exc_info=None):
        return start_response(status, [*headers, ("X-Queries", str(count[0]))], exc_info)

    # Django renders the whole response before start_response; sync workers: one thread each.
    with connection.execute_wrapper(counter):
        return django_app(environ, start)
