"""Drives Rota's web UI in a real headless Chromium (Debian's chromium + chromium-driver).

Usage: ui_browser_check.py BASE_URL SCREENSHOT_DIR

Creates a job through the form (schedule checked as typed), runs it, triggers a workflow from its
params form and waits for its grid to turn green, opens a failing task's live log, clears the task,
visits every page, saves a screenshot of each, and fails on any browser console error.
"""
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BASE, SHOTS = sys.argv[1].rstrip("/"), sys.argv[2]
problems = []


def make_driver():
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1440,1000", "--hide-scrollbars"):
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


driver = make_driver()
# Pages with data-refresh swap their content while a wait reads it: a stale element means "look again".
wait = WebDriverWait(driver, 60, poll_frequency=0.2, ignored_exceptions=[StaleElementReferenceException])


def console_errors(page):
    for entry in driver.get_log("browser"):
        if entry.get("level") == "SEVERE":
            problems.append(f"console error on {page}: {entry.get('message')}")


def visit(path, shot=None):
    driver.get(BASE + path)
    wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
    assert "Rota" in driver.title, f"{path}: title {driver.title!r}"
    if shot:
        snap(shot)
    console_errors(path)


def snap(name):
    time.sleep(0.3)
    driver.save_screenshot(f"{SHOTS}/{name}.png")


def accept_confirm():
    wait.until(EC.alert_is_present())
    driver.switch_to.alert.accept()


def step(title):
    print(f"== {title}", flush=True)


try:
    step("overview")
    visit("/", "overview")

    step("create a job through the form")
    visit("/ui/jobs/new")
    form = driver.find_element(By.ID, "job-form")
    form.find_element(By.NAME, "name").send_keys("made-in-the-browser")
    schedule = driver.find_element(By.ID, "schedule")
    schedule.clear()
    schedule.send_keys("every ten minutes")
    wait.until(lambda d: "field-error" in d.find_element(By.ID, "schedule-preview").get_attribute("class"))
    schedule.clear()
    schedule.send_keys("*/10 * * * *")
    wait.until(lambda d: d.find_element(By.ID, "schedule-preview").text.startswith("Next:"))
    config = form.find_element(By.NAME, "executor_config")
    config.clear()
    config.send_keys('{"command": "echo made in the browser"}')
    snap("job-form")
    driver.find_element(By.ID, "save-job").click()
    wait.until(EC.url_contains("/ui/jobs/made-in-the-browser"))
    console_errors("job form")

    step("run it and see the execution")
    driver.find_element(By.ID, "run-job").click()
    wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "#executions .badge.state-success"))
    snap("job")
    visit("/ui/jobs", "jobs")
    assert driver.find_elements(By.CSS_SELECTOR, "tr[data-job='made-in-the-browser']"), "new job missing from the list"

    step("trigger a workflow and watch its grid turn green")
    visit("/ui/workflows", "workflows")
    visit("/ui/workflows/etl_diamond?tab=trigger", "workflow-trigger")
    driver.find_element(By.ID, "trigger-run").click()
    wait.until(EC.url_contains("tab=grid"))
    wait.until(lambda d: d.find_element(By.CSS_SELECTOR, "#run-actions .badge").text == "success")
    cells = driver.find_elements(By.CSS_SELECTOR, "#grid a.cell[data-task]")
    assert cells, "no task cells in the grid"
    snap("workflow-grid")
    console_errors("workflow grid")
    for tab in ("graph", "gantt", "code", "backfill"):
        visit(f"/ui/workflows/etl_diamond?tab={tab}", f"workflow-{tab}")
    assert driver.find_elements(By.ID, "backfill-form")

    step("a failing task's live log, then clear it")
    visit("/ui/workflows/ui_demo?tab=trigger")
    driver.find_element(By.ID, "trigger-run").click()
    wait.until(EC.url_contains("tab=grid"))
    cell = wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "#grid a.cell[data-task='slow_fail'][data-state='running']")))
    driver.get(cell.get_attribute("href"))
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "pre.log[data-stream]")))
    wait.until(lambda d: "line 3" in d.find_element(By.ID, "log-text").text)
    assert driver.find_element(By.ID, "log-status").text == "live", "log not tailing live"
    snap("task-live-log")
    wait.until(lambda d: d.find_element(By.ID, "log-status").text == "finished: failed")
    assert "line 6" in driver.find_element(By.ID, "log-text").text
    console_errors("task page (live)")
    driver.refresh()
    wait.until(lambda d: "failed" in d.find_element(By.ID, "ti-state").text)
    snap("task-failed")
    driver.find_element(By.ID, "clear-task").click()
    accept_confirm()
    # Cleared: the task runs again, as attempt 2.
    deadline = time.time() + 60
    while time.time() < deadline:
        driver.refresh()
        rows = driver.find_elements(By.CSS_SELECTOR, "table.list tr td:first-child a")
        if any(r.text == "2" for r in rows):
            break
        time.sleep(0.5)
    else:
        problems.append("clearing the failed task did not start attempt 2")
    console_errors("task page (cleared)")

    step("pools and import errors")
    visit("/ui/pools", "pools")
    visit("/ui/import-errors", "import-errors")
    assert "broken.yaml" in driver.find_element(By.ID, "import-errors").text, "import error not listed"
    visit("/ui/jobs/made-in-the-browser/edit", "job-edit")
except (AssertionError, TimeoutException) as error:
    problems.append(f"{type(error).__name__}: {error} (at {driver.current_url})")
    driver.save_screenshot(f"{SHOTS}/failure.png")
finally:
    driver.quit()

if problems:
    print("\n".join(problems))
    sys.exit(1)
print("browser suite passed")
