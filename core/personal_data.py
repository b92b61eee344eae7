"""Personal data in a text (个人信息): mainland resident ID-card numbers with a real birth date and
check digit, bank-card numbers that pass the Luhn check (contiguous or in groups of four) and
mobile numbers — found by each number's own shape and returned masked. What must not be made
public: the pre-publication checks (compliance) and residents' letters before they are published
(cases) both ask it."""

import re
from datetime import date

from django.utils.translation import gettext as _

# Each kind of number by its own shape, never joined with the numbers around it (a table row
# "430521199001011239 1500" is an ID number and an amount; two dates side by side are not a
# bank card).
_ID_NUMBER = re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])")
_BANK_CARD = re.compile(r"(?<![\d-])(?:\d{16,19}|\d{4}(?:[ -]\d{4}){3}(?:[ -]\d{1,3})?)(?![\d-])")
_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_ID_CHECK = "10X98765432"
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d[ -]?\d{4}[ -]?\d{4}(?!\d)")


def is_id_card_number(text):
    """An 18-character mainland resident ID number with a real birth date and check digit."""
    if not re.fullmatch(r"\d{17}[\dXx]", text):
        return False
    try:
        date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(text, _ID_WEIGHTS, strict=False))
    return _ID_CHECK[total % 11] == text[17].upper()


def passes_luhn(digits):
    total = 0
    for index, digit in enumerate(reversed(digits)):
        value = int(digit) * (2 if index % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def masked(number):
    return number[:3] + "*" * (len(number) - 7) + number[-4:]


def personal_data(text):
    """The ID-card, bank-card and mobile numbers in text, masked, as findings."""
    found = []
    for number in _ID_NUMBER.findall(text):
        if is_id_card_number(number):
            found.append(_("身份证号码 %(number)s") % {"number": masked(number)})
    for run in _BANK_CARD.findall(text):
        number = re.sub(r"[ -]", "", run)
        if 16 <= len(number) <= 19 and passes_luhn(number) and not is_id_card_number(number):
            found.append(_("银行卡号 %(number)s") % {"number": masked(number)})
    for mobile in _MOBILE.findall(text):
        number = re.sub(r"[ -]", "", mobile)
        found.append(_("手机号码 %(number)s") % {"number": masked(number)})
    return found
