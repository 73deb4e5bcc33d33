import unittest

from django.test import TestCase

from .models import Choice


class ChoiceTests(TestCase):
    def test_starts_without_votes(self):
        self.assertEqual(Choice.objects.create(text="a").votes, 0)

    def test_each_test_has_a_clean_database(self):
        self.assertEqual(Choice.objects.count(), 0)

    def test_wrong_expectation(self):
        self.assertEqual(Choice.objects.create(text="b").votes, 1)

    @unittest.skip("needs a PostgreSQL feature")
    def test_skipped(self):
        pass

    @unittest.expectedFailure
    def test_known_bug(self):
        self.assertEqual(Choice.objects.count(), 1)
