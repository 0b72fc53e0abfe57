"""Unique Pupil Numbers: 13 characters, a check letter then 12 digits (DfE specification)."""

import re

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN = re.compile(r"^[A-HJ-NP-RT-Z][0-9]{12}$|^[A-HJ-NP-RT-Z][0-9]{11}[A-HJ-NP-RT-Z]$")


def check_letter(digits: str) -> str:
    """The check letter for the last 12 characters of a UPN."""
    total = 0
    for weight, char in enumerate(digits, start=2):
        value = int(char) if char.isdigit() else CHECK_LETTERS.index(char)
        total += value * weight
    return CHECK_LETTERS[total % 23]


def make_upn(la_code: int, establishment: int, year: int, serial: int) -> str:
    digits = f"{la_code:03d}{establishment:04d}{year % 100:02d}{serial:03d}"
    return check_letter(digits) + digits


def is_valid_upn(upn: str) -> bool:
    upn = (upn or "").strip().upper()
    return bool(_UPN.match(upn)) and check_letter(upn[1:]) == upn[0]
