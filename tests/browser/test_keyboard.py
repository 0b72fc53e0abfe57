"""A parent's journey with only the keyboard: sign in, change language, open a child's page,
sign out. Only Tab, Shift+Tab, Enter and Space move around (and typing into the two
sign-in fields). At every step the focused element must show it is focused, be on the
screen, and come after the one before in reading order. The same journey runs again with
JavaScript switched off.
"""

from dataclasses import dataclass

import pytest
from browsing import DESKTOP, PASSWORD
from pixels import changed_pixels

EMAIL = "parent@oakfield.example"
# The most Tab presses a journey step may need before reaching its target.
MAX_TABS = 40

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) { return null; }
  let box = el.getBoundingClientRect();
  // A radio or checkbox drawn by its label shows its focus there.
  if (getComputedStyle(el).opacity === "0" && el.labels && el.labels.length) {
    const label = el.labels[0].getBoundingClientRect();
    const left = Math.min(box.left, label.left), top = Math.min(box.top, label.top);
    box = {left, top, width: Math.max(box.right, label.right) - left,
           height: Math.max(box.bottom, label.bottom) - top};
  }
  return {
    description: (el.tagName.toLowerCase() + " " + (el.innerText || el.value ||
                  el.getAttribute("aria-label") || "").trim().replace(/\\s+/g, " ")).slice(0, 80),
    x: box.left, y: box.top, width: box.width, height: box.height,
    pageY: box.top + window.scrollY, pageX: box.left + window.scrollX,
    viewWidth: window.innerWidth, viewHeight: window.innerHeight,
    tabIndex: el.tabIndex, inMain: !!el.closest("main"),
    rtl: getComputedStyle(document.documentElement).direction === "rtl",
  };
}"""


@dataclass
class Focus:
    description: str
    x: float
    y: float
    width: float
    height: float
    pageX: float
    pageY: float
    viewWidth: int
    viewHeight: int
    tabIndex: int
    inMain: bool
    rtl: bool


class Keyboard:
    """Moves through a page with Tab and checks each stop."""

    def __init__(self, page):
        self.page = page
        self.path: list[str] = []
        self.previous: Focus | None = None

    def focused(self) -> Focus | None:
        found = self.page.evaluate(FOCUSED)
        return Focus(**found) if found else None

    def page_loaded(self) -> None:
        self.previous = None
        self.path.append(f"-- {self.page.url}")

    def tab(self) -> Focus:
        self.page.keyboard.press("Tab")
        focus = self.focused()
        assert focus is not None, "Tab left the page\n" + self.trail()
        self.path.append(focus.description)
        self._check_visible(focus)
        self._check_order(focus)
        self.previous = focus
        return focus

    def tab_to(self, selector: str) -> Focus:
        """Press Tab until the element matching `selector` has focus."""
        for _ in range(MAX_TABS):
            focus = self.tab()
            if self.page.evaluate(
                "(s) => !!document.activeElement && document.activeElement.matches(s)", selector
            ):
                return focus
        pytest.fail(f"{MAX_TABS} Tabs did not reach {selector}\n" + self.trail())

    def press(self, key: str, *, navigates: bool = False) -> None:
        assert key in ("Enter", "Space")
        if navigates:
            with self.page.expect_navigation():
                self.page.keyboard.press(key)
            self.page_loaded()
        else:
            self.page.keyboard.press(key)

    def trail(self) -> str:
        return "Focus went: " + " → ".join(self.path[-25:])

    def _clip(self, focus: Focus) -> dict:
        pad = 4  # room for an outline drawn outside the element
        x, y = max(focus.x - pad, 0), max(focus.y - pad, 0)
        return {
            "x": x,
            "y": y,
            "width": min(focus.x + focus.width + pad, focus.viewWidth) - x,
            "height": min(focus.y + focus.height + pad, focus.viewHeight) - y,
        }

    def _check_visible(self, focus: Focus) -> None:
        on_screen = (
            focus.width > 0
            and focus.height > 0
            and focus.x >= 0
            and focus.y >= 0
            and focus.x + focus.width <= focus.viewWidth + 1
            and focus.y + focus.height <= focus.viewHeight + 1
        )
        assert on_screen, f"{focus.description} has focus but is not on the screen\n" + self.trail()
        clip = self._clip(focus)
        with_focus = self.page.screenshot(clip=clip)
        # The same place without focus: blur (which never scrolls), look, then come back
        # with Shift+Tab and Tab.
        self.page.evaluate("() => document.activeElement.blur()")
        without_focus = self.page.screenshot(clip=clip)
        self.page.keyboard.press("Shift+Tab")
        self.page.keyboard.press("Tab")
        back = self.focused()
        if back is None:
            # At the page's first element, Shift+Tab leaves the page, and Chromium sometimes
            # comes back in at the other end (seen after the language list's redirect):
            # then Tab leaves the page once more, and the next Tab comes back to the start.
            self.page.keyboard.press("Tab")
            back = self.focused()
        assert back and back.description == focus.description, (
            "Shift+Tab then Tab did not come back to the same place\n" + self.trail()
        )
        changed = changed_pixels(with_focus, without_focus)
        # A 3 px outline or a changed background changes far more than this.
        needed = max(20, int(focus.width + focus.height) // 2)
        assert changed >= needed, (
            f"Focus on {focus.description!r} is not visible enough "
            f"({changed} pixels change, at least {needed} needed)\n" + self.trail()
        )

    def _check_order(self, focus: Focus) -> None:
        assert focus.tabIndex <= 0, f"{focus.description} has a positive tabindex"
        before = self.previous
        if before is None:
            return
        line = max(min(before.height, focus.height) / 2, 8)
        if focus.pageY < before.pageY - line:
            pytest.fail(
                f"Focus jumped up the page from {before.description!r} to {focus.description!r}\n"
                + self.trail()
            )
        if abs(focus.pageY - before.pageY) <= line:  # on the same line: reading direction
            forwards = (
                focus.pageX + focus.width <= before.pageX + before.width + 1
                if focus.rtl
                else focus.pageX >= before.pageX - 1
            )
            assert forwards, (
                f"Focus went backwards along the line from {before.description!r} to "
                f"{focus.description!r}\n" + self.trail()
            )


@pytest.fixture
def parent_journey(browser, live_server):
    def start(javascript: bool):
        live_server.set_locale(EMAIL, "en")
        context = browser.new_context(
            locale="en-GB", viewport=DESKTOP, java_script_enabled=javascript
        )
        contexts.append(context)
        return context.new_page()

    contexts = []
    yield start
    for context in contexts:
        context.close()
    live_server.set_locale(EMAIL, "en")


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_keyboard_only_journey(parent_journey, live_server, javascript):
    page = parent_journey(javascript)
    keys = Keyboard(page)

    # Sign in.
    page.goto(live_server.url("/login"))
    keys.page_loaded()
    first = keys.tab()
    assert page.evaluate("() => document.activeElement.matches('.skip-link')"), (
        f"the first Tab should reach 'Skip to main content', not {first.description}"
    )
    keys.tab_to("input[name=email]")
    page.keyboard.type(EMAIL)
    keys.tab_to("input[name=password]")
    page.keyboard.type(PASSWORD)
    keys.tab_to("main form button[type=submit]")
    keys.press("Enter", navigates=True)
    assert page.url.endswith("/families/"), f"signing in led to {page.url}"

    # Change the language to Urdu with the switcher in the header.
    keys.tab_to("a.language")
    keys.press("Enter", navigates=True)
    keys.tab_to(".language-list__choice[value=ur]")
    keys.press("Space", navigates=True)
    assert page.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == [
        "ur",
        "rtl",
    ]

    # Skip the header, then open a child's page.
    keys.tab_to(".skip-link")
    keys.press("Enter")
    focus = keys.tab()
    assert focus.inMain, f"after 'Skip to main content', Tab went to {focus.description}"
    # A child's name (each card also links to that child's next meeting, further down).
    keys.tab_to("main .card__title a[href*='/families/children/']")
    keys.press("Enter", navigates=True)
    assert "/families/children/" in page.url
    assert page.locator("h1").count() == 1

    # Sign out.
    keys.tab_to(".nav__signout button")
    keys.press("Enter", navigates=True)
    assert page.url.endswith("/login")
    assert page.locator(".notice--success").count() == 1, "no 'You have signed out' notice"
    assert page.evaluate("() => document.documentElement.dir") == "rtl", (
        "the chosen language should stay after signing out"
    )


@pytest.mark.parametrize("javascript", [True, False], ids=["javascript", "no-javascript"])
def test_a_senco_signs_in_with_the_second_step_by_keyboard(browser, live_server, javascript):
    """The SENCO's sign-in has a second page asking for the code from her app."""
    from browsing import second_step_code

    email = "senco@oakfield.example"
    live_server.set_locale(email, "en")
    context = browser.new_context(locale="en-GB", viewport=DESKTOP, java_script_enabled=javascript)
    try:
        page = context.new_page()
        keys = Keyboard(page)
        page.goto(live_server.url("/login"))
        keys.page_loaded()
        keys.tab_to("input[name=email]")
        page.keyboard.type(email)
        keys.tab_to("input[name=password]")
        page.keyboard.type(PASSWORD)
        keys.tab_to("main form button[type=submit]")
        keys.press("Enter", navigates=True)
        assert page.url.endswith("/login/code"), f"the password led to {page.url}"

        keys.page_loaded()
        keys.tab_to("input[name=code]")
        page.keyboard.type("000000")
        keys.press("Enter", navigates=True)
        assert page.locator(".error-summary").count() == 1, "a wrong code shows no error summary"
        if javascript:
            assert page.evaluate("() => document.activeElement.matches('.error-summary')")
        keys.tab_to("input[name=code]")
        page.keyboard.press("Control+A")
        page.keyboard.type(second_step_code(live_server.app, email))
        keys.tab_to("main form button[type=submit]")
        keys.press("Enter", navigates=True)
        assert page.url.endswith("/senco/"), f"the code led to {page.url}"
    finally:
        context.close()
