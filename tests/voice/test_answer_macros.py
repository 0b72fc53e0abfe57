"""The answer macros, rendered in test-only templates: what a browser without JavaScript gets."""

import re

import pytest
import textstat
from werkzeug.datastructures import MultiDict

from portal.files.recording import RECORDING_PERMISSIONS, RECORDING_POLICY, recording_page
from portal.symbol_banks import bank_for
from portal.talking_mat import COLUMNS, SCHOOL_TOPICS, read_board


@pytest.fixture
def render(app):
    def render(source: str, **context) -> str:
        with app.test_request_context():
            return app.jinja_env.from_string(source).render(**context)

    return render


def test_answer_cards_are_checkboxes_with_words_and_symbols(render):
    html = render(
        '{% from "macros/answer_cards.html" import symbol_cards %}'
        '{{ symbol_cards("helps-cards", cards, ["more_time"]) }}',
        cards=bank_for("helps"),
    )
    boxes = re.findall(
        r'<input class="card-choice__input" type="checkbox" id="([^"]+)" '
        r'name="helps-cards" value="([^"]+)"( checked)?>',
        html,
    )
    assert [value for _, value, _ in boxes] == [c.key for c in bank_for("helps")]
    assert [value for _, value, checked in boxes if checked] == ["more_time"]
    for id_, _, _ in boxes:
        assert f'<label class="card-choice__label" for="{id_}">' in html
    assert html.count('alt=""') == len(bank_for("helps"))  # the words say it, not the image
    assert "<span data-say>A quiet place</span>" in html  # Listen reads every card
    assert "<legend" in html


def test_the_board_without_javascript_is_three_choices_per_card(render):
    html = render(
        '{% from "macros/board.html" import board %}{{ board("feel", topics, columns, values) }}',
        topics=SCHOOL_TOPICS,
        columns=COLUMNS,
        values={"maths": "not_good"},
    )
    for topic in SCHOOL_TOPICS:
        radios = re.findall(
            rf'type="radio" id="feel-{topic.key}-(\w+)" name="feel-{topic.key}"', html
        )
        assert radios == ["good", "not_sure", "not_good"], topic.key
    assert html.count(" checked") == 1
    assert 'id="feel-maths-not_good" name="feel-maths" value="not_good" checked' in html
    # The board itself waits, hidden, for board.js; the radios are what is shown.
    assert re.search(r'class="board__board" data-board-live hidden', html)
    assert "data-board-fallback" in html and "data-board-fallback hidden" not in html
    # Its announcements are translated sentences with the card's and column's place kept.
    assert 'data-msg-moved="{card}: {column}."' in html


def test_what_the_board_sends_is_read_strictly():
    form = MultiDict(
        {
            "feel-maths": "good",
            "feel-reading": "not_good",
            "feel-tests": "brilliant",
            "feel-unknown": "good",
            "other-maths": "not_good",
        }
    )
    assert read_board(form, "feel", SCHOOL_TOPICS) == {"maths": "good", "reading": "not_good"}


def test_the_recording_field_is_a_file_input_until_the_recorder_takes_over(render):
    html = render(
        '{% from "macros/answer_media.html" import recording_field %}'
        '{{ recording_field("recording", error="This recording is longer than 2 minutes.") }}'
    )
    assert re.search(
        r'<input class="file-input" type="file" id="recording" name="recording" '
        r'accept="audio/webm,audio/mp4,audio/mpeg,[^"]*">',
        html,
    )
    assert 'data-max-seconds="120"' in html and 'data-max-bytes="4194304"' in html
    assert "data-recorder-live hidden" in html  # no recorder without JavaScript
    assert 'aria-describedby="recording-hint recording-error"' in html
    assert "This recording is longer than 2 minutes." in html
    assert 'data-msg-left="{time} left."' in html


def test_the_picture_field_shows_what_was_sent_through_the_access_rule(render):
    class Stored:
        id, width, height = 41, 200, 300

    html = render(
        '{% from "macros/answer_media.html" import picture_field %}'
        '{{ picture_field("picture", current=stored) }}',
        stored=Stored(),
    )
    assert 'accept="image/jpeg,image/png,image/gif,image/webp"' in html
    assert 'src="/files/41"' in html and 'alt="The picture you sent"' in html
    assert "capture" not in html  # the phone offers its camera and its files


def test_talk_now_is_easy_to_read_and_gives_childline(render):
    html = render(
        '{% from "safeguarding/_talk_now.html" import talk_now %}{{ talk_now(adults) }}',
        adults=["Tom Evans", "Helen Price"],
    )
    assert 'href="tel:08001111"' in html and "0800 1111" in html
    assert "<li data-say>Tom Evans</li>" in html
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert textstat.flesch_kincaid_grade(text) <= 3, text


def test_a_recording_page_may_use_the_microphone_and_play_back(app):
    @recording_page
    def view():
        return "a page"

    with app.test_request_context():
        response = view()
    assert response.headers["Permissions-Policy"] == RECORDING_PERMISSIONS
    assert "microphone=(self)" in RECORDING_PERMISSIONS and "camera=()" in RECORDING_PERMISSIONS
    assert "media-src 'self' blob:" in response.headers["Content-Security-Policy"]
    assert RECORDING_POLICY.startswith("default-src 'self'")


def test_other_pages_still_forbid_the_microphone(client):
    response = client.get("/")
    assert "microphone=()" in response.headers["Permissions-Policy"]
    assert "blob:" not in response.headers["Content-Security-Policy"]
