"""Imperial ↔ metric conversions for the UI; answers are always stored metric.

Results are rounded to what a person can read off a scale or tape (0.1 lb, 0.1 cm, whole inches),
half-up. Pounds become kilograms to 0.01 kg (the columns' scale): at 0.1 kg, 150 lb was stored as
68.0 kg and shown back as 149.9 lb; at 0.01 kg every 0.1 lb comes back as typed.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

KG_PER_LB = Decimal("0.45359237")
CM_PER_INCH = Decimal("2.54")
INCHES_PER_FOOT = 12
ML_PER_US_FL_OZ = Decimal("29.5735295625")


def _round(value: Decimal, places: int) -> float:
    return float(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def lb_to_kg(pounds: float) -> float:
    """Pounds to kilograms, to 0.01 kg (so that kg_to_lb gives the pounds back, to 0.1 lb)."""
    return _round(Decimal(str(pounds)) * KG_PER_LB, 2)


def kg_to_lb(kilograms: float) -> float:
    """Kilograms to pounds, to 0.1 lb."""
    return _round(Decimal(str(kilograms)) / KG_PER_LB, 1)


def ft_in_to_cm(feet: int, inches: float = 0) -> float:
    """Feet and inches to centimetres, to 0.1 cm."""
    total_inches = Decimal(str(feet)) * INCHES_PER_FOOT + Decimal(str(inches))
    return _round(total_inches * CM_PER_INCH, 1)


def cm_to_ft_in(centimetres: float) -> tuple[int, int]:
    """Centimetres to whole feet and whole inches (12 in carries into a foot)."""
    total = int((Decimal(str(centimetres)) / CM_PER_INCH).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return divmod(total, INCHES_PER_FOOT)


def ml_to_fl_oz(millilitres: float) -> float:
    """Millilitres to US fluid ounces, to 0.1 fl oz."""
    return _round(Decimal(str(millilitres)) / ML_PER_US_FL_OZ, 1)


def fl_oz_to_ml(fluid_ounces: float) -> int:
    """US fluid ounces to whole millilitres (the hydration target is stored in whole ml)."""
    return int((Decimal(str(fluid_ounces)) * ML_PER_US_FL_OZ).quantize(Decimal(1), rounding=ROUND_HALF_UP))
