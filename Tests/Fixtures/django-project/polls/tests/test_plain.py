from django.test import SimpleTestCase


class PlainTests(SimpleTestCase):
    def test_settings_are_loaded(self):
        from django.conf import settings

        self.assertEqual(settings.ROOT_URLCONF, "mysite.urls")

    def test_errors(self):
        raise KeyError("missing")
