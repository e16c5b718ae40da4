#!/usr/bin/env python3
"""Luigi `get_work` + `add_task(status=DONE)` cost as a function of the number of PENDING tasks,
against real `luigid` (luigi 3.8.1 from PyPI) and against Rota's luigi scheduler.

    python3 bench/luigi_getwork.py                       # sizes 100,1000,10000,50000,100000
    python3 bench/luigi_getwork.py --sizes 100,1000 --pairs 50 --only rota --rota-bin /tmp/rota

For each scheduler and each N: a fresh server (its own temporary folder, 127.0.0.1, free ports);
one worker id; `add_worker`; N `add_task` PENDING calls (distinct ids, family "Bench", one param,
runnable, priority 0, no deps, no resources: what a luigi worker sends for such a task) timed as
the load rate; then --warmup pairs that are not counted and --pairs measured pairs of
`get_work(worker, host, assistant=false, current_tasks=[])` followed by `add_task(task_id=<the id
get_work returned>, status=DONE, worker)`; after each pair (outside the timed part) one new PENDING
task is added, so every pair sees N PENDING tasks (--no-refill turns this off). Both schedulers are spoken to the same way: HTTP/1.1
POST /api/<method> with the form field data=<json> (what luigi 3.x's RemoteScheduler sends), one
keep-alive connection (http.client), one call at a time, from this process.

`current_tasks` is [] because after each DONE the worker runs nothing, as a `luigi --workers 1`
worker would report.

Luigid may be slow to load 100,000 tasks: --load-budget (seconds per N) and --pair-budget bound
each phase; what was reached is reported (the pairs then run against the tasks that were loaded).

Results: bench/results/<UTC stamp>-luigi-getwork/ (results.json, table.md, the servers' logs).
Python 3 standard library only; luigid is installed into a virtualenv as bench/peers.py does.
"""
import argparse
import datetime as dt
import hashlib
import http.client
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from rota_bench import Procs, free_port, pct, proc_cpu, proc_rss_mb  # noqa: E402  (atexit: stops servers)
from peers import LUIGI_PIN, venv, wait_http  # noqa: E402

WORKER = "Worker(salt=424242, workers=1, host=bench, username=bench, pid=1)"
HOST = "bench"


# --------------------------------------------------------------------------- RPC client

class RPC:
    """luigi's RemoteScheduler wire format over one keep-alive HTTP/1.1 connection."""

    def __init__(self, port, timeout=600):
        self.port = port
        self.timeout = timeout
        self.conn = None
        self.reconnects = -1

    def _connect(self):
        if self.conn:
            self.conn.close()
        self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        self.reconnects += 1

    def call(self, method, kwargs):
        body = urllib.parse.urlencode({"data": json.dumps(kwargs)})
        headers = {"Content-Type": "application/x-www-form-urlencoded"}
        for attempt in (1, 2):
            if self.conn is None:
                self._connect()
            try:
                self.conn.request("POST", f"/api/{method}", body=body, headers=headers)
                r = self.conn.getresponse()
                raw = r.read()
                if r.getheader("Connection", "").lower() == "close":
                    self.conn.close()
                    self.conn = None
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A keep-alive connection the server closed between two calls: send it once more.
                self.conn = None
                if attempt == 2:
                    raise
        if r.status != 200:
            raise RuntimeError(f"{method}: HTTP {r.status}: {raw[:300]!r}")
        return json.loads(raw)["response"]

    def close(self):
        if self.conn:
            self.conn.close()
            self.conn = None


def task_id(i):
    # luigi's shape: <Family>_<param summary>_<md5[:10] of the params JSON>
    params = json.dumps({"i": str(i)}, separators=(",", ":"), sort_keys=True)
    return f"Bench_{i}_{hashlib.md5(params.encode()).hexdigest()[:10]}"


def add_task_pending(i):
    """The kwargs luigi 3.8.1's worker sends when it schedules a runnable task without deps."""
    return {"task_id": task_id(i), "status": "PENDING", "runnable": True, "deps": [], "new_deps": None,
            "expl": None, "resources": {}, "priority": 0, "family": "Bench", "module": "bench",
            "params": {"i": str(i)}, "param_visibilities": {"i": 0}, "accepts_messages": False,
            "assistant": False, "tracking_url": None, "worker": WORKER, "batchable": False, "batch_id": None,
            "retry_policy_dict": {"retry_count": None, "disable_hard_timeout": None, "disable_window": None},
            "owners": []}


