"""Drawing with a finger on a phone: strokes are read and the page does not scroll under them."""

from helpers import ONE, SEVEN, ready_page_in

from tools.replay import clear, draw_touch, pad_box, to_pixels, wait_for_strokes

PHONE = {
    "viewport": {"width": 390, "height": 480},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
"""A phone-sized screen, short enough that the page is taller than it and can scroll."""
TRACK_SCROLL = """() => {
    window.maxScrollY = 0;
    addEventListener("scroll", () => { window.maxScrollY = Math.max(window.maxScrollY, scrollY); });
}"""
SCROLLED = "() => [scrollY, window.maxScrollY]"


def test_touch_strokes_are_read_and_do_not_scroll_the_page(browser, base_url, watch):
    with ready_page_in(browser, base_url, watch, **PHONE) as page:
        assert page.evaluate("document.documentElement.scrollHeight > innerHeight")
        page.evaluate(TRACK_SCROLL)

        swipe_up = [list(reversed(stroke)) for stroke in to_pixels(page, ONE)]
        draw_touch(page, swipe_up)
        assert wait_for_strokes(page, 1) == "1"
        assert page.evaluate(SCROLLED) == [0, 0], "a swipe on the pad scrolled the page"
        clear(page)
        draw_touch(page, to_pixels(page, SEVEN))
        assert wait_for_strokes(page, 1) == "7"

        # The same swipe beside the pad does scroll: touch scrolling works in this browser.
        x, _, _, _ = pad_box(page)
        draw_touch(page, [[(x / 2, y) for _, y in swipe_up[0]]])
        page.wait_for_function("() => scrollY > 0")
