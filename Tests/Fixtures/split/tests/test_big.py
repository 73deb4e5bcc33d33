import time
import pytest

def test_big_0():
    time.sleep(0.3)

def test_big_1():
    time.sleep(0.3)

def test_big_2():
    time.sleep(0.3)

def test_big_3():
    time.sleep(0.3)

def test_big_4():
    time.sleep(0.3)

def test_big_5():
    time.sleep(0.3)

def test_big_6():
    time.sleep(0.3)

def test_big_7():
    time.sleep(0.3)

@pytest.mark.parametrize('v', ['a b', 'q\'uote', 'é'])
def test_param(v):
    time.sleep(0.1)

class TestInClass:
    def test_m(self):
        assert False, 'fails on purpose'
