"""The exercises on the pages, from dlcode/exercises.py (their one source). Called by
scripts/mkdocs_hooks.py:

- page_markdown: a page's `<!-- exercises -->` line becomes its exercises (question, the answer box
  the browser checks, the hints and choice explanations it shows, the worked solution collapsed with
  its code included from dlcode); `<!-- exercises: list -->` (docs/exercises.md) becomes the list
  of all of them by topic, with the places the browser fills with the reader's progress.
What dlcode computes (answers, the values of common wrong answers, question texts with their
counts) comes in ``values``, computed by the build step scripts/steps/make_exercises.py in a
fresh process; the texts typed in dlcode/exercises.py are read here.

- listing: exercises.json, published with the site (id, page URL with anchor, kind, and for a
  numeric exercise its answer and tolerance). The pages carry the same values in their HTML, so the
  browser check works from a file, where a script cannot read another file; the list page embeds
  the same list for its progress view, which reads exercises.json when the site is served.

Answers and hint values are written with repr(): the shortest text that reads back as the same float.
"""
import html
import json

MARKER = "<!-- exercises -->"
SUPPLEMENT = "補足: "  # how the navigation marks a supplement's title (mkdocs.yml)
LIST_ID = "exercise-list"  # the list page's embedded copy of exercises.json
LIST_MARKER = "<!-- exercises: list -->"
SCRIPT = "assets/javascripts/exercises.js"


class ExercisesError(Exception):
    pass


def _exercises():
    from dlcode import exercises  # imported afresh with each build (scripts/mkdocs_hooks.py)

    return exercises


def values(folder):
    """What the build step computed for every exercise (scripts/steps/make_exercises.py)."""
    from scripts.steps import make_exercises

    return make_exercises.read_values(folder, [exercise.id for exercise in _exercises().EXERCISES])


def page_url(page):
    """'docs/loss.md' -> 'loss/' (the site uses directory URLs)."""
    return page.removeprefix("docs/").removesuffix(".md") + "/"


def listing(values):
    """exercises.json's text: the same bytes for the same dlcode."""
    module = _exercises()
    items = []
    for exercise in module.EXERCISES:
        item = {"id": exercise.id, "page": f"{page_url(exercise.page)}#{exercise.anchor}", "title": exercise.title,
                "kind": exercise.kind}
        if exercise.kind == "数値":
            item |= {"answer": values[exercise.id]["answer"], "tolerance": exercise.tolerance}
        items.append(item)
    return json.dumps({"exercises": items}, ensure_ascii=False, indent=1) + "\n"


def page_markdown(markdown, uri, script_url, titles, values):
    """``uri``: the page's source in docs/ (loss.md); ``script_url``: exercises.js relative to the page;
    ``titles``: {source in docs/: its title in the navigation}, the name of each topic; ``values``:
    what the build step computed (values())."""
    if MARKER not in markdown and LIST_MARKER not in markdown:
        return markdown
    module = _exercises()
    if LIST_MARKER in markdown:
        site_root = script_url.removesuffix(SCRIPT)  # "../" from the list page
        return markdown.replace(LIST_MARKER, _list(module, titles, values, site_root) + _script(script_url))
    mine = [e for e in module.EXERCISES if e.page == f"docs/{uri}"]
    if not mine:
        raise ExercisesError(f"{uri} has the line {MARKER} but dlcode/exercises.py has no exercise for it")
    if markdown.count(MARKER) != 1:
        raise ExercisesError(f"{uri} has the line {MARKER} {markdown.count(MARKER)} times, not once")
    up = "../" * uri.count("/")  # Markdown links from a supplement (supplement/x.md) to the top's pages
    blocks = [_intro(titles[uri], mine, up)] + [_exercise(module, e, values[e.id], up) for e in mine]
    return markdown.replace(MARKER, "\n\n".join(blocks) + _script(script_url))


def _script(url):
    return f'\n\n<script src="{html.escape(url)}"></script>\n'


def _attribute(value):
    return html.escape(value, quote=True)


def _intro(topic, mine, up):
    ids = " ".join(e.id for e in mine)
    # the topic in the heading: each page's heading finds that page in the search; a supplement's
    # title, marked 補足 in the navigation, quoted
    heading = f"「{topic.removeprefix(SUPPLEMENT)}」" if topic.startswith(SUPPLEMENT) else topic
    return (f"## {heading}の練習問題 {{#exercises}}\n\n"
            f"このページの内容を確かめる {len(mine)} 問。数値の問題は答えを入力して Enter（または「答え合わせ」）で、"
            f"選ぶ問題は選んで確かめられる。コードの問題は、手元の Python か"
            f"[練習問題のノートブック]({up}notebooks/exercises.ipynb)で `check` を呼んで確かめる。"
            f"結果はこのブラウザの中にだけ記録され、[練習問題]({up}exercises.md)のページで一覧できる。\n\n"
            f'<p class="exercise-progress" data-exercises="{ids}" data-before="このページの練習問題: ">'
            f"このページの練習問題: {len(mine)} 問</p>")


def _indent(text, spaces=4):
    return "\n".join((" " * spaces + line) if line else "" for line in text.splitlines())


