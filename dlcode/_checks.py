"""Argument checks shared by the numerical routines: each names what was wrong."""
import numbers

import numpy as np


def positive_float(name, value):
    """Return ``value`` as a float, or raise ValueError unless it is finite and > 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a positive number, got {value!r}")
    value = float(value)
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}")
    return value


def non_negative_int(name, value):
    """Return ``value`` as an int, or raise ValueError unless it is an integer >= 0."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise ValueError(f"{name} must be an integer >= 0, got {value!r}")
    if value < 0:
        raise ValueError(f"{name} must be >= 0, got {value!r}")
    return int(value)


def scalar_result(name, value):
    """Return what ``f`` gave as a float, or raise ValueError if it is not one number."""
    if np.ndim(value) != 0:
        raise ValueError(
            f"{name} must return a scalar, got a value of shape {np.shape(value)}")
    try:
        return float(value)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{name} must return a number, got {value!r}") from error
