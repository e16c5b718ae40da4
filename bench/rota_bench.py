#!/usr/bin/env python3
"""Rota's benchmark workloads (W1-W7, the xargs floor, the peers). Python 3 standard library only.

Called by `bench/run`, which builds the release binary, installs wrk and starts PostgreSQL first.
Every server started here listens on 127.0.0.1 and is stopped on exit (see `Procs`).
"""
import argparse
import atexit
import datetime as dt
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.dont_write_bytecode = True  # peers.py is imported from here: no __pycache__ in bench/
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------- processes

class Procs:
    """Every long-running process this harness starts, stopped at exit whatever happens."""
    live = []

    @classmethod
    def start(cls, argv, **kw):
        p = subprocess.Popen(argv, start_new_session=True, **kw)
        cls.live.append(p)
        return p

    @classmethod
    def stop(cls, p, timeout=10):
        if p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
            try:
                p.wait(timeout)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait()
        if p in cls.live:
            cls.live.remove(p)

    @classmethod
    def stop_all(cls):
        for p in list(cls.live):
            cls.stop(p, timeout=5)


atexit.register(Procs.stop_all)
signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def proc_cpu(pid):
    """(own CPU seconds, reaped children's CPU seconds) from /proc/PID/stat."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    utime, stime, cutime, cstime = (int(x) for x in fields[11:15])
    return (utime + stime) / CLK_TCK, (cutime + cstime) / CLK_TCK


def proc_rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


# --------------------------------------------------------------------------- HTTP

def http(method, url, body=None, timeout=60, headers=None):
    data = None
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    if body is not None:
        data = body if isinstance(body, (bytes, bytearray)) else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw[:1] in (b"{", b"[", b'"') else raw)
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def parse_time(s):
    """RFC 3339 with optional fraction and Z -> Unix seconds (float)."""
    if s is None or s.startswith("0001-"):
        return None
    s = s.replace("Z", "+00:00")
    return dt.datetime.fromisoformat(s).timestamp()


# --------------------------------------------------------------------------- Rota server

class Rota:
    def __init__(self, args, backend, tag, workers=2, env=None):
        self.args = args
        self.backend = backend
        self.tag = tag
        self.workers = workers
        self.dir = tempfile.mkdtemp(prefix=f"rota-bench-{tag}-", dir=args.work)
        self.dags = os.path.join(self.dir, "dags")
        self.jobs = os.path.join(self.dir, "jobs")
        os.makedirs(self.dags)
        os.makedirs(self.jobs)
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = dict(os.environ, **(env or {}))
        self.proc = None
        self.db_url = None
        if backend == "postgres":
            self.db_url = fresh_pg_database(args.pg_url, tag)

    def add_workflow(self, wid, text):
        with open(os.path.join(self.dags, wid + ".yaml"), "w") as f:
            f.write(text)

    def start(self):
        argv = [self.args.rota, "standalone", "--home", os.path.join(self.dir, "home"), "--port", str(self.port),
                "--dags-dir", self.dags, "--jobs-dir", self.jobs, "--workers", str(self.workers),
                "--log-level", self.args.log_level]
        if self.db_url:
            argv += ["--database-url", self.db_url]
        self.log = open(os.path.join(self.dir, "rota.log"), "w")
        t0 = time.time()
        self.proc = Procs.start(argv, stdout=self.log, stderr=subprocess.STDOUT, env=self.env)
        deadline = t0 + 600
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"rota exited with {self.proc.returncode}; see {self.log.name}")
            try:
                with urllib.request.urlopen(self.base + "/health", timeout=2) as r:
                    if r.status == 200:
                        self.ready_s = time.time() - t0
                        return self
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            time.sleep(0.002)
        raise RuntimeError("rota did not become healthy")

    def stop(self):
        if self.proc:
            Procs.stop(self.proc)
            self.log.close()
        if not self.args.keep:
            shutil.rmtree(self.dir, ignore_errors=True)

    def cpu(self):
        return proc_cpu(self.proc.pid)

    def rss(self):
        return proc_rss_mb(self.proc.pid)

    # Airflow API
    def trigger(self, wid):
        st, body = http("POST", f"{self.base}/api/v2/dags/{wid}/dagRuns", {"logical_date": None, "conf": {}})
        if st not in (200, 201):
            raise RuntimeError(f"trigger {wid}: {st} {body}")
        return body["dag_run_id"]

    def wait_run(self, wid, run_id, timeout=3600, poll=0.1):
        url = f"{self.base}/api/v2/dags/{wid}/dagRuns/{urllib.parse.quote(run_id, safe='')}"
        deadline = time.time() + timeout
        while time.time() < deadline:
            st, body = http("GET", url)
            if st == 200 and body["state"] in ("success", "failed"):
                return body
            time.sleep(poll)
        raise RuntimeError(f"run {wid}/{run_id} did not finish in {timeout}s")

    def task_instances(self, wid, run_id):
        out, offset = [], 0
        q = urllib.parse.quote(run_id, safe="")
        while True:
            st, body = http("GET", f"{self.base}/api/v2/dags/{wid}/dagRuns/{q}/taskInstances?limit=100&offset={offset}")
            out += body["task_instances"]
            offset += 100
            if offset >= body["total_entries"]:
                return out


def fresh_pg_database(pg_url, tag):
    """A new, empty database per Rota start: postgres://…/rota_bench_<tag>_<n>."""
    name = ("rota_bench_" + tag.replace("-", "_") + "_" + str(int(time.time() * 1000) % 10**9)).lower()
    u = urllib.parse.urlparse(pg_url)
    env = dict(os.environ, PGPASSWORD=u.password or "")
    subprocess.run(["psql", "-q", "-h", u.hostname, "-p", str(u.port or 5432), "-U", u.username or "postgres",
                    "-d", u.path.lstrip("/") or "postgres", "-c", f'CREATE DATABASE "{name}"'],
                   check=True, env=env, stdout=subprocess.DEVNULL)
    return urllib.parse.urlunparse(u._replace(path="/" + name))


