"""The exercises as the built site carries them: every answer, tolerance and hint value on the
pages and in exercises.json recomputed from dlcode; every exercise on its page with its anchor,
label and live region; the search marks exercise results 練習問題."""
import json
import re
import sys
from html import unescape
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from browser import SITE  # noqa: E402

from dlcode.exercises import CHOICE_LABELS, EXERCISES, KINDS, PAGES, SUPPLEMENTS  # noqa: E402
from dlcode.exercises import texts  # noqa: E402

BLOCK = re.compile(r'<div class="exercise"(?P<attributes>[^>]*)>(?P<body>.*?)<details', re.S)


def page_html(page):
    path = SITE / page.removeprefix("docs/").removesuffix(".md") / "index.html"
    if not path.is_file():
        pytest.fail(f"{path} is missing: build the site with `make site`")
    return path.read_text(encoding="utf-8")


def blocks(page):
    """{exercise id: (attributes, body HTML)} in page order."""
    found = {}
    for match in BLOCK.finditer(page_html(page)):
        attributes = dict(re.findall(r'(data-[a-z]+)="([^"]*)"', match["attributes"]))
        found[attributes["data-exercise"]] = (attributes, match["body"])
    return found


@pytest.mark.parametrize("page", PAGES + SUPPLEMENTS)
def test_each_page_carries_its_exercises_with_the_values_dlcode_computes(page):
    shown = blocks(page)
    mine = [e for e in EXERCISES if e.page == page]
    assert list(shown) == [e.id for e in mine]
    html = page_html(page)
    for exercise in mine:
        attributes, body = shown[exercise.id]
        assert f'<h3 id="{exercise.id}">{exercise.id}: ' in html
        assert attributes["data-kind"] == exercise.kind and f'<p class="exercise-kind">{KINDS[exercise.kind]}</p>' in body
        if exercise.kind == "コード":
            assert f'check("{exercise.id}", ' in unescape(re.sub(r"<[^>]+>", "", body))
            continue
        assert '<div class="exercise-status" role="status"></div>' in body
        if exercise.kind == "数値":
            assert float(attributes["data-answer"]) == exercise.answer()
            assert float(attributes["data-tolerance"]) == exercise.tolerance
            hints = re.findall(r'<p data-value="([^"]*)">(.*?)</p>', body, re.S)
            assert [(float(value), hint) for value, hint in hints[:-1]] == exercise.wrong_values()
            assert hints[-1] == ("", f"ヒント: {texts(exercise, exercise.answer())['hint']}")
            assert f'<label for="{exercise.id}-answer">' in body and 'inputmode="decimal"' in body
        else:
            labels = re.findall(r'<input type="radio" id="([^"]+)" name="[^"]+" value="([^"]+)"> <label for="([^"]+)"', body)
            assert [value for _, value, _ in labels] == list(CHOICE_LABELS[:len(exercise.choices)])
            assert all(field == target for field, _, target in labels)
            right = re.findall(r'<p data-choice="(.)" data-correct="data-correct">', body)
            assert right == [exercise.correct_label()]
    assert f'data-exercises="{" ".join(e.id for e in mine)}"' in html  # the page's solved count
    up = "../" * page.count("/")  # loss/ -> ../, supplement/minibatch/ -> ../../
    assert f'<script src="{up}assets/javascripts/exercises.js"></script>' in html
    assert f'<a href="{up}exercises/">練習問題</a>' in html and f'<a href="{up}notebooks/exercises/">' in html


def test_the_worked_solutions_show_dlcode_s_code():
    html = page_html("docs/loss.md")
    solution = html[html.index('<h3 id="loss-4">'):]
    code = unescape(re.sub(r"<[^>]+>", "", solution[solution.index("<details"):solution.index("</details>")]))
    assert "def loss_4(y, t):" in code and "correct = y[np.arange(batch_size), t]" in code


def test_exercises_json_lists_every_exercise_with_its_computed_answer():
    listing = json.loads((SITE / "exercises.json").read_text(encoding="utf-8"))["exercises"]
    assert [item["id"] for item in listing] == [e.id for e in EXERCISES]
    for item, exercise in zip(listing, EXERCISES):
        page, anchor = item["page"].split("#")
        assert (SITE / page / "index.html").is_file() and f'id="{anchor}"' in page_html(exercise.page)
        assert item["kind"] == exercise.kind and item["title"] == exercise.title
        if exercise.kind == "数値":
            assert (item["answer"], item["tolerance"]) == (exercise.answer(), exercise.tolerance)
        else:
            assert "answer" not in item


