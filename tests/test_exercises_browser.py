"""The exercises in Chromium (docs/assets/javascripts/exercises.js): every numeric exercise at 390
and 1280 px takes its answer typed two ways, refuses a wrong one and gives each listed wrong
answer its own hint; bad input gets a message and no verdict; choices explain each option; the
results survive a reload, on the served site and unzipped from its download; the list page
counts them and forgets them on request. `make screenshots` also draws an exercise before and
after answering in both palettes."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import screenshot  # noqa: E402

from dlcode.exercises import CHOICE_LABELS, EXERCISES  # noqa: E402

VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
PAGES = sorted({e.page for e in EXERCISES if e.kind == "数値"}, key=[e.page for e in EXERCISES].index)
FULL_WIDTH = str.maketrans("0123456789.-", "０１２３４５６７８９．－")


def path_of(page):
    return "/" + page.removeprefix("docs/").removesuffix(".md") + "/"


def typed_two_ways(answer):
    """As a program prints it (1e-4 style), and as a person types it: full-width, a leading '.', the sign −."""
    short = f"{answer:.6g}"
    if short.startswith("0."):
        short = short[1:]
    return f"{answer:.6e}", short.translate(FULL_WIDTH).replace("－", "−")


def new_tab(browser, viewport, scheme="light"):
    context = browser.new_context(viewport=viewport, color_scheme=scheme, is_mobile=viewport["width"] < 600,
                                  has_touch=viewport["width"] < 600)
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda m: m.type == "error" and tab.problems.append(f"console: {m.text}"))
    tab.on("pageerror", lambda error: tab.problems.append(f"page error: {error}"))
    return context, tab


def answer(tab, exercise_id, text):
    """Type ``text`` into the exercise's box and press Enter; return what its status region says."""
    box = tab.locator(f"#{exercise_id}-answer")
    box.fill(text)
    box.press("Enter")
    status = tab.locator(f'.exercise[data-exercise="{exercise_id}"] .exercise-status')
    tab.wait_for_function("(s) => s.textContent !== ''", arg=status.element_handle())
    said = status.inner_text()
    status.evaluate("s => { s.innerHTML = ''; }")  # the next answer's words, not these
    return said


def stored(tab):
    return tab.evaluate("() => JSON.parse(localStorage.getItem('dlcode-exercises') || '{}')")


@pytest.mark.parametrize("device", list(VIEWPORTS))
@pytest.mark.parametrize("page", PAGES)
def test_numeric_exercises_check_typed_answers(browser, served, page, device):
    context, tab = new_tab(browser, VIEWPORTS[device])
    tab.goto(served + path_of(page))
    for exercise in [e for e in EXERCISES if e.page == page and e.kind == "数値"]:
        right = exercise.answer()
        far = right + 1000 * (exercise.tolerance + 1)
        said = answer(tab, exercise.id, f"{far:g}")
        assert said.startswith("まだ正解ではない") and f"ヒント: {exercise.hint}" in said, said
        assert stored(tab)[exercise.id] == "tried"
        for value, hint in exercise.wrong_values():
            said = answer(tab, exercise.id, repr(value))
            assert said.startswith("まだ正解ではない") and hint in said, (exercise.id, value, said)
        for text in typed_two_ways(right):
            box = tab.locator(f"#{exercise.id}-answer")
            said = answer(tab, exercise.id, text)
            assert said.startswith("正解"), (exercise.id, text, said)
            if device == "phone":  # the verdict shows on screen as the box is answered
                status = tab.locator(f'.exercise[data-exercise="{exercise.id}"] .exercise-status')
                box.fill(text)
                box.press("Enter")
                bottom = status.evaluate("s => s.getBoundingClientRect().bottom")
                assert 0 < bottom <= VIEWPORTS[device]["height"], (exercise.id, bottom)
                assert box.get_attribute("inputmode") == "decimal"
        assert stored(tab)[exercise.id] == "solved"
    context.close()
    assert tab.problems == []


BAD = {"": "答えが空", "abc": "数として読めない", "NaN": "NaN や無限大", "inf": "NaN や無限大", "-Infinity": "NaN や無限大",
       "0.07kg": "単位や記号", "0,07": "カンマは使わない", "1e999": "大きすぎて"}


