"""A visitor in a real browser (Debian chromium via Playwright) on the mirror served over HTTP."""

from __future__ import annotations

from pathlib import Path

import pytest

from .helpers import page_url_of, serve_dir

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TOPIC_TITLE = "Is it safe to disable rate limiting?"


@pytest.fixture(scope="module")
def mirror(site_dir: Path):
    with serve_dir(site_dir) as base:
        yield base


def test_visitor_walks_from_home_to_an_answered_question(browser, mirror: str) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(mirror + "/community/")
    page.get_by_role("link", name="Help Desk").first.click()
    page.wait_for_url("**/community/s/help-desk/")
    for _ in range(10):  # page through the topic list like a visitor would
        link = page.get_by_role("link", name=TOPIC_TITLE)
        if link.count():
            break
        page.get_by_role("link", name="Next →").click()
    link.first.click()
    page.wait_for_url("**/t/is-it-safe-to-disable-rate-limiting/")
    assert page.locator("h1").inner_text() == TOPIC_TITLE
    accepted = page.locator(".jt-reply-accepted")
    assert accepted.count() == 1 and accepted.is_visible()
    assert "accepted answer" in accepted.inner_text().lower()
    page.get_by_role("link", name="Jump to the answer").click()
    assert page.evaluate("location.hash") == "#reply-411"
    nested = page.locator(".jt-depth-1").first
    assert nested.is_visible()
    top = page.locator(".jt-depth-0").first.bounding_box()
    assert nested.bounding_box()["x"] > top["x"]  # threaded replies are indented
    page.close()


def test_rtl_text_is_laid_out_right_to_left(browser, mirror: str) -> None:
    page = browser.new_page()
    page.goto(mirror + "/community/u/ahmed_hassan/")
    assert page.eval_on_selector("h1", "el => getComputedStyle(el).direction") == "rtl"
    assert page.eval_on_selector(".jt-bio", "el => getComputedStyle(el).direction") == "rtl"
    page.goto(mirror + "/community/s/help-desk/t/is-it-safe-to-disable-rate-limiting/")
    assert page.eval_on_selector("#reply-411 .jt-author", "el => getComputedStyle(el).direction") == "rtl"
    page.close()


def test_no_probe_runs_script(browser, mirror: str, site_dir: Path) -> None:
    probes = [f for f in site_dir.rglob("*.html") if b"alert(" in f.read_bytes()]
    assert len(probes) >= 5
    context = browser.new_context(java_script_enabled=True)
    context.add_init_script("window.__xss = false; window.alert = window.confirm = window.prompt = "
                            "function () { window.__xss = true; };")
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for file in probes:
        page.goto(mirror + page_url_of(site_dir, file))
        page.mouse.move(200, 300)
        page.mouse.move(400, 500)
        assert page.evaluate("window.__xss") is False, file
    assert dialogs == []
    context.close()


@pytest.mark.parametrize("width,label", [(1280, "desktop"), (390, "phone")])
def test_screenshots(browser, mirror: str, width: int, label: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": width, "height": 900})
    for name, path in [("home", "/community/"),
                       ("topic", "/community/s/help-desk/t/is-it-safe-to-disable-rate-limiting/"),
                       ("profile", "/community/u/maria_garcia/")]:
        page.goto(mirror + path)
        target = ARTIFACTS / f"build-{name}-{label}.png"
        page.screenshot(path=str(target), full_page=True)
        assert target.stat().st_size > 10_000
    page.close()
