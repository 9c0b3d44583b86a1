import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.production")

application = get_wsgi_application()

# What start-up made (the URL patterns, compiled templates, models: about 190,000 objects) lives
# as long as the process: moved out of the collector's sight, a full collection no longer walks
# it, which stalled one request in thirty for 70 to 100 ms.
gc.freeze()
