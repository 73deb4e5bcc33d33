def add(a, b):
    return a + b


def divide(a, b):
    if b == 0:
        raise ZeroDivisionError("b is zero")
    return a / b


def sign(value):
    if value > 0:
        return 1
    if value < 0:
        return -1
    return 0


def factorial(n):
    result = 1
    for factor in range(2, n + 1):
        result *= factor
    return result
