"""数値計算の関数が共有する引数の検査。エラーメッセージは何が悪いかを名指しする。"""
import math
import numbers

import numpy as np


def positive_float(name, value):
    """``value`` を float で返す。有限で 0 より大きくなければ ValueError。"""
    if type(value) is float and 0 < value < float("inf"):
        return value  # the common case, checked first: this runs once per numerical_diff
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    value = float(value)
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return value


def positive_int(name, value):
    """``value`` を int で返す。1 以上の整数（NumPy の整数も可）でなければ ValueError。"""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def finite_array(name, value):
    """``value`` を float64 の配列で返す。数でない値や NaN・無限大を含めば、その位置を言う ValueError。"""
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise ValueError(f"{name} must be numeric, got dtype {array.dtype}")
    array = array.astype(np.float64, copy=False)
    if not np.all(np.isfinite(array)):
        bad = tuple(np.argwhere(~np.isfinite(array))[0].tolist())
        raise ValueError(f"{name} contains a non-finite value {array[bad]} at index {bad}")
    return array


def non_negative_int(name, value):
    """``value`` を int で返す。0 以上の整数でなければ ValueError。"""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer >= 0, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value!r}")
    return int(value)


def scalar_result(name, value, where="", *where_values):
    """``name``（学習者が渡した関数など）の戻り値 ``value`` を float で返す。1 つの有限の数でなければ、
    何が返ったかと、どこで返ったか（``where.format(*where_values)``、エラーのときだけ作る）を言う ValueError。"""
    if type(value) is float and math.isfinite(value):
        return value  # the common case, checked first: numerical_diff runs this twice per call
    if np.ndim(value) != 0:
        wanted = f"a scalar, got a value of shape {np.shape(value)}"
    elif np.asarray(value).dtype.kind not in "iuf":  # a string such as '1.5', True, None, a complex number
        wanted = f"a number, got {value!r}"
    else:
        number = float(value)
        if math.isfinite(number):
            return number
        wanted = f"a finite number, got {number!r}"
    at = " " + where.format(*where_values) if where else ""
    raise ValueError(f"{name} must return {wanted}{at}")