def test_bad_input_gets_a_message_no_verdict_and_nothing_stored(browser, served):
    context, tab = new_tab(browser, VIEWPORTS["desktop"])
    tab.goto(served + "/loss/")
    for text, words in BAD.items():
        said = answer(tab, "loss-1", text)
        assert words in said and "正解" not in said, (text, said)
    assert stored(tab) == {}
    context.close()
    assert tab.problems == []


def test_choices_explain_the_chosen_option(browser, served):
    context, tab = new_tab(browser, VIEWPORTS["phone"])
    tab.goto(served + "/gradient/")
    exercise = next(e for e in EXERCISES if e.id == "gradient-2")
    block = tab.locator('.exercise[data-exercise="gradient-2"]')
    status = block.locator(".exercise-status")
    block.locator("button[type=submit]").click()
    assert status.inner_text() == "選択肢を 1 つ選ぶ。" and stored(tab) == {}
    for index, choice in enumerate(exercise.choices):
        block.locator(f'label[for="gradient-2-{index}"]').click()
        block.locator("input[type=radio]:checked").press("Enter")  # by keyboard: Enter submits
        said = status.inner_text()
        assert said.startswith(("正解" if choice.correct else "まだ正解ではない") + f"（{CHOICE_LABELS[index]}）"), said
        assert said.split("\n")[-1].startswith(f"{CHOICE_LABELS[index]}: {'正しい' if choice.correct else '正しくない'}。")
    assert stored(tab) == {"gradient-2": "solved"}
    context.close()
    assert tab.problems == []


def test_progress_survives_a_reload_and_the_list_page_counts_and_resets(browser, site):
    how, url = site
    context, tab = new_tab(browser, VIEWPORTS["desktop"])
    tab.goto(url("/diff/"))
    answer(tab, "diff-1", typed_two_ways(next(e for e in EXERCISES if e.id == "diff-1").answer())[0])
    answer(tab, "diff-2", "12.61")  # the forward difference: tried, not solved
    tab.reload()
    assert tab.inner_text('.exercise-progress[data-before]') == "このページの練習問題: 正解 1 / 5 問"
    assert tab.get_attribute('.exercise[data-exercise="diff-1"]', "data-state") == "solved"
    tab.goto(url("/exercises/"))
    assert tab.inner_text(".exercise-total") == f"全部で {len(EXERCISES)} 問、正解 1 問。"
    assert tab.inner_text('.exercise-mark[data-exercise="diff-1"]') == "正解"
    assert tab.inner_text('.exercise-mark[data-exercise="diff-2"]') == "まだ正解ではない"
    assert tab.inner_text('.exercise-mark[data-exercise="loss-1"]') == "未回答"
    tab.click("button.exercise-reset")
    assert tab.inner_text(".exercise-total") == f"全部で {len(EXERCISES)} 問、正解 0 問。"
    tab.reload()
    assert tab.inner_text('.exercise-mark[data-exercise="diff-1"]') == "未回答"
    context.close()
    assert tab.problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", list(VIEWPORTS))
def test_answered_exercises_stay_accessible_and_are_drawn(browser, served, device, scheme):
    """axe-core on a page whose exercises show their verdicts and hints (tests/test_accessibility.py
    checks the pages as they open); screenshots under `make screenshots`."""
    from test_accessibility import AXE, RUN_AXE

    context, tab = new_tab(browser, VIEWPORTS[device], scheme)
    context.add_init_script(AXE.read_text(encoding="utf-8"))
    tab.goto(served + "/loss/#loss-2")
    block = tab.locator('.exercise[data-exercise="loss-2"]')
    width = VIEWPORTS[device]["width"]
    screenshot(block, f"exercises/loss-2-{scheme}-{width}-before.png")
    assert answer(tab, "loss-2", "0.1549").startswith("まだ正解ではない")  # log10
    tab.locator("#loss-2-answer").press("Enter")
    screenshot(block, f"exercises/loss-2-{scheme}-{width}-hint.png")
    assert answer(tab, "loss-2", "0.35667").startswith("正解")
    tab.locator("#loss-2-answer").press("Enter")
    screenshot(block, f"exercises/loss-2-{scheme}-{width}-right.png")
    answer(tab, "loss-1", "0.14")
    tab.locator("#loss-1-answer").press("Enter")  # a verdict and a hint left showing
    tab.locator('label[for="loss-3-1"]').click()
    tab.locator('.exercise[data-exercise="loss-3"] button[type=submit]').click()
    found = [v for v in tab.evaluate(RUN_AXE) if v["impact"] in ("serious", "critical")]
    context.close()
    assert found == []
    assert tab.problems == []
