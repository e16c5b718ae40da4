/// The UI's one script, compiled into the binary. Pages work without it (they are server-rendered);
/// it adds actions through the public JSON APIs (so the UI can do nothing the API refuses), live
/// log tailing, auto-refresh of running views and the job form's schedule preview.
public enum WebScript {
    public static let js = #"""
"use strict";
(function () {
  function toast(message, isError) {
    var old = document.querySelector(".toast"); if (old) old.remove();
    var t = document.createElement("div"); t.className = "toast" + (isError ? " error" : "");
    t.setAttribute("role", isError ? "alert" : "status"); t.textContent = message;
    document.body.appendChild(t); setTimeout(function () { t.remove(); }, isError ? 9000 : 4000);
  }
  function errorText(body, status) {
    try { var j = JSON.parse(body);
      if (j && j.error && j.error.message) return j.error.message;
      if (j && j.detail) return typeof j.detail === "string" ? j.detail : JSON.stringify(j.detail);
    } catch (e) { /* not JSON */ }
    return "HTTP " + status + (body ? ": " + body.slice(0, 300) : "");
  }
  function send(method, url, body) {
    var init = { method: method, headers: { "Accept": "application/json" }, credentials: "same-origin" };
    var csrf = document.querySelector("meta[name=csrf-token]");
    if (csrf) init.headers["X-CSRF-Token"] = csrf.getAttribute("content");
    if (body !== undefined && body !== null) { init.headers["Content-Type"] = "application/json"; init.body = typeof body === "string" ? body : JSON.stringify(body); }
    return fetch(url, init).then(function (r) {
      return r.text().then(function (text) { if (!r.ok) throw new Error(errorText(text, r.status)); return text ? JSON.parse(text) : null; });
    });
  }
  function after(then, result) {
    if (!then || then === "reload") { location.reload(); return; }
    if (then.indexOf("go:") === 0) { location.href = then.slice(3); return; }
    if (then === "toast") toast("Done");
  }
  document.addEventListener("click", function (ev) {
    var el = ev.target.closest("[data-action]"); if (!el) return;
    ev.preventDefault();
    var question = el.getAttribute("data-confirm");
    if (question && !window.confirm(question)) return;
    el.disabled = true;
    send(el.getAttribute("data-method") || "POST", el.getAttribute("data-action"), el.getAttribute("data-body"))
      .then(function (res) { after(el.getAttribute("data-then"), res); })
      .catch(function (e) { el.disabled = false; toast(e.message, true); });
  });
  document.querySelectorAll("form.filters select, form.filters input[type=checkbox]").forEach(function (s) {
    s.addEventListener("change", function () { s.form.submit(); });
  });

  // Auto-refresh: an element with data-refresh is re-fetched while the server keeps the attribute.
  document.querySelectorAll("[data-refresh][id]").forEach(function (el) {
    var id = el.id, every = parseInt(el.getAttribute("data-refresh"), 10) || 2000;
    function tick() {
      fetch(location.href, { credentials: "same-origin" }).then(function (r) { return r.text(); }).then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(id);
        var current = document.getElementById(id);
        if (!fresh || !current) return;
        current.replaceWith(document.importNode(fresh, true));
        if (fresh.hasAttribute("data-refresh")) setTimeout(tick, every);
      }).catch(function () { setTimeout(tick, every * 2); });
    }
    setTimeout(tick, every);
  });

  // Live log: server-sent events append to the <pre> until the attempt ends.
  var log = document.querySelector("pre.log[data-stream]");
  if (log && window.EventSource) {
    var source = new EventSource(log.getAttribute("data-stream"));
    var follow = true;
    log.addEventListener("scroll", function () { follow = log.scrollTop + log.clientHeight >= log.scrollHeight - 8; });
    source.addEventListener("reset", function (e) { log.textContent = JSON.parse(e.data); if (follow) log.scrollTop = log.scrollHeight; });
    source.addEventListener("append", function (e) { log.textContent += JSON.parse(e.data); if (follow) log.scrollTop = log.scrollHeight; });
    source.addEventListener("end", function (e) {
      source.close(); var s = document.getElementById("log-status");
      if (s) { s.textContent = "finished: " + JSON.parse(e.data); s.className = "badge state-" + JSON.parse(e.data); }
    });
    source.onerror = function () { if (source.readyState === 2) return; };
  }

