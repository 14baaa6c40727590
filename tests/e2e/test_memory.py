"""Many predictions in a row leak no tensors."""

from tools.replay import pad_box, wait_for_strokes

CYCLES = 300
"""Each cycle draws a short stroke and undoes it, over a first stroke that stays: one prediction
at least (the new stroke's candidates; an undo reads nothing new, what was read is kept), and live
ones."""
MIN_PREDICTIONS = 300
COUNT_PREDICTIONS = """() => {
    window.predictions = 0;
    const make = tf.tensor4d;
    tf.tensor4d = (...args) => { window.predictions += 1; return make(...args); };
}"""
"""Counts the page's model inputs: the classifier makes one 4-D tensor per prediction."""
MEMORY = "() => [tf.memory().numTensors, tf.memory().numBytes]"


def test_300_predictions_leave_the_tensor_count_unchanged(ready_page):
    page = ready_page
    before = page.evaluate(MEMORY)
    page.evaluate(COUNT_PREDICTIONS)
    x, y, width, height = pad_box(page)
    page.mouse.move(x + width * 0.1, y + height * 0.9)
    page.mouse.down()
    page.mouse.move(x + width * 0.9, y + height * 0.9)
    page.mouse.up()
    for cycle in range(CYCLES):
        left = x + width * (0.2 + 0.6 * cycle / CYCLES)
        page.mouse.move(left, y + height * 0.3)
        page.mouse.down()
        page.mouse.move(left + width * 0.1, y + height * 0.7)
        page.mouse.up()
        page.keyboard.press("Control+z")
    wait_for_strokes(page, 1)
    page.keyboard.press("Escape")
    wait_for_strokes(page, 0)
    predictions = page.evaluate("window.predictions")
    print(f"{predictions} predictions; tensors and bytes before and after: {before}")
    assert predictions >= MIN_PREDICTIONS
    assert page.evaluate(MEMORY) == before