def _exercise(module, exercise, value, up):
    question, explanation = value["question"], value["explanation"]
    head = f"### {exercise.id}: {exercise.title} {{#{exercise.anchor}}}"
    kind = f'<p class="exercise-kind">{module.KINDS[exercise.kind]}</p>'
    open_div = (f'<div class="exercise" data-exercise="{exercise.id}" data-kind="{exercise.kind}"'
                + (f' data-answer="{value["answer"]!r}" data-tolerance="{exercise.tolerance!r}"'
                   if exercise.kind == "数値" else "") + " markdown>")
    if exercise.kind == "数値":
        rule = ("整数で答える。" if exercise.tolerance == 0 else
                f"答えとの差が {exercise.tolerance:g} 以下なら正解とする。")
        body = [f"{question}{rule}", _number_form(exercise), _hints(value["wrong"], value["hint"])]
        solved = [_code(exercise), explanation]
    elif exercise.kind == "選択":
        body = [question, _choice_form(module, exercise)]
        solved = [f"正解は{exercise.correct_label()}。", "\n".join(
            f"- {label}: {choice.explanation}" for label, choice in zip(module.CHOICE_LABELS, exercise.choices)),
            explanation]
    else:
        call = f'from dlcode.exercises import check\ncheck("{exercise.id}", {_function_name(exercise)})'
        body = [question,
                f"次の形の関数を書き、下の 2 行で確かめる。`check` は正しければ「正解」と言い、違えばどの入力で何が"
                f"期待され何が返ってきたかを言う（`dlcode` は[ダウンロードできる]({up}notebooks/exercises.ipynb)）。",
                f"```python\n{exercise.signature}\n    ...\n\n{call}\n```"]
        solved = [_code(exercise), explanation]
    details = '??? success "解答と解説"\n' + _indent("\n\n".join(part for part in solved if part))
    status = '<div class="exercise-status" role="status"></div>' if exercise.kind != "コード" else ""
    parts = [head, open_div, kind, *body, status, details, "</div>"]
    return "\n\n".join(part for part in parts if part)


def _function_name(exercise):
    return exercise.signature.removeprefix("def ").split("(")[0]


def _code(exercise):
    return f'```python\n--8<-- "dlcode/exercises.py:{exercise.section}"\n```'


def _number_form(exercise):
    field = f"{exercise.id}-answer"
    # one line: the label's and the button's words are not one phrase with a space inside
    return (f'<form class="exercise-form" data-exercise="{exercise.id}" novalidate>'
            f'<label for="{field}">{exercise.id} の答え</label>'
            f'<input id="{field}" type="text" inputmode="decimal" autocomplete="off" spellcheck="false" '
            f'enterkeyhint="done">'
            f'<button type="submit" class="md-button">答え合わせ</button></form>')


def _hints(wrongs, hint):
    lines = ['<div class="exercise-hints" hidden markdown>']
    for value, text in wrongs:
        lines += [f'<p data-value="{value!r}" markdown="span">{text}</p>']
    lines += [f'<p data-value="" markdown="span">ヒント: {hint}</p>', "</div>"]
    return "\n".join(lines)


def _choice_form(module, exercise):
    lines = [f'<form class="exercise-form exercise-choices" data-exercise="{exercise.id}" markdown>',
             f'<fieldset markdown>\n<legend>{exercise.id} の選択肢</legend>']
    for label, choice in zip(module.CHOICE_LABELS, exercise.choices):
        field = f"{exercise.id}-{module.CHOICE_LABELS.index(label)}"
        lines.append(f'<div class="exercise-choice" markdown><input type="radio" id="{field}" name="{exercise.id}" '
                     f'value="{label}"> <label for="{field}">{label}. {choice.text}</label></div>')
    lines += ['</fieldset><button type="submit" class="md-button">答え合わせ</button>', "</form>",
              '<div class="exercise-hints" hidden markdown>']
    for label, choice in zip(module.CHOICE_LABELS, exercise.choices):
        right = " data-correct" if choice.correct else ""
        lines.append(f'<p data-choice="{label}"{right} markdown="span">{label}: {choice.explanation}</p>')
    lines.append("</div>")
    return "\n".join(lines)


def _list(module, titles, values, site_root):
    """docs/exercises.md: every exercise by topic, in the navigation's order, each with the mark the
    browser fills. The progress view reads the list of exercises from exercises.json when served;
    from a file, where it cannot fetch, from the copy embedded here (the same listing())."""
    # compact: the same list as exercises.json, without its indentation; no "</script>" inside the script
    embedded = json.dumps(json.loads(listing(values)), ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    out = [f'<p class="exercise-total" data-list="{site_root}exercises.json" aria-live="polite">'
           f"全部で {len(module.EXERCISES)} 問。</p>",
           f'<script type="application/json" id="{LIST_ID}">{embedded}</script>',
           '<p><button type="button" class="md-button exercise-reset">記録を消す</button></p>']
    unlisted = sorted({e.page for e in module.EXERCISES} - {f"docs/{uri}" for uri in titles})
    if unlisted:  # a topic is a page of the navigation: one missing would drop its exercises from the list
        raise ExercisesError(f"exercises on pages not in the navigation (mkdocs.yml): {', '.join(unlisted)}")
    for uri, topic in titles.items():
        mine = [e for e in module.EXERCISES if e.page == f"docs/{uri}"]
        if not mine:
            continue
        # a topic is no heading: typed into the search, a topic's name finds the page that teaches it
        out.append(f'<p class="exercise-topic"><strong>{topic}</strong><span class="exercise-progress" '
                   f'data-page="{page_url(mine[0].page)}" data-before="（" data-after="）">（{len(mine)} 問）</span></p>')
        out.append("\n".join(
            f'- [{e.id}: {e.title}]({uri}#{e.anchor})（{module.KINDS[e.kind]}）'
            f' <span class="exercise-mark" data-exercise="{e.id}"></span>' for e in mine))
    return "\n\n".join(out)