  // Job form: schedule preview as you type, then a Dkron job document to POST /v1/jobs.
  var jobForm = document.getElementById("job-form");
  if (jobForm) {
    var schedule = jobForm.elements["schedule"], zone = jobForm.elements["timezone"], out = document.getElementById("schedule-preview");
    var timer = null;
    function preview() {
      var q = "/rota/v1/schedule/preview?schedule=" + encodeURIComponent(schedule.value) + "&timezone=" + encodeURIComponent(zone.value);
      fetch(q, { headers: { "Accept": "application/json" } }).then(function (r) { return r.json().then(function (j) { return { ok: r.ok, j: j }; }); })
        .then(function (res) {
          var bad = !res.ok || !res.j.valid;
          out.classList.toggle("field-error", bad);
          if (bad) { out.textContent = res.j.error ? (res.j.error.message || res.j.error) : "invalid schedule"; return; }
          out.textContent = res.j.next.length ? "Next: " + res.j.next.join("  ·  ") : res.j.description;
        }).catch(function () { out.textContent = ""; });
    }
    [schedule, zone].forEach(function (i) { i.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(preview, 200); }); });
    preview();
    jobForm.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var f = jobForm.elements, job = {
        name: f["name"].value.trim(), displayname: f["displayname"].value, schedule: f["schedule"].value.trim(),
        timezone: f["timezone"].value.trim(), owner: f["owner"].value, owner_email: f["owner_email"].value,
        disabled: f["disabled"].checked, retries: parseInt(f["retries"].value || "0", 10), concurrency: f["concurrency"].value,
        parent_job: f["parent_job"].value.trim(), executor: f["executor"].value, executor_config: {}, tags: {}, metadata: {}
      };
      try {
        job.executor_config = JSON.parse(f["executor_config"].value || "{}");
        job.tags = JSON.parse(f["tags"].value || "{}"); job.metadata = JSON.parse(f["metadata"].value || "{}");
      } catch (e) { toast("executor_config, tags and metadata must be JSON objects: " + e.message, true); return; }
      send("POST", "/v1/jobs", job).then(function () { location.href = "/ui/jobs/" + encodeURIComponent(job.name); })
        .catch(function (e) { toast(e.message, true); });
    });
  }

  // Trigger form: conf built from the workflow's params, then Airflow's trigger endpoint.
  var trig = document.getElementById("trigger-form");
  if (trig) trig.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var conf = {};
    try {
      trig.querySelectorAll("[data-param]").forEach(function (input) {
        var name = input.getAttribute("data-param"), type = input.getAttribute("data-type"), v = input.value;
        if (input.type === "checkbox") { conf[name] = input.checked; return; }
        if (v === "") return;
        if (type === "integer" || type === "number") { var n = Number(v); if (isNaN(n)) throw new Error(name + ": not a number"); conf[name] = n; }
        else if (type === "array" || type === "object") conf[name] = JSON.parse(v);
        else conf[name] = v;
      });
      var extra = trig.elements["conf_json"]; if (extra && extra.value.trim()) Object.assign(conf, JSON.parse(extra.value));
    } catch (e) { toast(e.message, true); return; }
    var id = trig.getAttribute("data-workflow");
    send("POST", "/api/v2/dags/" + encodeURIComponent(id) + "/dagRuns", { logical_date: null, conf: conf })
      .then(function (run) { location.href = "/ui/workflows/" + encodeURIComponent(id) + "?tab=grid"; })
      .catch(function (e) { toast(e.message, true); });
  });

  var login = document.getElementById("login-form");
  if (login) login.addEventListener("submit", function (ev) {
    ev.preventDefault();
    send("POST", "/ui/login", { token: login.elements["token"].value.trim() })
      .then(function () { location.href = login.getAttribute("data-next") || "/"; })
      .catch(function (e) { toast(e.message, true); });
  });

  var back = document.getElementById("backfill-form");
  if (back) back.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var id = back.getAttribute("data-workflow"), f = back.elements;
    send("POST", "/rota/v1/workflows/" + encodeURIComponent(id) + "/backfill", { from: f["from"].value, to: f["to"].value })
      .then(function (res) { toast("Backfill: " + res.created + " runs created, " + res.existing + " already existed"); setTimeout(function () { location.href = "/ui/workflows/" + encodeURIComponent(id) + "?tab=grid"; }, 800); })
      .catch(function (e) { toast(e.message, true); });
  });
})();
"""#
}
