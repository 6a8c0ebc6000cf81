"""Phone numbers as dialled in mainland China: validation and formatting via `phonenumbers`."""
from __future__ import annotations

import phonenumbers
from phonenumbers import shortnumberinfo

from scripts.data.records import Phone

REGION = "CN"


class PhoneError(ValueError):
    pass


def parse_phone(raw: str, region: str = REGION) -> Phone:
    """Validate a number and return how to show and dial it; raise PhoneError if it is not valid."""
    text = str(raw).strip()
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(f"'{text}' is not a phone number ({exc})") from None
    if phonenumbers.is_valid_number(number):
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        fmt = (
            phonenumbers.PhoneNumberFormat.NATIONAL
            if phonenumbers.region_code_for_number(number) == region
            else phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        return Phone(raw=text, display=phonenumbers.format_number(number, fmt), tel=f"tel:{e164}",
                     short_code=False)
    # Special-service codes (120, 110, 12356…) are dialled as they are, without a country code.
    digits = phonenumbers.normalize_digits_only(text)
    if not text.startswith("+") and shortnumberinfo.is_valid_short_number_for_region(number, region):
        return Phone(raw=text, display=digits, tel=f"tel:{digits}", short_code=True)
    raise PhoneError(f"'{text}' is not a valid phone number in mainland China")