# --------------------------------------------------------------------------- workflow files

def wf_wide(wid, n, command="true"):
    lines = [f"id: {wid}", "max_active_tasks: 64", "tasks:"]
    for i in range(n):
        lines += [f"  - id: t{i:05d}", f"    command: \"{command}\""]
    return "\n".join(lines) + "\n"


def wf_chain(wid, n, command="true"):
    lines = [f"id: {wid}", "tasks:"]
    for i in range(n):
        lines += [f"  - id: c{i:04d}", f"    command: '{command}'"]
        if i:
            lines.append(f"    upstream: [c{i - 1:04d}]")
    return "\n".join(lines) + "\n"


def wf_diamond(wid, n):
    lines = [f"id: {wid}", "max_active_tasks: 64", "tasks:", "  - id: src", "    command: \"true\""]
    for i in range(n):
        lines += [f"  - id: m{i:04d}", "    command: \"true\"", "    upstream: [src]"]
    lines += ["  - id: sink", "    command: \"true\"", "    upstream:"]
    lines += [f"      - m{i:04d}" for i in range(n)]
    return "\n".join(lines) + "\n"


def pct(values, p):
    """Nearest-rank percentile."""
    if not values:
        return float("nan")
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return v[k]


# --------------------------------------------------------------------------- workloads

class Results:
    def __init__(self, path):
        self.path = path
        self.rows = {}     # (workload, metric, backend) -> [values]
        self.units = {}
        self.notes = []
        self.raw = []

    def add(self, workload, metric, backend, value, unit):
        self.rows.setdefault((workload, metric, backend), []).append(value)
        self.units[(workload, metric)] = unit
        self.raw.append({"workload": workload, "metric": metric, "backend": backend, "value": value, "unit": unit,
                         "at": time.time()})
        self.save()
        print(f"    {workload:<10} {metric:<34} {backend:<8} {value:10.3f} {unit}", flush=True)

    def note(self, text):
        self.notes.append(text)
        print("  note: " + text, flush=True)
        self.save()

    def save(self):
        with open(self.path, "w") as f:
            json.dump({"raw": self.raw, "notes": self.notes}, f, indent=1)


