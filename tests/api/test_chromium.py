"""The web page in headless Chromium (Debian's chromium + chromium-driver, driven by selenium) against a real
uvicorn over the real index, at a desktop width and a 390 px phone: asking, citations, the Roles tab, auto-scroll,
👍/👎 with a comment, copy, the transcript across reloads, errors with retry, stop and timeout, tables that fit
the phone, WCAG AA contrast (light and dark), and /docs and /redoc loading nothing from elsewhere. Screenshots go
to each test's tmp folder."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_server import UvicornServer, private_index, served_env
from page_checks import assert_contrast, assert_fits

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,900",
]
VIEWPORTS = {"desktop": (1280, 900, False), "phone": (390, 844, True)}
SERVER_TIMEOUT = 2  # ASSISTANT_REQUEST_TIMEOUT_SECONDS: the page gives up after 2 + 5 s without progress
ROI = "who owns marketing ROI?"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install chromium)"
    ),
]


@pytest.fixture(scope="module")
def page_server(
    real_data_dir: Path, real_service: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[UvicornServer]:
    data = private_index(real_data_dir, tmp_path_factory)
    env = {**served_env(real_service, data), "ASSISTANT_REQUEST_TIMEOUT_SECONDS": str(SERVER_TIMEOUT)}
    with UvicornServer(env, data.parent / "server.log") as server:
        yield server


@pytest.fixture
def open_browser(tmp_path: Path) -> Iterator[Callable[[str], Any]]:
    """open_browser("desktop" | "phone") -> a selenium Chrome with that viewport (phone: emulated 390 px)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not CHROMEDRIVER.exists():
        pytest.fail(
            "/usr/bin/chromium is installed but /usr/bin/chromedriver is not (apt-get install chromium-driver)"
        )
    drivers: list[Any] = []

    def start(viewport: str) -> Any:
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in [*FLAGS, f"--user-data-dir={tmp_path / f'profile-{len(drivers)}'}"]:
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
        driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
        drivers.append(driver)
        width, height, mobile = VIEWPORTS[viewport]
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 2 if mobile else 1, "mobile": mobile},
        )
        return driver

    yield start
    for driver in drivers:
        driver.quit()


@pytest.fixture
def screenshots(tmp_path: Path) -> Callable[[Any, str], None]:
    folder = tmp_path / "screenshots"
    folder.mkdir()

    def shoot(browser: Any, name: str) -> None:
        assert browser.save_screenshot(str(folder / f"{name}.png"))

    return shoot


def _wait(browser: Any, seconds: float = 30) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(browser, seconds)


