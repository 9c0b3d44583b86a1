# gunicorn reads this file from the directory it starts in (the image's /app, or the checkout).
# The access log leaves out who answered an anonymous survey: config/gunicorn_logging.py.
logger_class = "config.gunicorn_logging.Logger"
