"""The HTML report in a real browser: headless Chromium loads the file and the test checks what a person sees.

Driven by Selenium through chromedriver — both Debian packages (``chromium``, ``chromium-driver``),
one version, so nothing is downloaded and the driver always matches the browser. Where either is
missing (or the ``selenium`` package), every test here is skipped with the reason. Screenshots go
to pytest's tmp folder (the path is printed with ``-s``).
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from perfscore import api
from perfscore.engine.jobs.forms import write_forms
from perfscore.engine.render.form import Context

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "examples" / "departments.csv"
CARD = ROOT / "examples" / "demo_full_department.yaml"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")


def _missing() -> str | None:
    if CHROMIUM is None:
        return "Chromium is not installed (apt-get install chromium chromium-driver): browser tests not run"
    if DRIVER is None:
        return "chromedriver is not installed (apt-get install chromium-driver): browser tests not run"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the selenium package is not installed (pip install -e '.[test]'): browser tests not run"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1300,1600",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))
    driver.set_page_load_timeout(120)
    driver.set_script_timeout(120)
    yield driver
    driver.quit()


def _open(browser, path: Path) -> None:
    from selenium.webdriver.support.wait import WebDriverWait

    browser.get(path.as_uri())
    # get() may return while a large file is still parsing on a busy machine: wait for the load, bounded
    WebDriverWait(browser, 60).until(lambda b: b.execute_script("return document.readyState") == "complete")


def _size(browser, element) -> tuple[float, float]:
    box = browser.execute_script("var r=arguments[0].getBoundingClientRect();return [r.width,r.height];", element)
    return float(box[0]), float(box[1])


def _column(browser, header: str) -> list[str]:
    """The visible texts of one column of the ranking, top to bottom."""
    return browser.execute_script(
        "var heads=[].map.call(document.querySelectorAll('#rank thead th'),function(h){return h.textContent;});"
        "var col=heads.indexOf(arguments[0]);"
        "return [].filter.call(document.querySelectorAll('#rank tbody tr'),function(r){return !r.hidden;})"
        ".map(function(r){return r.cells[col].textContent;});", header)


def _header(browser, text: str):
    from selenium.webdriver.common.by import By

    return next(th for th in browser.find_elements(By.CSS_SELECTOR, "#rank thead th") if th.text.startswith(text))


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, api.ScoreResult]:
    folder = tmp_path_factory.mktemp("html-browser")
    result = api.score(TABLE)
    result.to_html(folder / "report.html")
    return folder / "report.html", result


def test_charts_have_size_and_show_the_counts(browser, report, tmp_path):
    from selenium.webdriver.common.by import By

    path, result = report
    _open(browser, path)
    for chart in ("chart-grades", "chart-losses"):
        svg = browser.find_element(By.CSS_SELECTOR, f"#{chart} svg")
        width, height = _size(browser, svg)
        assert width > 200 and height > 100, (chart, width, height)
        bars = svg.find_elements(By.CSS_SELECTOR, "rect.bar")
        assert bars and any(_size(browser, bar)[1] > 5 for bar in bars)
    grades = [card["grade_label"] for card in result.scorecards]
    tallest = max(set(grades), key=grades.count)
    heights = {bar.find_element(By.TAG_NAME, "title").get_attribute("textContent"): _size(browser, bar)[1]
               for bar in browser.find_elements(By.CSS_SELECTOR, "#chart-grades rect.bar")}
    assert any(f"{tallest}：" in title and height > 0 for title, height in heights.items())
    loss_bars = browser.find_elements(By.CSS_SELECTOR, "#chart-losses rect.bar")
    widths = [_size(browser, bar)[0] for bar in loss_bars]
    assert max(widths) > 100  # the worst criterion spans most of the chart
    browser.save_screenshot(str(tmp_path / "report.png"))
    print(f"screenshot: {tmp_path / 'report.png'}")


def test_a_header_click_sorts_and_the_filter_hides(browser, report):
    path, result = report
    _open(browser, path)
    _header(browser, "总分").click()
    totals = [float(t) for t in _column(browser, "总分") if t]
    assert totals == sorted(totals) and len(totals) == len(result.scorecards)
    assert _header(browser, "总分").get_attribute("aria-sort") == "ascending"
    _header(browser, "总分").click()
    totals = [float(t) for t in _column(browser, "总分") if t]
    assert totals == sorted(totals, reverse=True)
    from selenium.webdriver.common.by import By

    query = browser.find_element(By.ID, "q")
    query.send_keys("民政")
    shown = _column(browser, "部门")
    assert shown and all("民政" in name for name in shown)
    expected = sum("民政" in c["department"]["dept_name"] for c in result.scorecards)
    assert len(shown) == expected
    assert f"显示 {expected} / {len(result.scorecards)}" in browser.find_element(By.ID, "count").text


def test_a_row_click_shows_its_sheet(browser, report, tmp_path):
    from selenium.webdriver.common.by import By

    path, result = report
    _open(browser, path)
    sheet = browser.find_element(By.ID, "sheet")
    assert not sheet.is_displayed()
    row = browser.find_elements(By.CSS_SELECTOR, "#rank tbody tr")[2]
    name = row.find_elements(By.TAG_NAME, "td")[2].text
    row.find_elements(By.TAG_NAME, "td")[2].click()
    assert sheet.is_displayed()
    card = result.scorecards[int(row.get_attribute("id")[2:])]
    assert card["department"]["dept_name"] == name
    assert name in sheet.find_element(By.TAG_NAME, "h2").text
    body = sheet.find_elements(By.CSS_SELECTOR, "tbody tr")
    assert len(body) == len(card["criteria"]) + 1  # one per criterion and 合计
    shown = sheet.text
    for entry in card["criteria"]:
        if entry["score"] is not None and entry["score"] < entry["points"]:
            assert entry["reason"] in shown
    assert card["input"]["sha256"] in shown
    _, height = _size(browser, sheet)
    assert height > 400
    browser.save_screenshot(str(tmp_path / "sheet.png"))
    print(f"screenshot: {tmp_path / 'sheet.png'}")


def test_a_single_department_page_shows_its_sheet(browser, tmp_path):
    from selenium.webdriver.common.by import By

    result = api.score(CARD)
    result.to_html(tmp_path / "card.html")
    _open(browser, tmp_path / "card.html")
    sheet = browser.find_element(By.ID, "sheet")
    assert sheet.is_displayed()
    assert len(sheet.find_elements(By.CSS_SELECTOR, "tbody tr")) == len(result.scorecards[0]["criteria"]) + 1
    browser.save_screenshot(str(tmp_path / "card.png"))


def test_three_thousand_departments_open_and_sort(browser, tmp_path):
    api.synth(tmp_path / "d.csv", departments=3000, seed=1)
    result = api.score(tmp_path / "d.csv")
    path = tmp_path / "big.html"
    write_forms(result.scorecards, result.profile.plan, path, "html", Context())
    began = time.perf_counter()
    _open(browser, path)
    opened = time.perf_counter() - began
    _header(browser, "总分").click()
    totals = [float(t) for t in _column(browser, "总分") if t]
    sorted_in = time.perf_counter() - began - opened
    assert len(totals) == len(result.scorecards) and totals == sorted(totals)
    assert opened < 30 and sorted_in < 30, (opened, sorted_in)
    print(f"3,000 departments: opened in {opened:.2f} s, sorted in {sorted_in:.2f} s")
