from django.test import TestCase, TransactionTestCase

from ledger.tests.writes import CommitsRows, RollsBackRows


class Commits1(CommitsRows, TransactionTestCase):
    pass


class Rolls1(RollsBackRows, TestCase):
    pass
