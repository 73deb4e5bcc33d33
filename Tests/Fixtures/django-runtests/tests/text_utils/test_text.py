from django.test import SimpleTestCase
from django.utils.text import slugify


class SlugTests(SimpleTestCase):
    def test_slug(self):
        self.assertEqual(slugify("Hello World"), "hello-world")

    def test_subtests(self):
        for text, slug in (("A b", "a-b"), ("C d", "c-d")):
            with self.subTest(text=text):
                self.assertEqual(slugify(text), slug)

    def test_error(self):
        raise RuntimeError("an error, not a failure")
