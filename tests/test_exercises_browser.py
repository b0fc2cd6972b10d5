"""The exercises in Chromium (docs/assets/javascripts/exercises.js): every numeric exercise at 390
and 1280 px takes its answer typed two ways, refuses a wrong one and gives each listed wrong
answer its own hint; bad input gets a message and no verdict; choices explain each option; the
results survive a reload, on the served site and unzipped from its download; the list page
counts them and forgets them on request. `make screenshots` also draws an exercise before and
after answering in both palettes."""
import json
import re
import shutil
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import SITE, screenshot, serve_site  # noqa: E402

from dlcode.exercises import CHOICE_LABELS, EXERCISES, texts  # noqa: E402

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
        hint = texts(exercise, right)["hint"]  # its numbers filled in, as on the page
        assert said.startswith("まだ正解ではない") and f"ヒント: {hint}" in said, said
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
    # served, the marks are filled once exercises.json has arrived: wait for them, do not race them
    expect(tab.locator(".exercise-total")).to_have_text(f"全部で {len(EXERCISES)} 問、正解 1 問。")
    expect(tab.locator('.exercise-mark[data-exercise="diff-1"]')).to_have_text("正解")
    expect(tab.locator('.exercise-mark[data-exercise="diff-2"]')).to_have_text("まだ正解ではない")
    expect(tab.locator('.exercise-mark[data-exercise="loss-1"]')).to_have_text("未回答")
    tab.click("button.exercise-reset")
    expect(tab.locator(".exercise-total")).to_have_text(f"全部で {len(EXERCISES)} 問、正解 0 問。")
    tab.reload()
    expect(tab.locator(".exercise-total")).to_have_text(f"全部で {len(EXERCISES)} 問、正解 0 問。")
    expect(tab.locator('.exercise-mark[data-exercise="diff-1"]')).to_have_text("未回答")
    context.close()
    assert tab.problems == []


def list_view(browser, url):
    """What the list page's progress view shows: the total, each topic's count, the marks filled."""
    context, tab = new_tab(browser, VIEWPORTS["desktop"])
    tab.goto(url)
    tab.wait_for_function("() => document.querySelector('.exercise-total').textContent.includes('正解')")
    shown = (tab.inner_text(".exercise-total"), tab.locator(".exercise-topic .exercise-progress").all_inner_texts(),
             len([mark for mark in tab.locator(".exercise-mark").all_inner_texts() if mark == "未回答"]))
    context.close()
    assert tab.problems == []
    return shown


def test_the_list_page_counts_the_published_list_served_and_its_embedded_copy_from_a_file(browser, unzipped, tmp_path):
    """Served, the progress view reads exercises.json: in a scratch copy of the site whose list page has
    no embedded copy it still counts every exercise, and when exercises.json lacks one it counts one
    fewer. Unzipped (file://, where fetch() fails) it counts the embedded copy."""
    counts = [f"（正解 0 / {len([e for e in EXERCISES if e.page == page])} 問）" for page in dict.fromkeys(e.page for e in EXERCISES)]
    everything = (f"全部で {len(EXERCISES)} 問、正解 0 問。", counts, len(EXERCISES))
    assert list_view(browser, (unzipped / "exercises" / "index.html").as_uri()) == everything
    copy = tmp_path / "site"
    shutil.copytree(SITE, copy)
    page = copy / "exercises" / "index.html"
    html, embedded = re.subn(r'<script type="application/json" id="exercise-list">.*?</script>', "",
                             page.read_text(encoding="utf-8"), flags=re.S)
    assert embedded == 1
    page.write_text(html, encoding="utf-8")
    with serve_site(copy) as url:
        assert list_view(browser, url + "/exercises/") == everything
        listing = json.loads((copy / "exercises.json").read_text(encoding="utf-8"))
        last = listing["exercises"].pop()
        (copy / "exercises.json").write_text(json.dumps(listing, ensure_ascii=False), encoding="utf-8")
        total, topics, unanswered = list_view(browser, url + "/exercises/")
    assert last["id"] == EXERCISES[-1].id
    assert total == f"全部で {len(EXERCISES) - 1} 問、正解 0 問。" and unanswered == len(EXERCISES) - 1
    assert topics[:-1] == counts[:-1] and topics[-1] != counts[-1]


# a mirrored page's exercise and a supplement's, each answered with a listed wrong answer and right
DRAWN = {"loss-2": 0, "numerical-diff-1": 2}  # id: which wrong answer


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", list(VIEWPORTS))
@pytest.mark.parametrize("exercise_id", list(DRAWN))
def test_answered_exercises_stay_accessible_and_are_drawn(browser, served, exercise_id, device, scheme):
    """axe-core on a page whose exercises show their verdicts and hints (tests/test_accessibility.py
    checks the pages as they open); screenshots under `make screenshots`."""
    from test_accessibility import AXE, RUN_AXE

    exercise = next(e for e in EXERCISES if e.id == exercise_id)
    mine = [e for e in EXERCISES if e.page == exercise.page]
    context, tab = new_tab(browser, VIEWPORTS[device], scheme)
    context.add_init_script(AXE.read_text(encoding="utf-8"))
    tab.goto(served + path_of(exercise.page) + f"#{exercise_id}")
    block = tab.locator(f'.exercise[data-exercise="{exercise_id}"]')
    width = VIEWPORTS[device]["width"]
    screenshot(block, f"exercises/{exercise_id}-{scheme}-{width}-before.png")
    value, hint = exercise.wrong_values()[DRAWN[exercise_id]]
    said = answer(tab, exercise_id, repr(value))
    assert said.startswith("まだ正解ではない") and hint in said, said
    tab.locator(f"#{exercise_id}-answer").press("Enter")
    screenshot(block, f"exercises/{exercise_id}-{scheme}-{width}-hint.png")
    assert answer(tab, exercise_id, f"{exercise.answer():.6g}").startswith("正解")
    tab.locator(f"#{exercise_id}-answer").press("Enter")
    screenshot(block, f"exercises/{exercise_id}-{scheme}-{width}-right.png")
    other = next(e for e in mine if e.kind == "数値" and e.id != exercise_id)  # a verdict and a hint left showing
    answer(tab, other.id, repr(other.wrong_values()[0][0]))
    tab.locator(f"#{other.id}-answer").press("Enter")
    choice = next(e for e in mine if e.kind == "選択")
    tab.locator(f'label[for="{choice.id}-1"]').click()
    tab.locator(f'.exercise[data-exercise="{choice.id}"] button[type=submit]').click()
    found = [v for v in tab.evaluate(RUN_AXE) if v["impact"] in ("serious", "critical")]
    context.close()
    assert found == []
    assert tab.problems == []
