"""On a phone the pad stays put while a number is written, and the number fits the screen.

Every stroke is aimed where the pad was when the number began, as a person aims: if anything the
page shows while reading pushed the pad down, strokes would land above it and go unread.
"""

import random

import pytest
from helpers import ready_page_in

from tools.layout import SCREENS, write_number

PHONE = SCREENS["phone 390x844"]


@pytest.mark.parametrize("length", [6, 15])
def test_the_pad_stays_put_and_the_number_fits_on_a_phone(browser, base_url, watch, length):
    with ready_page_in(browser, base_url, watch, **PHONE) as page:
        written = write_number(page, length, random.Random(length), touch=True)
        assert written.read == written.strokes, f"{written.read} of {written.strokes} read"
        assert written.pad_moved < 0.5, f"the pad moved {written.pad_moved:.1f} px"
        assert not written.pad_shifted, f"a layout shift moved the pad: {written.shifts}"
        assert len(written.text) >= length - 2, written.text  # a misread or two, not lost ink
        assert written.lines == 1, f"{written.text!r} is broken across {written.lines} lines"
        assert written.inside, f"{written.text!r} does not fit the screen"
