"""Languages: who chooses, right-to-left, and dates through Babel."""

import re

import pytest
import sqlalchemy as sa

from portal.extensions import db
from portal.models import User


def html_tag(text):
    return re.search(r"<html[^>]*>", text).group(0)


def test_browser_language_is_used_before_sign_in(client, demo):
    page = client.get("/login", headers={"Accept-Language": "pl-PL,pl;q=0.9,en;q=0.5"})
    assert 'lang="pl"' in html_tag(page.text)
    assert 'dir="ltr"' in html_tag(page.text)


def test_school_default_when_nothing_else_matches(client, demo):
    page = client.get("/login", headers={"Accept-Language": "de-DE"})
    assert 'lang="en-GB"' in html_tag(page.text)


def test_urdu_pages_are_right_to_left(client, demo):
    page = client.get("/login", headers={"Accept-Language": "ur"})
    assert 'lang="ur"' in html_tag(page.text) and 'dir="rtl"' in html_tag(page.text)


def test_choice_on_the_page_beats_the_browser(client, demo):
    client.submit("/language", {"locale": "ur", "next": "/login"}, page="/login")
    page = client.get("/login", headers={"Accept-Language": "pl"})
    assert 'lang="ur"' in html_tag(page.text)


def test_switcher_is_a_link_to_every_language_named_in_itself(client, demo):
    """The header links to the list (no script needed); each language is named in itself."""
    from portal.i18n import LANGUAGES, offered_languages

    page = client.get("/help/words").text
    assert '<a class="language" href="/language?next=/help/words">' in page
    listing = client.get("/language?next=/help/words").text
    assert '<form class="language-list" method="post" action="/language">' in listing
    for code in offered_languages():
        assert f'value="{code}"' in listing
        assert (
            f'<span class="language-list__name" lang="{code}">{LANGUAGES[code]}</span>' in listing
        )
    response = client.submit("/language", {"locale": "pl", "next": "/help/words"}, page="/language")
    assert response.headers["Location"] == "/help/words"
    assert 'lang="pl"' in html_tag(client.get("/help/words").text)


def test_switcher_refuses_unknown_languages_and_outside_redirects(client, demo):
    response = client.submit("/language", {"locale": "xx", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    assert 'lang="en-GB"' in html_tag(client.get("/login").text)


def test_saved_choice_follows_the_user(login, demo, app):
    nadia = login("ami@oakfield.example")  # Nadia's saved language is Urdu
    page = nadia.get("/families/", headers={"Accept-Language": "en"})
    assert 'lang="ur"' in html_tag(page.text) and 'dir="rtl"' in html_tag(page.text)

    nadia.submit("/language", {"locale": "en", "next": "/families/"}, page="/families/")
    with app.app_context():
        saved = db.session.scalar(
            sa.select(User.locale).where(User.email == "ami@oakfield.example")
        )
    assert saved == "en"
    # Next time, from another device, the saved choice is used.
    again = login("ami@oakfield.example").get("/families/", headers={"Accept-Language": "ur"})
    assert 'lang="en-GB"' in html_tag(again.text)


def test_account_page_saves_the_language(login, app):
    sarah = login("parent@oakfield.example")
    response = sarah.submit("/account/language", {"lang-locale": "pl"}, page="/account")
    assert response.status_code == 302
    assert 'lang="pl"' in html_tag(sarah.get("/account").text)


def test_empty_language_choice_is_an_error_not_a_crash(login):
    sarah = login("parent@oakfield.example")
    response = sarah.submit("/account/language", {}, page="/account")
    assert response.status_code == 400
    assert "Choose a language" in response.text


DATES = {
    "en": "14 March 2019",
    "pl": "14 marca 2019",
    "ur": "14 مارچ، 2019",
    "pa": "14 ਮਾਰਚ 2019",
    "bn": "14 মার্চ, 2019",
    "ar": "14 مارس 2019",
    "ro": "14 martie 2019",
    "so": "Maarso 14, 2019",
    "pt": "14 de março de 2019",
    "uk": "14 березня 2019\u202fр.",  # a narrow no-break space before р.
}


@pytest.mark.parametrize("locale,expected", DATES.items())
def test_dates_are_formatted_for_the_language(login, demo, locale, expected):
    from portal.i18n import offered_languages

    if locale not in offered_languages():
        pytest.skip(f"the {locale} catalog is not complete in the repo yet")
    senco = login("senco@oakfield.example")
    senco.submit("/language", {"locale": locale, "next": "/"}, page="/senco/")
    amelia = demo.pupil("Amelia", "Clarke")
    assert expected in senco.get(f"/staff/pupils/{amelia.id}").text


def read_catalog(path):
    from babel.messages.pofile import read_po

    with open(path, "rb") as file:
        return read_po(file)


def catalogs_present():
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "translations"
    return sorted(p.parent.parent.name for p in root.glob("*/LC_MESSAGES/messages.po"))


@pytest.mark.parametrize("language", catalogs_present())
def test_every_catalog_in_the_repo_covers_every_string(language):
    """Every msgid in the template has a translation, none fuzzy, every plural form filled,
    with the language's own number of plural forms (Arabic 6; Polish, Romanian, Ukrainian 3)."""
    from pathlib import Path

    from babel.messages.plurals import get_plural

    root = Path(__file__).resolve().parent.parent / "translations"
    template = read_catalog(root / "messages.pot")
    wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in template if m.id}
    catalog = read_catalog(root / language / "LC_MESSAGES" / "messages.po")
    expected = get_plural(language)
    assert catalog.num_plurals == expected.num_plurals, (language, catalog.plural_forms)
    missing = [
        m.id
        for m in catalog
        if m.id and (not m.string or (isinstance(m.string, tuple) and not all(m.string)))
    ]
    short = [
        m.id[0]
        for m in catalog
        if m.id and isinstance(m.id, tuple) and len(m.string) != expected.num_plurals
    ]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    have = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog if m.id}
    assert not (wanted - have), (language, sorted(wanted - have)[:10])
    assert not missing, (language, len(missing), missing[:5])
    assert not short, (language, short[:5])
    assert not fuzzy, (language, fuzzy[:5])