def add_task_done(tid):
    """The kwargs of the result report (`Worker._handle_next_task` → `_add_task(status=DONE)`)."""
    return {"task_id": tid, "status": "DONE", "runnable": None, "deps": None, "new_deps": [], "expl": "null",
            "resources": {}, "priority": 0, "family": "Bench", "module": "bench", "params": None,
            "param_visibilities": None, "accepts_messages": False, "assistant": False, "tracking_url": None,
            "worker": WORKER, "batchable": None, "batch_id": None,
            "retry_policy_dict": {"retry_count": None, "disable_hard_timeout": None, "disable_window": None},
            "owners": []}


# --------------------------------------------------------------------------- servers

class Luigid:
    name = "luigid"

    def __init__(self, args, work):
        self.args = args
        self.dir = tempfile.mkdtemp(prefix="luigid-", dir=work)
        self.port = free_port()
        self.proc = None

    def start(self):
        d = venv(self.args, "luigi", LUIGI_PIN)
        cfg = os.path.join(self.dir, "luigi.cfg")
        open(cfg, "w").close()  # luigid's defaults, whatever /etc/luigi or ./luigi.cfg say
        env = dict(os.environ, LUIGI_CONFIG_PATH=cfg)
        self.log = open(os.path.join(self.dir, "server.log"), "w")
        self.proc = Procs.start([os.path.join(d, "bin", "luigid"), "--address", "127.0.0.1", "--port", str(self.port),
                                 "--state-path", os.path.join(self.dir, "state.pickle"), "--logdir", self.dir],
                                cwd=self.dir, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        # is_paused takes no arguments (a bare /api/ping makes luigid log a TypeError traceback)
        wait_http(f"http://127.0.0.1:{self.port}/api/is_paused")
        self.version = LUIGI_PIN
        return self

    def stop(self):
        if self.proc:
            Procs.stop(self.proc, timeout=30)  # SIGTERM: luigid pickles its state first
            self.log.close()
            self.proc = None


class Rota:
    name = "rota"

    def __init__(self, args, work):
        self.args = args
        self.dir = tempfile.mkdtemp(prefix="rota-", dir=work)
        self.port = free_port()
        self.luigi_port = free_port()
        self.proc = None

    def start(self):
        for sub in ("dags", "jobs"):
            os.makedirs(os.path.join(self.dir, sub))
        # No ROTA_* from the caller's environment (ROTA_AUTH, ROTA_CONFIG, ROTA_DATABASE_URL...).
        env = {k: v for k, v in os.environ.items() if not k.startswith("ROTA_")}
        argv = [self.args.rota_copy, "standalone", "--home", os.path.join(self.dir, "home"),
                "--host", "127.0.0.1", "--port", str(self.port), "--luigi-port", str(self.luigi_port),
                "--dags-dir", os.path.join(self.dir, "dags"), "--jobs-dir", os.path.join(self.dir, "jobs"),
                "--workers", "1", "--log-level", "warning"]
        self.log = open(os.path.join(self.dir, "server.log"), "w")
        self.proc = Procs.start(argv, cwd=self.dir, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        wait_http(f"http://127.0.0.1:{self.port}/health", timeout=120)
        wait_http(f"http://127.0.0.1:{self.luigi_port}/api/is_paused", timeout=60)
        if self.proc.poll() is not None:
            raise RuntimeError(f"rota exited with {self.proc.returncode}; see {self.log.name}")
        self.port = self.luigi_port  # the RPC is spoken on the luigi port, as luigi workers do
        self.version = subprocess.run([self.args.rota_copy, "--version"], capture_output=True, text=True).stdout.strip()
        return self

    def stop(self):
        if self.proc:
            Procs.stop(self.proc, timeout=15)
            self.log.close()
            self.proc = None


# --------------------------------------------------------------------------- one measurement

def stats(values):
    if not values:
        return {"n": 0}
    return {"n": len(values), "p50": pct(values, 50), "p99": pct(values, 99), "mean": statistics.fmean(values),
            "min": min(values), "max": max(values)}


def measure(args, kind, n, out):
    server = kind(args, args.work).start()
    rec = {"scheduler": kind.name, "version": server.version, "n": n, "errors": []}
    print(f"== {kind.name} N={n}: {server.version}, pid {server.proc.pid}, port {server.port}", flush=True)
    rpc = RPC(server.port)
    try:
        rpc.call("add_worker", {"worker": WORKER, "info": [["salt", "424242"], ["workers", 1], ["host", HOST],
                                                              ["username", "bench"], ["pid", 1]]})
        # -- load
        t0 = time.perf_counter()
        deadline = t0 + args.load_budget
        loaded = 0
        next_report = t0 + 30
        load_calls = []
        while loaded < n:
            a = time.perf_counter()
            rpc.call("add_task", add_task_pending(loaded))
            loaded += 1
            now = time.perf_counter()
            load_calls.append((now - a) * 1000)
            if now > next_report:
                print(f"   loading: {loaded}/{n} after {now - t0:.0f} s ({loaded / (now - t0):.0f} tasks/s)", flush=True)
                next_report = now + 30
            if now > deadline:
                break
        load_s = time.perf_counter() - t0
        rec.update(loaded=loaded, load_s=load_s, load_rate=loaded / load_s if load_s > 0 else None,
                   load_complete=loaded == n, load_add_task_ms=stats(load_calls),
                   load_slowest_ms=sorted(((round(x, 2), i) for i, x in enumerate(load_calls)), reverse=True)[:5])
        if loaded < n:
            rec["errors"].append(f"load budget of {args.load_budget:.0f} s ran out after {loaded} of {n} tasks")
        print(f"   loaded {loaded}/{n} tasks in {load_s:.1f} s ({rec['load_rate']:.0f} tasks/s)", flush=True)

        # -- pairs
        gw, done, pair, refill = [], [], [], []
        next_id = loaded
        first_reply = None
        nulls = 0
        total = args.warmup + args.pairs
        cpu0 = None
        t_meas0 = None
        pair_deadline = None
        for k in range(total if args.refill else min(total, loaded)):
            if k == args.warmup:
                cpu0 = proc_cpu(server.proc.pid)[0]
                t_meas0 = time.perf_counter()
                pair_deadline = t_meas0 + args.pair_budget
            a = time.perf_counter()
            reply = rpc.call("get_work", {"worker": WORKER, "host": HOST, "assistant": False, "current_tasks": []})
            b = time.perf_counter()
            tid = reply.get("task_id") if isinstance(reply, dict) else None
            if first_reply is None:
                first_reply = {key: reply.get(key) for key in ("n_pending_tasks", "n_unique_pending",
                                                                "n_pending_last_scheduled", "worker_state", "task_id")}
            if tid is None:
                nulls += 1
                if nulls >= 3:
                    rec["errors"].append(f"get_work handed out no task 3 times (pair {k}): {json.dumps(reply)[:300]}")
                    break
                continue
            rpc.call("add_task", add_task_done(tid))
            c = time.perf_counter()
            if args.refill:
                # One more PENDING task (seen last, so ranked last), so N stays the same for every pair.
                rpc.call("add_task", add_task_pending(next_id))
                next_id += 1
                refill.append((time.perf_counter() - c) * 1000)
            if k >= args.warmup:
                gw.append((b - a) * 1000)
                done.append((c - b) * 1000)
                pair.append((c - a) * 1000)
                if pair_deadline and c > pair_deadline:
                    rec["errors"].append(f"pair budget of {args.pair_budget:.0f} s ran out after {len(pair)} pairs")
                    break
        wall = time.perf_counter() - t_meas0 if t_meas0 else None
        cpu_ms = (proc_cpu(server.proc.pid)[0] - cpu0) * 1000 if cpu0 is not None else None
        # after the pairs: the scheduler's own view, to check it still holds the rest
        after = rpc.call("count_pending", {"worker": WORKER})
        rec.update(get_work_ms=stats(gw), add_task_done_ms=stats(done), pair_ms=stats(pair),
                   refill_add_task_ms=stats(refill[args.warmup:]) if refill else None,
                   samples_ms={"get_work": [round(x, 4) for x in gw], "add_task_done": [round(x, 4) for x in done]},
                   server_cpu_ms_per_pair=(cpu_ms / len(pair)) if pair and cpu_ms is not None else None,
                   measure_wall_s=wall, first_get_work=first_reply, nulls=nulls,
                   pending_after=after.get("n_pending_tasks") if isinstance(after, dict) else None,
                   rss_mb=proc_rss_mb(server.proc.pid), reconnects=rpc.reconnects)
        if rec["pair_ms"]["n"]:
            print(f"   {rec['pair_ms']['n']} pairs: get_work p50 {rec['get_work_ms']['p50']:.2f} ms, "
                  f"pair p50 {rec['pair_ms']['p50']:.2f} p99 {rec['pair_ms']['p99']:.2f} "
                  f"mean {rec['pair_ms']['mean']:.2f} ms; server CPU {rec['server_cpu_ms_per_pair']:.2f} ms/cycle; "
                  f"pending after: {rec['pending_after']}", flush=True)
    except Exception as e:  # keep the other measurements
        rec["errors"].append(f"{type(e).__name__}: {e}")
        print(f"   FAILED: {e}", flush=True)
    finally:
        rpc.close()
        if server.proc and server.proc.poll() is not None:
            rec["errors"].append(f"{kind.name} exited with {server.proc.returncode} during the run")
        server.stop()
        for name in ("server.log", "luigi-server.log"):  # stdout/stderr; luigid's own log (--logdir)
            log = os.path.join(server.dir, name)
            if os.path.exists(log) and os.path.getsize(log):
                shutil.copy(log, os.path.join(out, f"{kind.name}-{n}-{name}"))
        if not args.keep:
            shutil.rmtree(server.dir, ignore_errors=True)
    return rec


# --------------------------------------------------------------------------- report

def fmt(v, digits=2):
    if v is None:
        return "-"
    if isinstance(v, float) and v != v:
        return "-"
    return f"{v:,.{digits}f}"


def table(recs, header):
    lines = [header, "",
             "| scheduler | pending N | loaded | load tasks/s | pairs | get_work p50 | p99 | mean "
             "| pair p50 | p99 | mean | add_task DONE p50 | server CPU / cycle |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in recs:
        g, p, d = r.get("get_work_ms", {}), r.get("pair_ms", {}), r.get("add_task_done_ms", {})
        lines.append(f"| {r['scheduler']} | {r['n']:,} | {r.get('loaded', 0):,} | {fmt(r.get('load_rate'), 0)} "
                     f"| {p.get('n', 0)} | {fmt(g.get('p50'))} | {fmt(g.get('p99'))} | {fmt(g.get('mean'))} "
                     f"| {fmt(p.get('p50'))} | {fmt(p.get('p99'))} | {fmt(p.get('mean'))} "
                     f"| {fmt(d.get('p50'))} | {fmt(r.get('server_cpu_ms_per_pair'))} |")
    lines.append("")
    lines.append("Times in ms (client side, one keep-alive connection, one call at a time). pair = get_work + "
                 "add_task(DONE). p99 is nearest-rank. server CPU / cycle = the server process's utime+stime "
                 "(10 ms ticks) over the measured pairs, divided by their number; a cycle is the pair plus the "
                 "refill add_task(PENDING) that keeps N constant.")
    by = {(r["scheduler"], r["n"]): r for r in recs}
    ratios = []
    for (s, n), r in sorted(by.items(), key=lambda x: x[0][1]):
        o = by.get(("rota", n)) if s == "luigid" else None
        if o and r.get("pair_ms", {}).get("n") and o.get("pair_ms", {}).get("n"):
            ratios.append(f"N={n:,}: luigid/rota pair p50 = {r['pair_ms']['p50'] / o['pair_ms']['p50']:.1f}x, "
                          f"get_work p50 = {r['get_work_ms']['p50'] / o['get_work_ms']['p50']:.1f}x")
    if ratios:
        lines.append("")
        lines += ["- " + x for x in ratios]
    errs = [f"{r['scheduler']} N={r['n']:,}: {e}" for r in recs for e in r.get("errors", [])]
    if errs:
        lines.append("")
        lines += ["- " + e for e in errs]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rota-bin", default=os.path.join(ROOT, ".build", "release", "rota"),
                    help="the rota binary (default: .build/release/rota of this repository); copied before use")
    ap.add_argument("--sizes", default="100,1000,10000,50000,100000", help="numbers of PENDING tasks, comma-separated")
    ap.add_argument("--pairs", type=int, default=200, help="measured get_work + add_task(DONE) pairs per N")
    ap.add_argument("--warmup", type=int, default=3, help="pairs before the measured ones, not counted")
    ap.add_argument("--no-refill", dest="refill", action="store_false",
                    help="do not add a PENDING task after each pair (N then shrinks by one per pair)")
    ap.add_argument("--only", default="luigid,rota", help="luigid,rota")
    ap.add_argument("--load-budget", type=float, default=1200, help="seconds allowed for loading the N tasks, per N")
    ap.add_argument("--pair-budget", type=float, default=600, help="seconds allowed for the measured pairs, per N")
    ap.add_argument("--venvs", default="/tmp/rota-bench-venvs", help="where the luigi virtualenv goes (reused)")
    ap.add_argument("--out", help="results folder (default bench/results/<UTC stamp>-luigi-getwork)")
    ap.add_argument("--keep", action="store_true", help="keep the servers' data folders")
    args = ap.parse_args()

    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    out = args.out or os.path.join(HERE, "results", f"{stamp}-luigi-getwork")
    os.makedirs(out, exist_ok=True)
    args.work = os.path.join(out, "work")
    os.makedirs(args.work, exist_ok=True)
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    only = [x.strip() for x in args.only.split(",") if x.strip()]
    kinds = [{"luigid": Luigid, "rota": Rota}[x] for x in only]

    meta = {"stamp": stamp, "sizes": sizes, "pairs": args.pairs, "warmup": args.warmup,
            "nproc": os.cpu_count(), "kernel": platform.release(), "python": platform.python_version(),
            "loadavg_start": os.getloadavg()}
    if "rota" in only:
        if not os.access(args.rota_bin, os.X_OK):
            sys.exit(f"no rota binary at {args.rota_bin} (--rota-bin)")
        # A private copy: the original may be rebuilt while this runs.
        args.rota_copy = os.path.join(args.work, "rota")
        shutil.copy2(args.rota_bin, args.rota_copy)
        with open(args.rota_copy, "rb") as f:
            meta["rota_md5"] = hashlib.md5(f.read()).hexdigest()
        meta["rota_bin"] = os.path.abspath(args.rota_bin)
        meta["rota_bin_mtime_utc"] = dt.datetime.fromtimestamp(os.path.getmtime(args.rota_bin), dt.timezone.utc).isoformat()
    try:
        meta["commit"] = subprocess.run(["git", "-C", ROOT, "log", "-1", "--format=%h"], capture_output=True,
                                        text=True).stdout.strip()
    except OSError:
        meta["commit"] = "?"

    header = (f"Luigi get_work bench {stamp} UTC, HEAD {meta['commit']}, nproc {meta['nproc']}, "
              f"load average at start {meta['loadavg_start'][0]:.2f}"
              + (f", rota md5 {meta['rota_md5'][:8]} (file mtime {meta['rota_bin_mtime_utc'][:16]})" if "rota_md5" in meta else ""))
    print(header, flush=True)
    print(f"results in {out}", flush=True)

    recs = []

    def save():
        meta["loadavg_end"] = os.getloadavg()
        with open(os.path.join(out, "results.json"), "w") as f:
            json.dump({"meta": meta, "results": recs}, f, indent=1)

    try:
        for n in sizes:
            for kind in kinds:
                la = os.getloadavg()
                rec = measure(args, kind, n, out)
                rec["loadavg_before"] = la
                rec["loadavg_after"] = os.getloadavg()
                recs.append(rec)
                save()
    finally:
        save()
        text = table(recs, header)
        with open(os.path.join(out, "table.md"), "w") as f:
            f.write(text)
        if not args.keep:
            shutil.rmtree(args.work, ignore_errors=True)
        print()
        print(text, flush=True)
    sys.exit(1 if any(r.get("errors") for r in recs) else 0)


if __name__ == "__main__":
    main()