def _ask(browser: Any, question: str, answers_before: int) -> Any:
    """Type the question, send it with Enter, wait for its finished answer; returns that message."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    box = _wait(browser).until(lambda d: d.find_element(By.ID, "question"))
    box.send_keys(question, Keys.ENTER)
    done = ".msg.bot[data-kind]"
    _wait(browser).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, done)) == answers_before + 1)
    return browser.find_elements(By.CSS_SELECTOR, done)[-1]


def _severe(browser: Any) -> list[dict[str, Any]]:
    return [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_ask_see_the_cro_open_a_citation_and_browse_roles(
    open_browser: Callable[[str], Any],
    page_server: UvicornServer,
    screenshots: Callable[[Any, str], None],
    viewport: str,
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    browser = open_browser(viewport)
    wait = _wait(browser)
    browser.get(page_server.base_url + "/")
    assert browser.execute_script("return window.innerWidth") == VIEWPORTS[viewport][0]
    first = _ask(browser, ROI, 0)
    badge = first.find_element(By.CSS_SELECTOR, ".badge[data-role='cro']")
    assert "CRO" in badge.text and "Chief Revenue Officer" in badge.text
    assert first.get_attribute("data-kind") == "owner"
    assert "Chief Revenue Officer" in first.find_element(By.CSS_SELECTOR, ".text").text
    citation = first.find_element(By.CSS_SELECTOR, ".citation")
    screenshots(browser, f"{viewport}-chat-answer")
    assert_fits(browser, f"{viewport} chat")
    assert_contrast(browser, f"{viewport} chat")

    rendering = citation.find_element(By.CSS_SELECTOR, ".translation[lang='en']")  # beside the Finnish quote
    assert rendering.text.startswith("English translation: “Advertising and marketing investments:")
    assert citation.find_element(By.CSS_SELECTOR, ".quote[lang='fi']").text.startswith("“Mainonta- ja")

    citation.click()
    mark = wait.until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, "#passage[open] #passage-text mark"))
    )
    assert mark.text and mark.text[:20] in citation.text
    assert browser.find_element(By.ID, "passage-section").text
    # the passage in its section: neighbours around it, the cited one marked, each with its English rendering
    context = browser.find_elements(By.CSS_SELECTOR, "#passage-text .context")
    cited = browser.find_element(By.CSS_SELECTOR, "#passage-text .context.cited[aria-current='true']")
    assert len(context) > 1 and cited.find_element(By.TAG_NAME, "mark") == mark
    assert "Cited passage" in cited.text
    english = cited.find_element(By.CSS_SELECTOR, "p.translation[lang='en']").text
    assert english.startswith("English translation: Advertising and marketing investments:")
    assert context[0].find_element(By.CSS_SELECTOR, ".original[lang='fi']").text == "CRO keskittyy:"
    assert context[0].find_element(By.CSS_SELECTOR, ".translation").text.endswith("The CRO focuses on:")
    assert_contrast(browser, f"{viewport} passage")
    screenshots(browser, f"{viewport}-chat-passage")
    browser.find_element(By.CSS_SELECTOR, "#passage button[aria-label='Close']").click()
    wait.until(ec.invisibility_of_element_located((By.ID, "passage")))

    second = _ask(browser, "who do they report to?", 1)
    assert {b.get_attribute("data-role") for b in second.find_elements(By.CSS_SELECTOR, ".badge")} & {
        "ceo",
        "board",
    }

    browser.find_element(By.ID, "tab-roles").click()
    wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#hierarchy li button")))
    row = wait.until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, "#ownership tr[data-duty='marketing_roi']"))
    )
    assert row.find_element(By.CSS_SELECTOR, ".badge[data-role='cro']")
    browser.find_element(By.CSS_SELECTOR, "#hierarchy button[data-role='cro']").click()
    detail = wait.until(ec.visibility_of_element_located((By.CSS_SELECTOR, "#role-detail h2")))
    assert "Chief Revenue Officer" in detail.text
    browser.execute_script("document.querySelector('#ownership').scrollIntoView()")
    screenshots(browser, f"{viewport}-roles-view")
    assert_fits(browser, f"{viewport} roles")  # the who-owns-what table fits a 390 px phone
    assert_contrast(browser, f"{viewport} roles")

    browser.execute_cdp_cmd(
        "Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]}
    )
    assert browser.execute_script("return matchMedia('(prefers-color-scheme: dark)').matches")
    assert_contrast(browser, f"{viewport} roles, dark")
    screenshots(browser, f"{viewport}-roles-dark")
    browser.find_element(By.ID, "tab-chat").click()
    assert_contrast(browser, f"{viewport} chat, dark")
    screenshots(browser, f"{viewport}-chat-dark")
    assert _severe(browser) == []


def test_a_finnish_answer_shows_no_translations_but_its_passage_in_context(
    open_browser: Callable[[str], Any], page_server: UvicornServer
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    browser = open_browser("desktop")
    browser.get(page_server.base_url + "/")
    answer = _ask(browser, "kuka vastaa markkinoinnin ROI:sta?", 0)
    citation = answer.find_element(By.CSS_SELECTOR, ".citation")
    assert citation.text and not answer.find_elements(By.CSS_SELECTOR, ".translation")
    citation.click()
    _wait(browser).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, "#passage[open] .context.cited mark"))
    )
    assert len(browser.find_elements(By.CSS_SELECTOR, "#passage-text .context")) > 1
    assert not browser.find_elements(By.CSS_SELECTOR, "#passage-text .translation")
    assert _severe(browser) == []


def test_scroll_copy_feedback_and_the_transcript_across_reloads(
    open_browser: Callable[[str], Any], page_server: UvicornServer, screenshots: Callable[[Any, str], None]
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec

    browser = open_browser("phone")
    wait = _wait(browser)
    browser.execute_cdp_cmd(
        "Browser.grantPermissions",
        {"origin": page_server.base_url, "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]},
    )
    browser.get(page_server.base_url + "/")
    questions = ["what does a CSO do?", "what is the difference between a CSO and a CRO?", ROI]
    for n, question in enumerate(questions):
        _ask(browser, question, n)
    # the newest answer is in view, above the question box, though the page is taller than the screen
    seen = browser.execute_script(
        "const last = [...document.querySelectorAll('.msg.bot')].pop().getBoundingClientRect();"
        "const form = document.querySelector('#ask').getBoundingClientRect();"
        "return {bottom: last.bottom, formTop: form.top, scrollY: window.scrollY,"
        " tall: document.scrollingElement.scrollHeight > window.innerHeight};"
    )
    assert seen["tall"] and seen["scrollY"] > 0, seen
    assert seen["bottom"] <= seen["formTop"] + 1, seen
    screenshots(browser, "phone-scrolled-to-newest")

    last = browser.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1]
    last.find_element(By.CSS_SELECTOR, "button.copy").click()
    wait.until(lambda d: last.find_element(By.CSS_SELECTOR, "button.copy").get_attribute("data-copied"))
    assert last.find_element(By.CSS_SELECTOR, "button.copy").get_attribute("data-copied") == "true"
    copied = browser.execute_async_script(
        "navigator.clipboard.readText().then(arguments[0], (e) => arguments[0]('error: ' + e))"
    )
    assert (
        copied.startswith(last.find_element(By.CSS_SELECTOR, ".text").text) and "\n\nSources:\n[1] " in copied
    )
    assert "”\n    English translation: “Advertising and marketing investments:" in copied

    first = browser.find_elements(By.CSS_SELECTOR, ".msg.bot")[0]
    down = first.find_element(By.CSS_SELECTOR, "button.vote[data-rating='down']")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", down)
    down.click()
    comment = wait.until(lambda d: first.find_element(By.CSS_SELECTOR, "form.feedback textarea"))
    assert comment.is_displayed()
    comment.send_keys("I wanted the CSO's reports too")
    assert_contrast(browser, "feedback form")
    screenshots(browser, "phone-feedback-form")
    first.find_element(By.CSS_SELECTOR, "form.feedback button[type='submit']").click()
    wait.until(lambda d: first.find_elements(By.CSS_SELECTOR, ".thanks"))
    [item] = httpx.get(page_server.base_url + "/v1/feedback").json()
    assert (item["vote"], item["comment"], item["question"], item["source"]) == (
        "down",
        "I wanted the CSO's reports too",
        questions[0],
        "http",
    )

    browser.refresh()  # the transcript comes back, feedback state included, and the server context goes on
    wait.until(lambda d: d.find_element(By.ID, "messages").get_attribute("data-restored") == "3")
    restored = browser.find_elements(By.CSS_SELECTOR, ".msg.bot[data-kind]")
    assert [m.find_element(By.CSS_SELECTOR, ".text").text for m in restored][2].startswith(
        "The Chief Revenue"
    )
    assert restored[0].find_elements(By.CSS_SELECTOR, ".thanks")
    vote = restored[0].find_element(By.CSS_SELECTOR, "button.vote[data-rating='down']")
    assert vote.get_attribute("aria-pressed") == "true" and not vote.is_enabled()
    follow_up = _ask(browser, "who do they report to?", 3)
    assert {b.get_attribute("data-role") for b in follow_up.find_elements(By.CSS_SELECTOR, ".badge")} & {
        "ceo",
        "board",
    }
    screenshots(browser, "phone-after-reload")

    browser.find_element(By.ID, "new-conversation").click()  # "New" clears the view and what is kept
    wait.until(ec.visibility_of_element_located((By.ID, "empty")))
    kept = "return [localStorage.getItem('ra.transcript'), localStorage.getItem('ra.conversation_id')]"
    assert browser.execute_script(kept) == [None, None]
    browser.refresh()
    wait.until(ec.visibility_of_element_located((By.ID, "empty")))
    # the page marks what it restored once its script has run (the empty view shows before that)
    wait.until(lambda d: d.find_element(By.ID, "messages").get_attribute("data-restored") is not None)
    assert browser.find_element(By.ID, "messages").get_attribute("data-restored") == "0"
    assert browser.find_elements(By.CSS_SELECTOR, ".msg") == []
    assert _severe(browser) == []


def test_errors_offer_a_retry_that_keeps_the_question_and_stop_and_timeout_end_a_wait(
    open_browser: Callable[[str], Any], page_server: UvicornServer, screenshots: Callable[[Any, str], None]
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser = open_browser("desktop")
    wait = _wait(browser)
    browser.get(page_server.base_url + "/")
    box = wait.until(lambda d: d.find_element(By.ID, "question"))
    _wait(browser).until(lambda d: d.find_element(By.ID, "messages").get_attribute("data-restored"))

    # the server cannot be reached: a clear message, Retry, and the question still in the box
    browser.execute_cdp_cmd("Network.enable", {})
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": ["*/v1/chat"]})
    box.send_keys(ROI, Keys.ENTER)
    failed = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, ".msg.bot.error[data-error='unreachable']"))
    assert "Can't reach the server" in failed.text and "Failed to fetch" not in failed.text
    assert box.get_attribute("value") == ROI
    assert_contrast(browser, "error", at_least=5)
    screenshots(browser, "desktop-unreachable")
    browser.execute_cdp_cmd("Network.setBlockedURLs", {"urls": []})
    failed.find_element(By.CSS_SELECTOR, "button.retry").click()
    answer = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, ".msg.bot[data-kind='owner']"))
    assert "Chief Revenue Officer" in answer.text
    assert browser.find_elements(By.CSS_SELECTOR, ".msg.error") == [] and box.get_attribute("value") == ""

    # a hung server (requests held in the browser): Stop ends the wait at once
    browser.execute_cdp_cmd("Fetch.enable", {"patterns": [{"urlPattern": "*/v1/chat*"}]})
    box.send_keys("what does a CSO do?", Keys.ENTER)
    stop = wait.until(lambda d: d.find_element(By.ID, "stop"))
    wait.until(lambda d: stop.is_displayed() and not d.find_element(By.ID, "send").is_displayed())
    screenshots(browser, "desktop-waiting-with-stop")
    stop.click()
    stopped = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, ".msg.bot.error[data-error='stopped']"))
    assert "Stopped" in stopped.text and stopped.find_element(By.CSS_SELECTOR, "button.retry")
    assert box.get_attribute("value") == "what does a CSO do?"
    assert browser.find_element(By.ID, "send").is_displayed()

    # ... and without Stop the page gives up by itself after the server's timeout and a margin
    started = time.monotonic()
    box.send_keys(Keys.ENTER)  # the question is still in the box
    timed_out = _wait(browser, 30).until(
        lambda d: d.find_element(By.CSS_SELECTOR, ".msg.bot.error[data-error='timeout']")
    )
    waited = time.monotonic() - started
    assert "No answer after 7 seconds" in timed_out.text and 6 <= waited < 20, waited
    screenshots(browser, "desktop-timeout")
    browser.execute_cdp_cmd("Fetch.disable", {})
    timed_out.find_element(By.CSS_SELECTOR, "button.retry").click()
    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, ".msg.bot[data-kind='define']"))
    kinds = [m.get_attribute("data-kind") for m in browser.find_elements(By.CSS_SELECTOR, ".msg.bot")]
    assert kinds == ["owner", None, "define"]  # the stopped one stays; the timed-out one was retried


def test_docs_and_redoc_load_only_from_this_server(
    open_browser: Callable[[str], Any], page_server: UvicornServer, screenshots: Callable[[Any, str], None]
) -> None:
    from selenium.webdriver.common.by import By

    browser = open_browser("desktop")
    browser.get(page_server.base_url + "/docs")
    _wait(browser).until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".swagger-ui .opblock")) > 5)
    screenshots(browser, "docs-swagger")
    browser.get(page_server.base_url + "/redoc")
    _wait(browser).until(lambda d: d.find_elements(By.XPATH, "//*[contains(text(), 'Rate an answer')]"))
    screenshots(browser, "docs-redoc")
    events = [json.loads(e["message"])["message"] for e in browser.get_log("performance")]
    urls = {e["params"]["requestId"]: e["params"]["request"]["url"] for e in events
            if e["method"] == "Network.requestWillBeSent"}  # fmt: skip
    loaded = {
        urls.get(e["params"]["requestId"], "") for e in events if e["method"] == "Network.responseReceived"
    }
    assert any(u.endswith("swagger-ui-bundle.js") for u in loaded) and any("redoc" in u for u in loaded)
    web = [u for u in loaded if u.startswith(("http:", "https:", "ws:", "wss:"))]  # not chrome:// internals
    assert [u for u in web if not u.startswith(page_server.base_url + "/")] == []
    # ReDoc's bundle tries its footer logo on a CDN: the page's policy refuses it, nothing else is attempted
    refused = [e["message"] for e in _severe(browser)]
    assert all("Content Security Policy" in m and "cdn.redoc.ly" in m for m in refused), refused
