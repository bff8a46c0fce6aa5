"""The web page in headless Chromium (Debian's chromium + chromium-driver, driven by selenium)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from api_server import UvicornServer, private_index, served_env

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
    with UvicornServer(served_env(real_service, data), data.parent / "server.log") as server:
        yield server


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[Any]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    if not CHROMEDRIVER.exists():
        pytest.fail(
            "/usr/bin/chromium is installed but /usr/bin/chromedriver is not (apt-get install chromium-driver)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in [*FLAGS, f"--user-data-dir={tmp_path / 'profile'}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_ask_see_the_cro_open_a_citation_and_browse_roles(
    browser: Any, page_server: UvicornServer, artifacts_dir: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    wait = WebDriverWait(browser, 30)
    browser.get(page_server.base_url + "/")
    box = wait.until(ec.element_to_be_clickable((By.ID, "question")))
    box.send_keys("who owns marketing ROI?", Keys.ENTER)

    badge = wait.until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, ".msg.bot .badge[data-role='cro']"))
    )
    assert "CRO" in badge.text and "Chief Revenue Officer" in badge.text
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, ".msg.bot[data-kind='owner']")))
    answer = browser.find_element(By.CSS_SELECTOR, ".msg.bot .text").text
    assert "Chief Revenue Officer" in answer
    citation = browser.find_element(By.CSS_SELECTOR, ".msg.bot .citation")
    browser.save_screenshot(str(artifacts_dir / "chat-answer.png"))

    citation.click()
    mark = wait.until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, "#passage[open] #passage-text mark"))
    )
    assert mark.text and mark.text[:20] in citation.text
    assert browser.find_element(By.ID, "passage-section").text
    browser.save_screenshot(str(artifacts_dir / "chat-passage.png"))
    browser.find_element(By.CSS_SELECTOR, "#passage button[aria-label='Close']").click()
    wait.until(ec.invisibility_of_element_located((By.ID, "passage")))

    box.send_keys("who do they report to?", Keys.ENTER)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.bot[data-kind]")) == 2)
    second = browser.find_elements(By.CSS_SELECTOR, ".msg.bot")[1]
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
    browser.save_screenshot(str(artifacts_dir / "roles-view.png"))

    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == []
