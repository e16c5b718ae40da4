#!/usr/bin/env python3
"""Rota's benchmark workloads (W1-W8, the xargs floor, the peers). Python 3 standard library only.

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


def postgres_cpu():
    """CPU seconds used so far by every live `postgres` process (the server and its backends)."""
    total = 0.0
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/comm") as f:
                if f.read().strip() != "postgres":
                    continue
            total += proc_cpu(int(pid))[0]
        except OSError:
            continue
    return total


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
        self.extra = []  # more `rota standalone` flags
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
        argv += self.extra
        self.log = open(os.path.join(self.dir, "rota.log"), "a")  # "a": W8 restarts on the same data
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

    def halt(self):
        """Stop the process, keep the data (W8 seeds the Store between two starts)."""
        if self.proc:
            Procs.stop(self.proc)
            self.log.close()
            self.proc = None

    def stop(self):
        self.halt()
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

def wf_wide(wid, n, command="true", noop=False):
    lines = [f"id: {wid}", "max_active_tasks: 64", "tasks:"]
    for i in range(n):
        lines += [f"  - id: t{i:05d}", "    noop: true" if noop else f"    command: \"{command}\""]
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
    With perf=<file>, `perf record --call-graph dwarf` samples Rota (not its children) during the run."""
    r = Rota(args, backend, tag, workers=workers, env=env)
    r.add_workflow(wid, text)
    r.start()
    time.sleep(0.5)  # let start-up work settle
    rec = None
    if perf:
        rec = subprocess.Popen(["perf", "record", "-F", "499", "--call-graph", "dwarf,32768", "-o", perf, "-p", str(r.proc.pid)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(0.5)
    cpu0 = r.cpu()
    pg0 = postgres_cpu()
    t0 = time.time()
    run_id = r.trigger(wid)
    # The measured time is the run's end_date, so the poll interval only costs CPU: each poll of
    # GET …/dagRuns/{id} decodes the whole stored definition (twice), ~37 ms for 10,000 tasks.
    run = r.wait_run(wid, run_id, poll=poll or args.poll)
    t_poll = time.time() - t0
    cpu1 = r.cpu()
    r.postgres_cpu = postgres_cpu() - pg0 if backend == "postgres" else 0.0
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
    """W4: engine only. With ROTA_BENCH_NOOP_EXECUTOR=1 (set here, never by users) the workflow
    loader accepts `noop: true` and the in-process pool runs it without spawning anything, so
    tasks/s is queue, claim, state changes and commits alone; Rota's CPU per task beside it."""
    wid = "bench_w4"
    n = args.w4_tasks
    for workers, i in [(w, i) for w in args.w4_workers for i in range(args.runs_w4)]:
        perf = None
        if args.perf and i == 0 and shutil.which("perf"):
            perf = os.path.join(args.out, f"perf-w4-{backend}-{workers}.data")
        r, run_id, s, cpu = run_dag(args, backend, f"w4-{workers}-{i}", wid, wf_wide(wid, n, noop=True), workers=workers,
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
        slots = f", {workers} workers"
        res.add("W4", f"tasks/s (noop{slots})", backend, n / s, "tasks/s")
        res.add("W4", f"rota CPU per task{slots}", backend, cpu[0] / n * 1000, "ms")
        res.add("W4", f"CPU-bound ceiling 1 core{slots}", backend, n / cpu[0] if cpu[0] else float("nan"), "tasks/s")
        if backend == "postgres":
            res.add("W4", f"PostgreSQL CPU per task{slots}", backend, r.postgres_cpu / n * 1000, "ms")


def stamped_chain(args, name, backend, i, clock=False):
    """(stamp file, command) for a chain whose tasks stamp their start and end: with `date +%s%N`,
    or (clock=True) with bench/stamp.c, which forks nothing (see `stamp_binary`)."""
    stamp = os.path.join(args.work, f"{name}-{backend}-{i}-{os.getpid()}.txt")
    if clock:
        return stamp, f"{args.stamp} {stamp}"
    return stamp, f"echo s $(date +%s%N) >> {stamp}; echo e $(date +%s%N) >> {stamp}"


def stamp_binary(args):
    """Compiles bench/stamp.c into the work folder (static when the C library allows); None when
    no C compiler is found, and the clock-stamp rows are left out."""
    src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "stamp.c")
    out = os.path.join(args.work, "stamp")
    for cc in ("cc", "clang"):
        if not shutil.which(cc):
            continue
        for flags in (["-static"], []):
            if subprocess.run([cc, "-O2", *flags, "-o", out, src], capture_output=True).returncode == 0:
                return out
    return None


def add_stamp_gaps(res, workload, backend, stamp, label="date stamps"):
    """Transition = downstream's first stamp - upstream's last stamp (ms); removes the file."""
    marks = [line.split() for line in open(stamp)]
    os.unlink(stamp)
    starts = [int(v) for k, v in marks if k == "s"]
    ends = [int(v) for k, v in marks if k == "e"]
    gaps = [(starts[k] - ends[k - 1]) / 1e6 for k in range(1, len(starts))]
    res.add(workload, f"transition p50 ({label})", backend, pct(gaps, 50), "ms")
    res.add(workload, f"transition p99 ({label})", backend, pct(gaps, 99), "ms")
    res.add(workload, f"transition max ({label})", backend, max(gaps), "ms")


def stamp_kinds(args):
    """The stamp runs W2 and W2-remote make: date stamps always, clock stamps when compiled."""
    return [(False, "date stamps")] + ([(True, "clock stamps")] if args.stamp else [])


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
    # The clock stamps (bench/stamp.c) fork nothing: what is left is sh's exec of the stamp.
    for clock, label in stamp_kinds(args):
        for i in range(args.runs):
            stamp, cmd = stamped_chain(args, "w2m", backend, i, clock)
            r, run_id, s, cpu = run_dag(args, backend, f"w2m-{i}", "bench_w2m", wf_chain("bench_w2m", n, cmd))
            r.stop()
            add_stamp_gaps(res, "W2", backend, stamp, label)


def w_chain_remote(args, res, backend, n=200):
    """W2 through a remote worker: `rota standalone --workers 0` hands the chain to one `rota
    worker` over HTTP (long-poll claims, HTTP reports); transitions from the tasks' own stamps."""
    wid = "bench_w2r"
    for (clock, label), i in ((kind, i) for kind in stamp_kinds(args) for i in range(args.runs)):
        stamp, cmd = stamped_chain(args, "w2r", backend, i, clock)
        r = Rota(args, backend, f"w2r-{i}", workers=0)
        r.add_workflow(wid, wf_chain(wid, n, cmd))
        r.start()
        log = open(os.path.join(r.dir, "worker.log"), "a")
        worker = Procs.start([args.rota, "worker", "--server", r.base, "--name", "bench-remote", "--capacity", "2",
                              "--log-level", args.log_level], stdout=log, stderr=subprocess.STDOUT, env=r.env)
        try:
            time.sleep(1.0)  # the worker's first heartbeat and long poll
            t0 = time.time()
            run_id = r.trigger(wid)
            run = r.wait_run(wid, run_id, poll=args.poll)
            end = parse_time(run["end_date"])
            total = (end - t0) if end else time.time() - t0
        finally:
            Procs.stop(worker)
            log.close()
            r.stop()
        res.add("W2-remote", "total s" + (" (clock stamps)" if clock else ""), backend, total, "s")
        add_stamp_gaps(res, "W2-remote", backend, stamp, label)


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
    # Timers the registration's transactions left (PostgresNIO's pool arms and abandons some per
    # lease) expire over the next minute or two: measure the steady state too.
    time.sleep(args.idle_settle)
    c0, w0 = r.cpu()[0], time.time()
    time.sleep(10)
    c1, w1 = r.cpu()[0], time.time()
    res.add("W5-100k", f"idle RSS after {args.idle_settle:.0f} s", backend, r.rss(), "MB")
    res.add("W5-100k", f"idle CPU after {args.idle_settle:.0f} s", backend, (c1 - c0) / (w1 - w0) * 100, "%")
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


# --------------------------------------------------------------------------- W8: the web UI

W8_JOB = "bench-w8-job"
W8_WF = "bench_w8"
W8_YAML = f"""id: {W8_WF}
description: W8 bench workflow (4 tasks, a diamond)
tasks:
  - id: extract
    command: "true"
  - id: transform_a
    upstream: [extract]
    command: "true"
  - id: transform_b
    upstream: [extract]
    command: "true"
  - id: load
    upstream: [transform_a, transform_b]
    command: "true"
"""
W8_COLUMNS = {
    "runs": ["id", "workflow", "run_key", "logical_date", "trigger", "state", "created_at", "started_at",
             "finished_at", "version", "conf", "data_interval_start", "data_interval_end"],
    "task_instances": ["id", "run_id", "workflow", "task_id", "state", "try_number", "max_tries", "spec", "priority",
                       "queue", "ready_at", "node", "started_at", "finished_at", "upstream", "trigger_rule", "pool",
                       "pool_slots", "result", "route"],
    "attempts": ["id", "task_instance_id", "run_id", "workflow", "task_id", "attempt", "node", "state", "started_at",
                 "finished_at", "exit_code", "output", "output_truncated", "reason"],
}


class SeedDB:
    """Direct access to a stopped Rota's Store: python's sqlite3, or psql (COPY) for PostgreSQL."""

    def __init__(self, rota):
        self.rota = rota
        self.sqlite_path = os.path.join(rota.dir, "home", "rota.sqlite")

    def psql(self, *argv, stdin=None):
        return subprocess.run(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", *argv, self.rota.db_url], input=stdin,
                              capture_output=True, text=True, check=True).stdout

    def rows(self, sql):
        if self.rota.db_url:
            out = self.psql("-At", "-c", f"SELECT row_to_json(q) FROM ({sql}) q")
            return [json.loads(line) for line in out.splitlines() if line.strip()]
        import sqlite3
        with sqlite3.connect(self.sqlite_path) as c:
            c.row_factory = sqlite3.Row
            return [dict(r) for r in c.execute(sql)]

    def load(self, before, tables, after):
        """`before` statements, then every row of `tables` ({table: rows}), then `after`, in one transaction."""
        if self.rota.db_url:
            path = os.path.join(self.rota.dir, "seed.sql")
            esc = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})

            def cell(v):
                return "\\N" if v is None else str(v).translate(esc)

            with open(path, "w") as f:
                f.write("BEGIN;\n" + "".join(s + ";\n" for s in before))
                for table, rows in tables.items():
                    f.write(f"COPY {table} ({', '.join(W8_COLUMNS[table])}) FROM STDIN;\n")
                    for row in rows:
                        f.write("\t".join(cell(v) for v in row) + "\n")
                    f.write("\\.\n")
                for table in tables:
                    f.write(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}));\n")
                f.write("".join(s + ";\n" for s in after) + "COMMIT;\n")
            self.psql("-f", path)
            os.unlink(path)
            return
        import sqlite3
        c = sqlite3.connect(self.sqlite_path, isolation_level=None)
        try:
            c.execute("BEGIN")
            for s in before:
                c.execute(s)
            for table, rows in tables.items():
                cols = W8_COLUMNS[table]
                c.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows)
            for s in after:
                c.execute(s)
            c.execute("COMMIT")
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            c.close()


def w8_seed(db, n):
    """Replaces the two template runs (one of the job, one of the workflow, run for real through the API)
    by `n` finished runs, half each, one every 2 minutes per workflow up to now, in id order = time order;
    every 25th run failed (the job's command exits 1; in the workflow transform_b fails and load is
    upstream_failed). Task instances and attempts copy the templates' columns (spec, queue, pool, node…).
    Returns the counts and a few ids the pages need."""
    runs_t = {r["workflow"]: r for r in db.rows("SELECT * FROM runs ORDER BY id")}
    tis_t = {}
    for t in db.rows("SELECT * FROM task_instances ORDER BY id"):
        tis_t.setdefault(t["workflow"], []).append(t)
    if set(runs_t) != {W8_JOB, W8_WF} or len(tis_t[W8_WF]) != 4 or len(tis_t[W8_JOB]) != 1:
        raise RuntimeError(f"W8: unexpected template rows: runs {sorted(runs_t)}")
    node = tis_t[W8_JOB][0]["node"] or "bench"
    start_id = 1 + max(r["id"] for r in db.rows(
        "SELECT MAX(id) AS id FROM runs UNION ALL SELECT MAX(id) FROM task_instances UNION ALL SELECT MAX(id) FROM attempts"))
    n_job, n_wf = n // 2, n - n // 2
    now = int(time.time() * 1000) - 60_000
    step = 120_000
    t0 = now - max(n_job, n_wf) * step
    runs, tis, atts = [], [], []
    rid = tid = aid = start_id
    stats = {W8_JOB: {"ok": 0, "failed": 0, "last_ok": None, "last_failed": None, "status": ""},
             W8_WF: {"ok": 0, "failed": 0, "last_ok": None, "last_failed": None, "status": ""}}
    picks = {}

    def iso(ms):
        return dt.datetime.fromtimestamp(ms / 1000, dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

    def attempt(ti_id, run_id, wf, task, state, started, finished):
        nonlocal aid
        ok = state == "success"
        atts.append((aid, ti_id, run_id, wf, task, 1, node, state, started, finished, 0 if ok else 1,
                     "" if ok else "rows: 0\nerror: upstream file missing\n", 0, "" if ok else "exit status 1"))
        st = stats[wf]
        st["ok" if ok else "failed"] += 1
        st["last_ok" if ok else "last_failed"] = finished
        st["status"] = state
        aid += 1

    for i in range(max(n_job, n_wf)):
        if i < n_job:  # the job: one task instance, one attempt
            t = t0 + i * step
            dur = 6 + (i * 7919) % 90
            failed = i % 25 == 7
            state = "failed" if failed else "success"
            tpl, ti = runs_t[W8_JOB], tis_t[W8_JOB][0]
            suffix = "".join("0123456789abcdefghijklmnopqrstuvwxyz"[(i * 2654435761 >> (5 * k)) % 36] for k in range(6))
            runs.append((rid, W8_JOB, f"manual__{iso(t)}__{suffix}", t, tpl["trigger"], state, t, t, t + dur + 1,
                         tpl["version"], tpl["conf"], tpl["data_interval_start"] and t, tpl["data_interval_end"] and t))
            tis.append((tid, rid, W8_JOB, ti["task_id"], state, 1, ti["max_tries"], ti["spec"], ti["priority"],
                        ti["queue"], t, node, t + 1, t + dur, ti["upstream"], ti["trigger_rule"], ti["pool"],
                        ti["pool_slots"], None, ti["route"]))
            attempt(tid, rid, W8_JOB, ti["task_id"], state, t + 1, t + dur)
            rid += 1
            tid += 1
        if i < n_wf:  # the workflow: extract -> (transform_a, transform_b) -> load
            t = t0 + i * step + step // 2
            failed = i % 25 == 13
            tpl = runs_t[W8_WF]
            first_run = rid
            clock = {}
            end = t
            for ti in tis_t[W8_WF]:
                ups = [u for u in ti["upstream"].split(",") if u]
                ready = max([clock[u] for u in ups], default=t) + 1
                dur = 5 + (i * 31 + len(ti["task_id"]) * 17) % 120
                if failed and ti["task_id"] == "load":
                    tis.append((tid, rid, W8_WF, ti["task_id"], "upstream_failed", 0, ti["max_tries"], ti["spec"],
                                ti["priority"], ti["queue"], ready, None, None, ready, ti["upstream"],
                                ti["trigger_rule"], ti["pool"], ti["pool_slots"], None, ti["route"]))
                    clock[ti["task_id"]] = end = ready
                else:
                    state = "failed" if failed and ti["task_id"] == "transform_b" else "success"
                    tis.append((tid, rid, W8_WF, ti["task_id"], state, 1, ti["max_tries"], ti["spec"], ti["priority"],
                                ti["queue"], ready, node, ready + 1, ready + dur, ti["upstream"], ti["trigger_rule"],
                                ti["pool"], ti["pool_slots"], None, ti["route"]))
                    attempt(tid, rid, W8_WF, ti["task_id"], state, ready + 1, ready + dur)
                    clock[ti["task_id"]] = ready + dur
                    end = max(end, ready + dur)
                if failed and ti["task_id"] == "transform_b" and i >= n_wf // 2 and "task" not in picks:
                    picks["task"] = tid  # a failed task instance from the middle of the history
                tid += 1
            runs.append((first_run, W8_WF, f"manual__{iso(t)}", t, tpl["trigger"], "failed" if failed else "success",
                         t, t, end + 1, tpl["version"], tpl["conf"], tpl["data_interval_start"] and t,
                         tpl["data_interval_end"] and t))
            rid += 1
    picks.setdefault("task", tid - 1)
    # Runs must be inserted before their task instances (foreign key): they are, in id order.
    runs.sort()
    before = ["DELETE FROM attempts", "DELETE FROM task_instances", "DELETE FROM runs"]
    after = []
    for wf, st in stats.items():
        after.append(f"UPDATE workflows SET success_count = {st['ok']}, error_count = {st['failed']}, "
                     f"last_success = {st['last_ok'] or 'NULL'}, last_error = {st['last_failed'] or 'NULL'}, "
                     f"status = '{st['status']}' WHERE name = '{wf}'")
    if db.rota.db_url:
        after.append("ANALYZE")  # autovacuum would soon analyze 100,000 new rows on a live server
    db.load(before, {"runs": runs, "task_instances": tis, "attempts": atts}, after)
    return {"runs": len(runs), "task_instances": len(tis), "attempts": len(atts), "job_runs": n_job,
            "workflow_runs": n_wf, "failed_runs": sum(1 for r in runs if r[5] == "failed"), **picks}


def timed_get(conn_box, base, path):
    """One GET on a keep-alive connection (reopened if the server closed it): (status, bytes, ms)."""
    import http.client
    u = urllib.parse.urlparse(base)
    for retry in (0, 1):
        if conn_box[0] is None:
            conn_box[0] = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
        c = conn_box[0]
        try:
            t0 = time.perf_counter()
            c.request("GET", path)
            r = c.getresponse()
            body = r.read()
            ms = (time.perf_counter() - t0) * 1000
            if r.getheader("Connection", "").lower() == "close":
                c.close()
                conn_box[0] = None
            return r.status, body, ms
        except (http.client.HTTPException, ConnectionError, OSError):
            c.close()
            conn_box[0] = None
            if retry:
                raise


def check_w8_store(r, seeded):
    """The Store answers with what was seeded, or the numbers mean nothing."""
    st, body = http("GET", f"{r.base}/api/v2/dags/{W8_WF}/dagRuns?limit=1")
    if st != 200 or body.get("total_entries") != seeded["workflow_runs"]:
        raise RuntimeError(f"W8: {W8_WF} has {body.get('total_entries') if st == 200 else (st, body)} runs, "
                           f"expected {seeded['workflow_runs']}")
    st, body = http("GET", f"{r.base}/ui/jobs/{W8_JOB}")  # its pager counts the job's attempts, one per run
    if st != 200 or f" of {seeded['job_runs']}</span>".encode() not in body:
        raise RuntimeError(f"W8: the job page does not show {seeded['job_runs']} executions ({st})")


def w_ui(args, res, backend):
    """W8: the web UI's pages over a Store holding --ui-runs finished runs (half a job's, half a 4-task
    workflow's), seeded straight into the database while Rota is stopped."""
    n = args.ui_runs
    for i in range(args.runs):
        r = Rota(args, backend, f"w8-{i}")
        # Retention would prune all but 1,000 runs per workflow (the default) at start.
        r.extra = ["--retention-runs", "10000000", "--retention-days", "36500"]
        r.add_workflow(W8_WF, W8_YAML)
        r.start()
        st, body = http("POST", r.base + "/v1/jobs", {"name": W8_JOB, "schedule": "@manually", "executor": "shell",
                                                     "executor_config": {"command": "true"}})
        if st not in (200, 201):
            raise RuntimeError(f"W8: POST /v1/jobs: {st} {body}")
        deadline = time.time() + 60
        while True:  # the file watcher loads the workflow
            st, _ = http("GET", f"{r.base}/api/v2/dags/{W8_WF}")
            if st == 200:
                break
            if time.time() > deadline:
                raise RuntimeError(f"W8: workflow {W8_WF} was not loaded; see {r.log.name}")
            time.sleep(0.1)
        # One real run of each: the templates whose columns the seeded rows copy.
        st, body = http("POST", f"{r.base}/v1/jobs/{W8_JOB}/run")
        if st not in (200, 201, 202):
            raise RuntimeError(f"W8: run job: {st} {body}")
        run = r.wait_run(W8_WF, r.trigger(W8_WF), timeout=120)
        if run["state"] != "success":
            raise RuntimeError(f"W8: template run ended {run['state']}")
        deadline = time.time() + 60
        while True:
            st, ex = http("GET", f"{r.base}/v1/jobs/{W8_JOB}/executions")
            if st == 200 and ex and parse_time(ex[-1].get("finished_at")):
                break
            if time.time() > deadline:
                raise RuntimeError("W8: the job's template run did not finish")
            time.sleep(0.1)
        r.halt()

        t0 = time.time()
        seeded = w8_seed(SeedDB(r), n)
        res.add("W8", "seed runs (direct SQL, 1 transaction)", backend, time.time() - t0, "s")
        print(f"    W8 seeded {seeded}", flush=True)

        r.start()
        res.add("W8", "ready with the seeded Store", backend, r.ready_s * 1000, "ms")
        time.sleep(2)  # let start-up work settle
        check_w8_store(r, seeded)

        deep = max(0, min(seeded["job_runs"], seeded["workflow_runs"]) - 1000)  # 49000 at 100,000: a late page
        nj, nw = seeded["job_runs"], seeded["workflow_runs"]
        # (label, path, text the answer must hold: the pager shows the page asked for, of every seeded row)
        pages = [
            ("/ (overview)", "/", None),
            ("/ui/jobs", "/ui/jobs", None),
            ("/ui/jobs/{job}", f"/ui/jobs/{W8_JOB}", f"1–25 of {nj}<"),
            (f"/ui/jobs/{{job}}?offset={deep}", f"/ui/jobs/{W8_JOB}?offset={deep}", f"{deep + 1}–{deep + 25} of {nj}<"),
            ("/ui/workflows", "/ui/workflows", None),
            ("/ui/workflows/{id}?tab=grid", f"/ui/workflows/{W8_WF}?tab=grid", f"1–25 of {nw}<"),
            (f"/ui/workflows/{{id}}?tab=grid&offset={deep}", f"/ui/workflows/{W8_WF}?tab=grid&offset={deep}",
             f"{deep + 1}–{deep + 25} of {nw}<"),
            ("/ui/workflows/{id}?tab=graph", f"/ui/workflows/{W8_WF}?tab=graph", None),
            ("/ui/workflows/{id}?tab=gantt", f"/ui/workflows/{W8_WF}?tab=gantt", None),
            ("/ui/workflows/{id}?tab=code", f"/ui/workflows/{W8_WF}?tab=code", None),
            ("/ui/tasks/{task_instance_id}", f"/ui/tasks/{seeded['task']}", "transform_b"),
            ("/ui/pools", "/ui/pools", None),
            ("/ui/import-errors", "/ui/import-errors", None),
        ]
        conn = [None]
        for label, path, expect in pages:
            for _ in range(args.ui_warmup):
                st, body, ms = timed_get(conn, r.base, path)
                if st != 200:
                    raise RuntimeError(f"W8: GET {path} answered {st}: {body[:300]!r}")
                if expect and expect.encode() not in body:
                    raise RuntimeError(f"W8: GET {path}: the page does not hold {expect!r}")
            times, size = [], 0
            for _ in range(args.ui_requests):
                st, body, ms = timed_get(conn, r.base, path)
                if st != 200:
                    raise RuntimeError(f"W8: GET {path} answered {st}: {body[:300]!r}")
                times.append(ms)
                size = len(body)
            res.add("W8", f"{label} p50", backend, pct(times, 50), "ms")
            res.add("W8", f"{label} p99", backend, pct(times, 99), "ms")
            res.add("W8", f"{label} max", backend, max(times), "ms")
            res.add("W8", f"{label} size", backend, size / 1024, "KiB")
        if conn[0]:
            conn[0].close()
        res.add("W8", "RSS after the pages", backend, r.rss(), "MB")
        check_w8_store(r, seeded)  # nothing (retention…) deleted runs while the pages were measured
        r.stop()


def floor(args, res):
    for i in range(args.runs):
        for label, cmd in (("1000 x true, xargs -P2", "seq 1000 | xargs -P2 -n1 true"),
                           ("200 x true, xargs -P1", "seq 200 | xargs -P1 -n1 true"),
                           ("1002 x true (W3 shape)", "true; seq 1000 | xargs -P2 -n1 true; true"),
                           ("10000 x true, xargs -P2", "seq 10000 | xargs -P2 -n1 true"),
                           ("200 x sh -c 'date;date' (W2 stamps)",
                            "seq 200 | xargs -P1 -I{} sh -c 'echo s $(date +%s%N) >/dev/null; "
                            "echo e $(date +%s%N) >/dev/null'"),
                           *((("200 x sh -c stamp (W2 clock stamps)",
                               f"seq 200 | xargs -P1 -I{{}} sh -c '{args.stamp} /dev/null'"),) if args.stamp else ())):
            t0 = time.time()
            subprocess.run(cmd, shell=True, check=True)
            res.add("floor", label, "-", time.time() - t0, "s")


# --------------------------------------------------------------------------- table

TARGETS = {
    ("W1", "total s"): "<= 1.3x floor",
    ("W3", "total s"): "<= 1.3x floor",
    ("W2", "transition p50 (clock stamps)"): "<= 2 ms",
    ("W2", "transition p99 (clock stamps)"): "<= 10 ms",
    ("W2-remote", "transition p99 (clock stamps)"): "<= 25 ms",
    ("W2", "transition p50 (API, ms res.)"): "<= 2 ms",
    ("W2", "transition p99 (API, ms res.)"): "<= 10 ms",
    ("W4", "tasks/s (noop, 2 workers)"): ">= 5000 (PG 2000)",
    ("W4", "tasks/s (noop, 4 workers)"): ">= 5000 (PG 2000)",
    ("W4", "tasks/s (noop, 16 workers)"): ">= 5000 (PG 2000)",
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
    order = ["floor", "W1", "W2", "W2-remote", "W3", "W4", "W5", "W5-100k", "W6", "W7", "Luigi", "Airflow", "ratio"]
    w8 = {k: v for k, v in res.rows.items() if k[0] == "W8"}  # its own table below
    keys = sorted((k for k in res.rows if k[0] != "W8"), key=lambda k: (order.index(k[0]) if k[0] in order else 99, k[0], k[2], k[1]))
    if not keys:
        lines = lines[:2]
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
    if w8:
        lines += [""] + w8_table(w8)
    if res.notes:
        lines += ["", "Notes:"] + [f"- {n}" for n in res.notes]
    return "\n".join(lines) + "\n"


def w8_table(rows):
    """W8 as one line per page: median over runs of each run's p50/p99/max of 30 GETs, size of the answer."""
    med = {k: statistics.median(v) for k, v in rows.items()}
    n = {k: len(v) for k, v in rows.items()}
    backends = sorted({b for (_, _, b) in rows}, key=lambda b: (b != "sqlite", b))
    pages = []
    for (_, m, _) in sorted(rows, key=lambda k: k[1]):
        if m.endswith(" p50"):
            pages.append(m[:-4])
    pages = sorted(set(pages), key=lambda p: [m for (_, m, _) in rows].index(p + " p50"))
    out = ["W8: the web UI with a seeded Store (ms per GET, sequential, keep-alive; median over runs of each "
           "run's p50/p99/max; p50 > 50 ms marked slow)", "",
           "| page | backend | p50 ms | p99 ms | max ms | size KiB | runs | |",
           "|---|---|---:|---:|---:|---:|---:|---|"]
    for page in pages:
        for b in backends:
            k = ("W8", page + " p50", b)
            if k not in med:
                continue
            p50 = med[k]
            out.append(f"| `{page}` | {b} | {p50:.1f} | {med[('W8', page + ' p99', b)]:.1f} | "
                       f"{med[('W8', page + ' max', b)]:.1f} | {med[('W8', page + ' size', b)]:.1f} | {n[k]} | "
                       f"{'**slow**' if p50 > 50 else ''} |")
    for m, unit in (("seed runs (direct SQL, 1 transaction)", "s"), ("ready with the seeded Store", "ms"),
                    ("RSS after the pages", "MB")):
        for b in backends:
            if ("W8", m, b) in med:
                out.append(f"| {m} | {b} | {med[('W8', m, b)]:.1f} {unit} | | | | {n[('W8', m, b)]} | |")
    return out


# Run order: the quick ones first, the 100,000-job registration last.
WORKLOADS = {
    "floor": None, "W1": w_wide, "W2": w_chain, "W3": w_diamond, "W7": w_footprint, "W5": w_cron,
    "W2-remote": w_chain_remote, "W6": w_api, "W4": w_engine, "W8": w_ui, "W5-100k": w_cron_idle,
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
    ap.add_argument("--ui-runs", type=int, default=100000, help="W8: finished runs seeded into the Store")
    ap.add_argument("--ui-requests", type=int, default=30, help="W8: measured GETs per page")
    ap.add_argument("--ui-warmup", type=int, default=3, help="W8: GETs per page before measuring")
    ap.add_argument("--cron-lead", type=int, default=15)
    ap.add_argument("--log-level", default="info")
    ap.add_argument("--peers", action="store_true")
    ap.add_argument("--peers-only", default="luigi,airflow")
    ap.add_argument("--venvs", default="/tmp/rota-bench-venvs")
    ap.add_argument("--out", required=True)
    ap.add_argument("--keep", action="store_true")
    ap.add_argument("--idle-settle", type=float, default=120,
                    help="seconds W5-100k waits before its second, steady-state idle measurement")
    ap.add_argument("--w4-workers", type=lambda v: [int(x) for x in v.split(",")], default=[2, 4, 16],
                    help="in-process worker slots for W4, a list (2 as in W1-W3, 4 the default, 16: the noop tasks "
                         "need no CPU of their own, so more slots only deepen the reports committed together)")
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
    args.stamp = stamp_binary(args)
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
