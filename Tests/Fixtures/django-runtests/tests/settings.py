SECRET_KEY = "fixture-only"
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "polls", "text_utils"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "runtests.sqlite3"}}
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
