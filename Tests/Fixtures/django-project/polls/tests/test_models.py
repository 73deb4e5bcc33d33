import unittest

from django.test import TestCase

from polls.models import Question


class QuestionTests(TestCase):
    def test_starts_without_votes(self):
        self.assertEqual(Question.objects.create(text="a?").votes, 0)

    def test_vote_is_saved(self):
        question = Question.objects.create(text="b?")
        question.vote()
        self.assertEqual(Question.objects.get(pk=question.pk).votes, 1)

    def test_each_test_has_a_clean_database(self):
        self.assertEqual(Question.objects.count(), 0)

    def test_wrong_expectation(self):
        self.assertEqual(Question.objects.create(text="c?").votes, 1)

    @unittest.skip("needs a PostgreSQL feature")
    def test_skipped(self):
        pass
