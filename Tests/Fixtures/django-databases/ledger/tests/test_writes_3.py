from django.test import TestCase, TransactionTestCase

from ledger.tests.writes import CommitsRows, RollsBackRows


class Commits3(CommitsRows, TransactionTestCase):
    pass


class Rolls3(RollsBackRows, TestCase):
    pass
