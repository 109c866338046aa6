import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crowddo.settings")
application = get_wsgi_application()

# runserver loads this module in the process that serves: start the embedded scheduler there
# (it starts only under runserver, without a broker, and once; see crowddo/scheduler.py).
from crowddo import scheduler  # noqa: E402 (after Django is set up)

scheduler.start()
