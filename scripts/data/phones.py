"""Phone numbers as dialled in mainland China: validation and formatting via `phonenumbers`.

Every character of a number as an editor wrote it is accounted for: digits, spaces, hyphens,
brackets and one leading `+`. Anything else (a letter, an extension, a comma, a second number, a
full-width digit) is refused with what to write instead, because `phonenumbers` would otherwise
read letters as keypad digits and drop the rest silently. What is shown, dialled and printed all
come from the one parsed number, and `parse_phone` checks that they agree digit for digit.
"""
from __future__ import annotations

import re
import unicodedata

import phonenumbers
from phonenumbers import shortnumberinfo

from scripts.data.records import Phone

REGION = "CN"
_ALLOWED = re.compile(r"\+?[0-9 ()\-]+")
_SEPARATORS = " ()-"
MAX_LENGTH = 40  # characters as written; no real number with its spaces comes near


class PhoneError(ValueError):
    pass


def _describe(char: str) -> str:
    name = unicodedata.name(char, "")
    return f"'{char}' (U+{ord(char):04X}{', ' + name if name else ''})"


def _refuse_stray_characters(text: str) -> None:
    """Raise PhoneError naming the first character that is not a digit, space, hyphen, bracket or
    a leading +, with what to write instead."""
    if not text:
        raise PhoneError("the number is empty — write the number as dialled, e.g. 022-5888-0000")
    if len(text) > MAX_LENGTH:
        raise PhoneError(f"'{text[:20]}…' is {len(text)} characters long; a number is at most "
                         f"{MAX_LENGTH} — write one number only")
    if _ALLOWED.fullmatch(text) and "+" not in text[1:]:
        return
    for index, char in enumerate(text):
        if char.isascii() and (char.isdigit() or char in _SEPARATORS) or (char == "+" and index == 0):
            continue
        if char == "+":
            fix = "a + may only come first, before the country code"
        elif unicodedata.decimal(char, None) is not None:
            fix = f"type the digit {unicodedata.decimal(char)} with the keyboard in English mode (half-width)"
        elif char.isalpha() and char.lower() in "ol":
            fix = (f"the letter {char} is not a digit: did you mean {0 if char.lower() == 'o' else 1}? "
                   "A number holds only digits, spaces, hyphens and brackets")
        elif char.isalpha():
            fix = ("a number holds only digits, spaces, hyphens and brackets: for an extension, write "
                   "the number that reaches the line directly, or say which extension in `notes:`")
        elif char in ",;/、，；|&":
            fix = "one number per entry: give the second number an entry (and id) of its own"
        else:
            fix = "a number holds only digits, spaces, hyphens, brackets and a leading +"
        raise PhoneError(f"'{text}' contains {_describe(char)} — {fix}")


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def parse_phone(raw: str, region: str = REGION) -> Phone:
    """Validate a number and return how to show and dial it; raise PhoneError if it is not valid."""
    text = str(raw).strip()
    _refuse_stray_characters(text)
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(f"'{text}' is not a phone number ({exc})") from None
    if number.extension:  # cannot happen once stray characters are refused; never drop one
        raise PhoneError(f"'{text}' holds an extension — write the number that reaches the line directly")
    if phonenumbers.is_valid_number(number):
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        fmt = (
            phonenumbers.PhoneNumberFormat.NATIONAL
            if phonenumbers.region_code_for_number(number) == region
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        phone = Phone(raw=text, display=phonenumbers.format_number(number, fmt), tel=f"tel:{e164}",
                      short_code=False)
    else:
        # Special-service codes (120, 110, 12356…) are dialled as they are, without a country code.
        digits = _digits(text)
        if text.startswith("+") or not shortnumberinfo.is_valid_short_number_for_region(number, region):
            raise PhoneError(f"'{text}' is not a valid phone number in mainland China — check the "
                             "digits against the source; write it as dialled, e.g. 022-5888-0000, "
                             "13800138000, or a service code such as 120 or 12356")
        phone = Phone(raw=text, display=digits, tel=f"tel:{digits}", short_code=True)
    _check_agreement(phone, number)
    return phone


def _national(text: str, country: str) -> str:
    """The national digits of a number as written: without +86 / 0086 or the trunk prefix 0."""
    digits = _digits(text)
    if text.startswith("+"):
        return digits[len(country):]
    if digits.startswith("00" + country):
        return digits[2 + len(country):]
    return digits[1:] if digits.startswith("0") else digits


def _check_agreement(phone: Phone, number) -> None:
    """The shown and the dialled forms must carry exactly the digits written: a mismatch is a bug
    in this module or in phonenumbers, and stops the build rather than print a wrong number."""
    national = phonenumbers.national_significant_number(number)
    written = _digits(phone.raw)
    if phone.short_code:
        same = _digits(phone.display) == _digits(phone.tel) == written
    else:
        country = str(number.country_code)
        same = (_national(phone.raw, country) == national == _national(phone.display, country)
                and _digits(phone.tel) == country + national)
    if not same:
        raise AssertionError(f"number {phone.raw!r} would be shown as {phone.display!r} and dialled "
                             f"as {phone.tel!r}: the digits differ")
