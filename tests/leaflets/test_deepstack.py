"""deepstack.call is an ordinary call: same result, same exceptions, deep recursion still works."""
import pytest

from scripts.leaflets import deepstack


def test_call_passes_arguments_and_returns_the_result():
    assert deepstack.call(divmod, 17, 5) == (3, 2)
    assert deepstack.call(dict, a=1) == {"a": 1}


def test_call_raises_what_the_function_raises():
    with pytest.raises(ZeroDivisionError):
        deepstack.call(lambda: 1 / 0)


def test_deep_recursion_inside_the_big_frame():
    def depth(n):
        return 0 if n == 0 else 1 + depth(n - 1)
    assert deepstack.call(depth, 800) == 800
    assert deepstack.call.__code__.co_stacksize >= deepstack.STACK_SLOTS
