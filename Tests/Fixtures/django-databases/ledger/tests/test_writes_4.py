from django.test import TestCase, TransactionTestCase

from ledger.tests.writes import CommitsRows, RollsBackRows


class Commits4(CommitsRows, TransactionTestCase):
    pass


class Rolls4(RollsBackRows, TestCase):
    pass