def test_the_list_page_embeds_the_published_list_and_groups_it_by_topic_as_the_navigation_does():
    """The progress view's list: exercises.json when served, this embedded copy from a file (the same list)."""
    html = (SITE / "exercises" / "index.html").read_text(encoding="utf-8")
    embedded = re.search(r'<script type="application/json" id="exercise-list">(.*?)</script>', html, re.S)[1]
    assert json.loads(embedded) == json.loads((SITE / "exercises.json").read_text(encoding="utf-8"))
    assert '<p class="exercise-total" data-list="../exercises.json"' in html
    topics = re.findall(r'<p class="exercise-topic"><strong>([^<]+)</strong><span class="exercise-progress" '
                        r'data-page="([^"]+)"', html)
    navigation = re.findall(r'<a href="\.\./([^"]*)" class="md-nav__link">\s*<span class="md-ellipsis">\s*([^<]+?)\s*<', html)
    order = [path for path, _ in navigation]
    pages = list(dict.fromkeys(e.page.removeprefix("docs/").removesuffix(".md") + "/" for e in EXERCISES))
    assert [page for _, page in topics] == pages == sorted(pages, key=order.index)
    assert [topic for topic, _ in topics] == [dict(navigation)[page] for page in pages]
    assert "補足: 数値微分の誤差" in [topic for topic, _ in topics]


def test_the_list_page_links_every_exercise_and_the_nav_names_it():
    html = (SITE / "exercises" / "index.html").read_text(encoding="utf-8")
    for exercise in EXERCISES:
        link = f'../{exercise.page.removeprefix("docs/").removesuffix(".md")}/#{exercise.id}'
        assert f'<a href="{link}">{exercise.id}: {exercise.title}</a>' in html
        assert f'<span class="exercise-mark" data-exercise="{exercise.id}"></span>' in html
    assert 'class="md-button exercise-reset"' in html
    assert re.search(r'<a href="\.\./exercises/" class="md-nav__link">\s*<span class="md-ellipsis">\s*練習問題', page_html("docs/loss.md"))


def test_search_marks_each_exercise_練習問題():
    docs = json.loads((SITE / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    tagged = {doc["location"] for doc in docs if "練習問題" in doc.get("tags", [])}
    for exercise in EXERCISES:
        assert f'{exercise.page.removeprefix("docs/").removesuffix(".md")}/#{exercise.id}' in tagged
    assert not [location for location in tagged if "#" not in location]  # the sections, not whole pages


def test_an_exercise_is_computed_again_only_when_its_entry_or_the_dlcode_code_it_runs_changed():
    """The exercises step keys each exercise as the figures are: an edit of function_1 re-makes the
    exercises on it, not advanced-1 (scikit-learn's digits, about a second); the class that computes
    every answer re-makes all; the module-level solution() shares its name with Exercise's field but
    is not run by the step."""
    from scripts.build import runner
    from scripts.build.dependencies import Dependencies
    from scripts.build.graph import STEPS
    from scripts.steps import make_exercises

    step = next(step for step in STEPS if step.name == "exercises")
    # dlcode is keyed per exercise: a read of the whole step would re-make every exercise on any edit
    assert not [path for path in runner.declared_files((step.command, *step.reads)) if "dlcode" in path.parts]
    items = make_exercises.items()
    assert sorted(items) == sorted(e.id for e in EXERCISES)
    assert all(f'"{e.id}"' in items[e.id].script and e.title in items[e.id].script for e in EXERCISES)

    def changed(module, name):
        dependencies = Dependencies()
        text, node = dependencies.module(module).definitions[name]
        dependencies.module(module).definitions[name] = (text + "# edited\n", node)
        keys = runner.item_keys(step, items, [], dependencies)
        return {item for item, key in keys.items() if key != before[item]}

    before = runner.item_keys(step, items, [], Dependencies())
    on_function_1 = changed("dlcode.slides", "function_1")
    assert "diff-1" in on_function_1 and not {"advanced-1", "loss-1", "gradient-1"} & on_function_1
    assert changed("dlcode.exercises", "_digits_count") == {"advanced-1"}
    assert {"loss-1", "loss-2"} <= changed("dlcode.exercises", "Y3")  # read by their wrong answers' lambdas
    assert changed("dlcode.exercises", "Exercise") == set(items)
    assert changed("dlcode.exercises", "solution") == set()


def test_the_exercises_step_computes_what_only_names_and_the_hooks_name_a_missing_one(tmp_path, capsys):
    from scripts.steps import make_exercises

    assert make_exercises.main(["--out", str(tmp_path), "--only", "diff-1", "--only", "loss-3"]) == 0
    assert sorted(path.name for path in tmp_path.iterdir()) == ["diff-1.json", "loss-3.json"]
    value = make_exercises.read_values(tmp_path, ["diff-1"])["diff-1"]
    assert value["answer"] == next(e for e in EXERCISES if e.id == "diff-1").answer()
    with pytest.raises(FileNotFoundError, match="has not computed diff-2"):
        make_exercises.read_values(tmp_path, ["diff-1", "diff-2"])
    with pytest.raises(SystemExit) as exit_:  # a mistyped id is named, with the ids there are
        make_exercises.main(["--out", str(tmp_path), "--only", "diff-9"])
    assert exit_.value.code == 2 and "unknown exercise id(s) for --only: diff-9; choose from: loss-1" in capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["diff-1.json", "loss-3.json"]
