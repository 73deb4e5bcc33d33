from django.test import TestCase

from helpers.numbers import total

from .models import Choice


class CountTests(TestCase):
    def test_votes_add_up(self):
        Choice.objects.create(text="a", votes=2)
        Choice.objects.create(text="b", votes=3)
        self.assertEqual(total(choice.votes for choice in Choice.objects.all()), 5)
