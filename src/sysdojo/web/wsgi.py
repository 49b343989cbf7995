import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sysdojo.web.settings")
django_application = get_wsgi_application()

from sysdojo.web.page_cache import serve_shared_pages  # noqa: E402  (needs the app registry ready)

application = serve_shared_pages(django_application)

# Everything loaded so far (Django, the app, their modules) lives as long as the process: moving it out
# of the collector's reach keeps full collections short, which is most of a request's tail latency.
gc.freeze()