def run_dag(args, backend, tag, wid, text, workers=2, env=None, perf=None, poll=None):
    """Start a fresh Rota with one workflow, trigger one run, wait for it. Returns (rota, run, seconds, cpu).
    With perf=<file>, `perf record -g` samples Rota (not its children) during the run."""
    r = Rota(args, backend, tag, workers=workers, env=env)
    r.add_workflow(wid, text)
    r.start()
    time.sleep(0.5)  # let start-up work settle
    rec = None
    if perf:
        rec = subprocess.Popen(["perf", "record", "-F", "499", "-g", "-o", perf, "-p", str(r.proc.pid)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)
    cpu0 = r.cpu()
    t0 = time.time()
    run_id = r.trigger(wid)
    # The measured time is the run's end_date, so the poll interval only costs CPU: each poll of
    # GET …/dagRuns/{id} decodes the whole stored definition (twice), ~37 ms for 10,000 tasks.
    run = r.wait_run(wid, run_id, poll=poll or args.poll)
    t_poll = time.time() - t0
    cpu1 = r.cpu()
    if rec:
        rec.send_signal(signal.SIGINT)
        rec.wait()
    end = parse_time(run["end_date"])
    seconds = (end - t0) if end else t_poll
    if run["state"] != "success":
        raise RuntimeError(f"{wid} run ended {run['state']}")
    return r, run_id, seconds, (cpu1[0] - cpu0[0], cpu1[1] - cpu0[1])


def w_wide(args, res, backend, name="W1", n=1000, wid="bench_w1"):
    for i in range(args.runs):
        r, run_id, s, cpu = run_dag(args, backend, f"{name.lower()}-{i}", wid, wf_wide(wid, n))
        r.stop()
        res.add(name, "total s", backend, s, "s")
        res.add(name, "rota CPU per task", backend, cpu[0] / n * 1000, "ms")


def w_engine(args, res, backend):
    """W4: the workflow loader cannot name an executor (only command/http/trigger_workflow), so the
    noop executor cannot be reached from a workflow file: run `true` and report tasks/s including
    spawning, plus Rota's own CPU per task (an upper bound for the engine-only rate)."""
    wid = "bench_w4"
    n = args.w4_tasks
    for i in range(args.runs_w4):
        perf = None
        if args.perf and i == 0 and shutil.which("perf"):
            perf = os.path.join(args.out, f"perf-w4-{backend}.data")
        r, run_id, s, cpu = run_dag(args, backend, f"w4-{i}", wid, wf_wide(wid, n),
                                    env={"ROTA_BENCH_NOOP_EXECUTOR": "1"}, perf=perf, poll=max(args.poll, 2.0))
        r.stop()
        if perf:
            rep = subprocess.run(["perf", "report", "-i", perf, "--stdio", "--no-children", "--percent-limit", "0.7",
                                  "-g", "none", "--sort", "dso,symbol"], capture_output=True, text=True)
            with open(perf + ".txt", "w") as f:
                f.write(rep.stdout)
            rep = subprocess.run(["perf", "report", "-i", perf, "--stdio", "--no-children", "--percent-limit", "2",
                                  "-g", "none", "--sort", "dso"], capture_output=True, text=True)
            with open(perf + ".dso.txt", "w") as f:
                f.write(rep.stdout)
        res.add("W4", "tasks/s (true, not noop)", backend, n / s, "tasks/s")
        res.add("W4", "rota CPU per task", backend, cpu[0] / n * 1000, "ms")
        res.add("W4", "CPU-bound ceiling 1 core", backend, n / cpu[0] if cpu[0] else float("nan"), "tasks/s")


def w_chain(args, res, backend, n=200):
    wid = "bench_w2"
    for i in range(args.runs):
        r, run_id, s, cpu = run_dag(args, backend, f"w2-{i}", wid, wf_chain(wid, n))
        tis = {t["task_id"]: t for t in r.task_instances(wid, run_id)}
        r.stop()
        gaps = []
        for k in range(1, n):
            up, down = tis[f"c{k - 1:04d}"], tis[f"c{k:04d}"]
            gaps.append((parse_time(down["start_date"]) - parse_time(up["end_date"])) * 1000)
        res.add("W2", "total s", backend, s, "s")
        res.add("W2", "transition p50 (API, ms res.)", backend, pct(gaps, 50), "ms")
        res.add("W2", "transition p99 (API, ms res.)", backend, pct(gaps, 99), "ms")
        res.add("W2", "transition max (API, ms res.)", backend, max(gaps), "ms")
    # One more run whose tasks stamp their own start and end with `date +%s%N` (ns resolution):
    # transition = downstream's first stamp - upstream's last stamp. It includes one fork+exec of
    # `date` and sh's exit (~1 ms of measurement overhead, measured by the floor below).
    for i in range(args.runs):
        stamp = os.path.join(args.work, f"w2m-{backend}-{i}-{os.getpid()}.txt")
        cmd = f"echo s $(date +%s%N) >> {stamp}; echo e $(date +%s%N) >> {stamp}"
        r, run_id, s, cpu = run_dag(args, backend, f"w2m-{i}", "bench_w2m", wf_chain("bench_w2m", n, cmd))
        r.stop()
        marks = [line.split() for line in open(stamp)]
        os.unlink(stamp)
        starts = [int(v) for k, v in marks if k == "s"]
        ends = [int(v) for k, v in marks if k == "e"]
        gaps = [(starts[k] - ends[k - 1]) / 1e6 for k in range(1, len(starts))]
        res.add("W2", "transition p50 (date stamps)", backend, pct(gaps, 50), "ms")
        res.add("W2", "transition p99 (date stamps)", backend, pct(gaps, 99), "ms")
        res.add("W2", "transition max (date stamps)", backend, max(gaps), "ms")


def w_diamond(args, res, backend, n=1000):
    wid = "bench_w3"
    for i in range(args.runs):
        r, run_id, s, cpu = run_dag(args, backend, f"w3-{i}", wid, wf_diamond(wid, n))
        r.stop()
        res.add("W3", "total s", backend, s, "s")


def post_jobs_parallel(base, jobs, threads=4):
    errors = []

    def worker(chunk):
        for j in chunk:
            st, body = http("POST", base + "/v1/jobs", j)
            if st not in (200, 201):
                errors.append((st, body))

    chunks = [jobs[k::threads] for k in range(threads)]
    ts = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    if errors:
        raise RuntimeError(f"{len(errors)} job POSTs failed, first: {errors[0]}")


def w_cron(args, res, backend, n=1000):
    for i in range(args.runs):
        r = Rota(args, backend, f"w5-{i}").start()
        lead = args.cron_lead
        at = int(time.time()) + lead
        instant = dt.datetime.fromtimestamp(at, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        jobs = [{"name": f"cron-{k:04d}", "schedule": f"@at {instant}", "executor": "shell",
                 "executor_config": {"command": "true"}} for k in range(n)]
        t0 = time.time()
        post_jobs_parallel(r.base, jobs)
        created = time.time()
        res.add("W5", "POST /v1/jobs rate (4 clients)", backend, n / (created - t0), "jobs/s")
        if created > at - 0.5:
            res.note(f"W5 {backend} run {i}: creating {n} jobs took {created - t0:.1f}s, past the instant; "
                     f"raise --cron-lead")
            r.stop()
            continue
        time.sleep(max(0, at - time.time()) + 1)
        deadline = time.time() + 300
        late = []
        while time.time() < deadline:
            late = []
            for k in range(n):
                st, ex = http("GET", f"{r.base}/v1/jobs/cron-{k:04d}/executions")
                if st == 200 and ex:
                    late.append((parse_time(ex[-1]["started_at"]) - at) * 1000)
            if len(late) == n:
                break
            time.sleep(1)
        r.stop()
        if len(late) < n:
            res.note(f"W5 {backend} run {i}: only {len(late)} of {n} jobs started")
        res.add("W5", "lateness p50", backend, pct(late, 50), "ms")
        res.add("W5", "lateness p99", backend, pct(late, 99), "ms")
        res.add("W5", "lateness max", backend, max(late), "ms")
        res.add("W5", "first start late by", backend, min(late), "ms")


def w_cron_idle(args, res, backend):
    n = args.idle_jobs
    r = Rota(args, backend, "w5idle").start()
    t0 = time.time()
    chunk = 5000
    registered = 0
    for k0 in range(0, n, chunk):
        if time.time() - t0 > args.idle_budget:
            res.note(f"W5-100k {backend}: registration stopped after {args.idle_budget}s (--idle-budget) at "
                     f"{registered} jobs; RSS and CPU below are for {registered} jobs")
            break
        jobs = [{"name": f"idle-{k:06d}", "schedule": "@manually", "executor": "shell",
                 "executor_config": {"command": "true"}} for k in range(k0, min(n, k0 + chunk))]
        st, body = http("POST", r.base + "/v1/restore", jobs, timeout=1800)
        if st != 200:
            r.stop()
            raise RuntimeError(f"restore: {st} {body[:300]}")
        registered += len(jobs)
    reg = time.time() - t0
    res.add("W5-100k", "register via /v1/restore", backend, registered / reg, "jobs/s")
    res.add("W5-100k", "jobs registered", backend, registered, "jobs")
    time.sleep(5)
    c0, w0 = r.cpu()[0], time.time()
    time.sleep(10)
    c1, w1 = r.cpu()[0], time.time()
    res.add("W5-100k", "idle RSS", backend, r.rss(), "MB")
    res.add("W5-100k", "idle CPU", backend, (c1 - c0) / (w1 - w0) * 100, "%")
    r.stop()


def parse_wrk(out):
    rps, p99 = float("nan"), float("nan")
    unit = {"us": 0.001, "ms": 1.0, "s": 1000.0}
    for line in out.splitlines():
        s = line.strip()
        if s.startswith("Requests/sec:"):
            rps = float(s.split()[1])
        if s.startswith("99%"):
            v = s.split()[1]
            for u in ("us", "ms", "s"):
                if v.endswith(u):
                    p99 = float(v[: -len(u)]) * unit[u]
                    break
    return rps, p99


def w_api(args, res, backend):
    for i in range(args.runs):
        r = Rota(args, backend, f"w6-{i}").start()
        jobs = [{"name": f"api-{k:03d}", "schedule": "@manually", "executor": "shell",
                 "executor_config": {"command": "true"}} for k in range(100)]
        post_jobs_parallel(r.base, jobs)
        for label, extra in (("GET /v1/jobs", []),
                             ("POST /v1/jobs/{name}/run", ["-s", os.path.join(HERE, "wrk-post.lua")])):
            url = r.base + ("/v1/jobs" if label.startswith("GET") else "/v1/jobs/api-000/run")
            out = subprocess.run(["wrk", "-t2", "-c8", f"-d{args.wrk_seconds}s", "--latency", *extra, url],
                                 capture_output=True, text=True, check=True).stdout
            with open(os.path.join(args.out, f"wrk-{backend}-{i}-{label.split()[0]}.txt"), "w") as f:
                f.write(out)
            rps, p99 = parse_wrk(out)
            if "Non-2xx" in out:
                res.note(f"W6 {label} {backend}: " + [l for l in out.splitlines() if "Non-2xx" in l][0].strip())
            res.add("W6", f"{label} req/s", backend, rps, "req/s")
            res.add("W6", f"{label} p99", backend, p99, "ms")
        r.stop()


def w_footprint(args, res, backend):
    for i in range(args.runs):
        r = Rota(args, backend, f"w7-{i}").start()
        res.add("W7", "ready (start to /health 200)", backend, r.ready_s * 1000, "ms")
        time.sleep(5)
        c0, w0 = r.cpu()[0], time.time()
        time.sleep(5)
        c1, w1 = r.cpu()[0], time.time()
        res.add("W7", "idle RSS", backend, r.rss(), "MB")
        res.add("W7", "idle CPU", backend, (c1 - c0) / (w1 - w0) * 100, "%")
        r.stop()


def floor(args, res):
    for i in range(args.runs):
        for label, cmd in (("1000 x true, xargs -P2", "seq 1000 | xargs -P2 -n1 true"),
                           ("200 x true, xargs -P1", "seq 200 | xargs -P1 -n1 true"),
                           ("1002 x true (W3 shape)", "true; seq 1000 | xargs -P2 -n1 true; true"),
                           ("10000 x true, xargs -P2", "seq 10000 | xargs -P2 -n1 true"),
                           ("200 x sh -c 'date;date' (W2 stamps)",
                            "seq 200 | xargs -P1 -I{} sh -c 'echo s $(date +%s%N) >/dev/null; "
                            "echo e $(date +%s%N) >/dev/null'")):
            t0 = time.time()
            subprocess.run(cmd, shell=True, check=True)
            res.add("floor", label, "-", time.time() - t0, "s")


# --------------------------------------------------------------------------- table

TARGETS = {
    ("W1", "total s"): "<= 1.3x floor",
    ("W3", "total s"): "<= 1.3x floor",
    ("W2", "transition p50 (date stamps)"): "<= 2 ms",
    ("W2", "transition p99 (date stamps)"): "<= 10 ms",
    ("W2", "transition p50 (API, ms res.)"): "<= 2 ms",
    ("W2", "transition p99 (API, ms res.)"): "<= 10 ms",
    ("W4", "tasks/s (true, not noop)"): ">= 5000 (PG 2000), noop",
    ("W5", "lateness p99"): "<= 20 ms",
    ("W5-100k", "idle RSS"): "<= 200 MB",
    ("W5-100k", "idle CPU"): "~0 %",
    ("W7", "ready (start to /health 200)"): "<= 300 ms",
    ("W7", "idle RSS"): "<= 40 MB",
}


def table(res, header):
    lines = [header, "",
             "| workload | metric | backend | median | min | max | unit | n | target |",
             "|---|---|---|---:|---:|---:|---|---:|---|"]
    order = ["floor", "W1", "W2", "W3", "W4", "W5", "W5-100k", "W6", "W7", "Luigi", "Airflow", "ratio"]
    keys = sorted(res.rows, key=lambda k: (order.index(k[0]) if k[0] in order else 99, k[0], k[2], k[1]))
    for k in keys:
        v = res.rows[k]
        unit = res.units[(k[0], k[1])]
        fmt = (lambda x: f"{x:.0f}") if unit in ("req/s", "jobs/s", "tasks/s") else (lambda x: f"{x:.3f}" if unit == "s" else f"{x:.1f}")
        lines.append(f"| {k[0]} | {k[1]} | {k[2]} | {fmt(statistics.median(v))} | {fmt(min(v))} | {fmt(max(v))} "
                     f"| {unit} | {len(v)} | {TARGETS.get((k[0], k[1]), '')} |")
    # ratios to the floor
    fl = {m: statistics.median(v) for (w, m, b), v in res.rows.items() if w == "floor"}
    for w, floor_key in (("W1", "1000 x true, xargs -P2"), ("W2", "200 x true, xargs -P1"),
                         ("W3", "1002 x true (W3 shape)")):
        for b in ("sqlite", "postgres"):
            v = res.rows.get((w, "total s", b))
            if v and floor_key in fl:
                lines.append(f"| ratio | {w} / floor ({floor_key}) | {b} | {statistics.median(v) / fl[floor_key]:.2f} "
                             f"| | | x | | {'<= 1.3' if w != 'W2' else ''} |")
    for peer, goal in (("Luigi", 5), ("Airflow", 50)):
        for w in ("W1", "W2", "W3"):
            pv = res.rows.get((peer, w + " total s", "-"))
            rv = res.rows.get((w, "total s", "sqlite"))
            if pv and rv:
                lines.append(f"| ratio | {peer} {w} / Rota {w} | sqlite | {statistics.median(pv) / statistics.median(rv):.1f} "
                             f"| | | x | | >= {goal} |")
    if res.notes:
        lines += ["", "Notes:"] + [f"- {n}" for n in res.notes]
    return "\n".join(lines) + "\n"


# Run order: the quick ones first, the 100,000-job registration last.
WORKLOADS = {
    "floor": None, "W1": w_wide, "W2": w_chain, "W3": w_diamond, "W7": w_footprint, "W5": w_cron,
    "W6": w_api, "W4": w_engine, "W5-100k": w_cron_idle,
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rota", help="the rota binary (required unless --merge)")
    ap.add_argument("--backends", default="sqlite,postgres")
    ap.add_argument("--pg-url", default="")
    ap.add_argument("--only", default=",".join(WORKLOADS))
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--runs-w4", type=int, default=1, help="W4 runs (10,000 tasks take minutes per run today)")
    ap.add_argument("--poll", type=float, default=0.1, help="seconds between run-state polls (W1-W3)")
    ap.add_argument("--w4-tasks", type=int, default=10000)
    ap.add_argument("--idle-jobs", type=int, default=100000)
    ap.add_argument("--idle-budget", type=int, default=900, help="seconds allowed for registering the idle jobs")
    ap.add_argument("--wrk-seconds", type=int, default=8)
    ap.add_argument("--cron-lead", type=int, default=15)
    ap.add_argument("--log-level", default="info")
    ap.add_argument("--peers", action="store_true")
    ap.add_argument("--peers-only", default="luigi,airflow")
    ap.add_argument("--venvs", default="/tmp/rota-bench-venvs")
    ap.add_argument("--out", required=True)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--perf", action="store_true", help="perf record Rota during the first W4 run per backend")
    ap.add_argument("--header", default="")
    ap.add_argument("--merge", nargs="*", help="print one table from these results folders' results.json, run nothing")
    args = ap.parse_args()
    if args.merge is not None:
        os.makedirs(args.out, exist_ok=True)
        res = Results(os.path.join(args.out, "results.json"))
        for folder in args.merge:
            with open(os.path.join(folder, "results.json")) as f:
                data = json.load(f)
            for e in data["raw"]:
                res.rows.setdefault((e["workload"], e["metric"], e["backend"]), []).append(e["value"])
                res.units[(e["workload"], e["metric"])] = e["unit"]
                res.raw.append(e)
            res.notes += data["notes"]
        res.save()
        text = table(res, args.header)
        with open(os.path.join(args.out, "table.md"), "w") as f:
            f.write(text)
        print(text)
        return
    args.work = os.path.join(args.out, "work")
    os.makedirs(args.work, exist_ok=True)
    res = Results(os.path.join(args.out, "results.json"))
    only = [w.strip() for w in args.only.split(",") if w.strip()]
    backends = [b for b in args.backends.split(",") if b]
    if "postgres" in backends and not args.pg_url:
        sys.exit("postgres backend needs --pg-url")
    failures = []
    if "floor" in only:
        print("== floor", flush=True)
        floor(args, res)
    for w in only:
        if w == "floor":
            continue
        for b in backends:
            print(f"== {w} on {b}", flush=True)
            try:
                WORKLOADS[w](args, res, b)
            except Exception as e:  # one broken workload must not hide the others' numbers
                failures.append(f"{w} on {b}: {e}")
                res.note(f"{w} on {b} FAILED: {e}")
    if args.peers:
        sys.path.insert(0, HERE)
        import peers
        for p in args.peers_only.split(","):
            print(f"== peer {p}", flush=True)
            try:
                peers.run(p, args, res)
            except Exception as e:
                failures.append(f"peer {p}: {e}")
                res.note(f"peer {p} FAILED: {e}")
    text = table(res, args.header)
    with open(os.path.join(args.out, "table.md"), "w") as f:
        f.write(text)
    print()
    print(text)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
