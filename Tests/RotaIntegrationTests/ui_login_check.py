"""Logs in to Rota's web UI (started with --auth) as a viewer, in headless Chromium.

Usage: ui_login_check.py BASE_URL SCREENSHOT_DIR VIEWER_TOKEN

The login page takes the token; the viewer then sees jobs and workflows without any action
button (run, enable, delete, trigger, pause), and no page logs a console error.
"""
import sys

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BASE, SHOTS, TOKEN = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
options = webdriver.ChromeOptions()
for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,1000"):
    options.add_argument(arg)
options.binary_location = "/usr/bin/chromium"
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
# Pages with data-refresh swap their content while a wait reads it: a stale element means "look again".
wait = WebDriverWait(driver, 60, poll_frequency=0.2, ignored_exceptions=[StaleElementReferenceException])
problems = []


def errors(page):
    for entry in driver.get_log("browser"):
        if entry.get("level") == "SEVERE":
            problems.append(f"console error on {page}: {entry.get('message')}")


try:
    driver.get(BASE + "/ui/jobs")
    wait.until(EC.presence_of_element_located((By.ID, "login-form")))
    driver.save_screenshot(f"{SHOTS}/login.png")
    driver.find_element(By.ID, "token").send_keys(TOKEN)
    driver.find_element(By.ID, "login").click()
    wait.until(EC.url_contains("/ui/jobs"))
    wait.until(EC.presence_of_element_located((By.CSS_SELECTOR, "tr[data-job]")))
    errors("login")
    actions = driver.find_elements(By.CSS_SELECTOR, "[data-action]:not(#logout)")
    if actions:
        problems.append(f"a viewer sees {len(actions)} action buttons on /ui/jobs")
    if driver.find_elements(By.ID, "new-job"):
        problems.append("a viewer sees the New job button")
    driver.save_screenshot(f"{SHOTS}/jobs-viewer.png")
    for path in ("/", "/ui/workflows", "/ui/workflows/etl_diamond", "/ui/jobs/viewer-demo"):
        driver.get(BASE + path)
        wait.until(lambda d: d.execute_script("return document.readyState") == "complete")
        if driver.find_elements(By.CSS_SELECTOR, "[data-action]:not(#logout)"):
            problems.append(f"a viewer sees action buttons on {path}")
        errors(path)
    if driver.find_elements(By.LINK_TEXT, "Trigger"):
        problems.append("a viewer sees the Trigger tab")
    driver.find_element(By.ID, "logout").click()
    wait.until(EC.url_contains("/ui/login"))
    errors("logout")
except Exception as error:  # noqa: BLE001 - report any failure with the page it happened on
    problems.append(f"{type(error).__name__}: {error} (at {driver.current_url})")
finally:
    driver.quit()

if problems:
    print("\n".join(problems))
    sys.exit(1)
print("login suite passed")
