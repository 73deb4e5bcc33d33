from django.test import TestCase, TransactionTestCase

from ledger.tests.writes import CommitsRows, RollsBackRows


class Commits2(CommitsRows, TransactionTestCase):
    pass


class Rolls2(RollsBackRows, TestCase):
    pass