def test_the_catalogs_the_portal_depends_on_are_present():
    assert {"pl", "ur", "ar"} <= set(catalogs_present())


def test_template_is_up_to_date_with_the_code(tmp_path):
    """messages.pot holds every string in the code: nobody forgot `translate update`."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    fresh = tmp_path / "fresh.pot"
    from portal.cli import EXTRACT_ARGS

    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            *EXTRACT_ARGS,
            "-o",
            str(fresh),
            ".",
        ],
        cwd=root,
        check=True,
        capture_output=True,
    )

    def ids(path):
        return {
            m.id if isinstance(m.id, str) else m.id[0]  # noqa: E731
            for m in read_catalog(path)
            if m.id
        }

    missing = ids(fresh) - ids(root / "translations" / "messages.pot")
    assert not missing, sorted(missing)[:10]


def test_wtforms_own_messages_follow_the_page_language_request_by_request(app):
    """WTForms' built-in messages come from a catalog found once per language (portal.i18n),
    and each request still gets its own page's language."""
    from flask import request
    from flask_babel import force_locale
    from flask_wtf import FlaskForm
    from wtforms import SelectField

    class Pick(FlaskForm):
        class Meta:
            csrf = False

        colour = SelectField(choices=["red"])

    for language, refused in [("pl", "Nieprawidłowy wybór"), ("en", "Not a valid choice")]:
        with app.test_request_context("/?colour=blue"):
            app.preprocess_request()
            with force_locale(language):
                form = Pick(formdata=request.args)
                assert not form.validate()
                assert refused in form.colour.errors[0]


def test_templates_translate_as_jinja_newstyle_gettext_does(app):
    """`_`, `gettext`, `ngettext` and `pgettext` in templates go to the request's catalog in
    one step (portal.i18n.template_gettext) and keep Jinja's newstyle rules: always a format
    string, the words as markup and the variables escaped in HTML, nothing escaped in text
    (emails), `num` given to plurals, `{% trans %}` the same, and `force_locale` followed."""
    from flask_babel import force_locale

    env = app.jinja_env
    html = env.from_string(
        '{% autoescape true %}{{ _("Support plan for %(name)s", name=who) }}|'
        '{{ ngettext("%(count)s event", "%(count)s events", n, count=n) }}|'
        '{{ ngettext("%(num)s minute", "%(num)s minutes", n) }}|'
        '{{ pgettext("pupil", "Back") }}|{{ _("100%% sure") }}|'
        "{% trans name=who %}Support plan for {{ name }}{% endtrans %}{% endautoescape %}"
    )
    text = env.from_string(
        '{% autoescape false %}{{ _("Support plan for %(name)s", name=who) }}{% endautoescape %}'
    )
    with app.test_request_context("/"):
        app.preprocess_request()
        english = html.render(who="<Zoë & Jo>", n=3).split("|")
        assert english == [
            "Support plan for &lt;Zoë &amp; Jo&gt;",
            "3 events",
            "3 minutes",
            "Back",
            "100% sure",
            "Support plan for &lt;Zoë &amp; Jo&gt;",
        ]
        assert text.render(who="<Zoë & Jo>") == "Support plan for <Zoë & Jo>"
        with force_locale("ur"):
            from flask_babel import gettext, ngettext, pgettext

            urdu = html.render(who="Zoë", n=3).split("|")
            assert urdu[0] == gettext("Support plan for %(name)s", name="Zoë") != english[0]
            assert urdu[1] == ngettext("%(count)s event", "%(count)s events", 3, count=3)
            assert urdu[1] != english[1]
            assert urdu[3] == pgettext("pupil", "Back") != "Back"
            assert urdu[5] == urdu[0]
        assert html.render(who="Zoë", n=1).split("|")[2] == "1 minute"
