"""Peers for W1-W3: Luigi (luigid + `luigi --workers 2`) and Apache Airflow (`airflow standalone`:
scheduler, dag-processor, api-server, LocalExecutor with parallelism 2, BashOperator `true`).

Each is installed from PyPI into a throwaway virtualenv under --venvs (reused when present).
Servers listen on 127.0.0.1 only and are stopped by `Procs` (atexit) whatever happens.
"""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from rota_bench import HERE, Procs, free_port

LUIGI_PIN = "luigi==3.8.1"
AIRFLOW_PIN = "apache-airflow==3.3.2"


def venv(args, name, requirement):
    d = os.path.join(args.venvs, name)
    py = os.path.join(d, "bin", "python")
    marker = os.path.join(d, ".installed-" + requirement.replace("/", "_"))
    if not os.path.exists(marker):
        print(f"  installing {requirement} into {d} (PyPI)", flush=True)
        subprocess.run([sys.executable, "-m", "venv", d], check=True)
        subprocess.run([py, "-m", "pip", "install", "-q", requirement], check=True)
        open(marker, "w").close()
    return d


def wait_http(url, timeout=120):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answered
        except Exception:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer in {timeout}s")


# --------------------------------------------------------------------------- Luigi

def luigi(args, res):
    d = venv(args, "luigi", LUIGI_PIN)
    for w in ("W1", "W2", "W3"):
        for i in range(args.runs):
            tmp = tempfile.mkdtemp(prefix="luigi-", dir=args.work)
            port = free_port()
            log = open(os.path.join(tmp, "luigid.log"), "w")
            server = Procs.start([os.path.join(d, "bin", "luigid"), "--address", "127.0.0.1", "--port", str(port),
                                  "--state-path", os.path.join(tmp, "state.pickle"), "--logdir", tmp],
                                 stdout=log, stderr=subprocess.STDOUT)
            wait_http(f"http://127.0.0.1:{port}/api/ping")
            open(os.path.join(tmp, "luigi.cfg"), "w").close()
            env = dict(os.environ, PYTHONPATH=HERE, LUIGI_CONFIG_PATH=os.path.join(tmp, "luigi.cfg"),
                       BENCH_LUIGI_OUT=os.path.join(tmp, "out"))
            os.makedirs(env["BENCH_LUIGI_OUT"])
            t0 = time.time()
            out = subprocess.run([os.path.join(d, "bin", "luigi"), "--module", "peers_luigi_tasks", w,
                                  "--workers", "2", "--scheduler-host", "127.0.0.1", "--scheduler-port", str(port),
                                  "--log-level", "WARNING", "--retcode-task-failed", "3",
                                  "--retcode-scheduling-error", "4", "--retcode-unhandled-exception", "5"],
                                 env=env, capture_output=True, text=True)
            seconds = time.time() - t0
            Procs.stop(server)
            log.close()
            with open(os.path.join(args.out, f"luigi-{w}-{i}.log"), "w") as f:
                f.write((out.stdout + out.stderr)[-20000:])
            done = len(os.listdir(env["BENCH_LUIGI_OUT"]))
            if out.returncode != 0 or done != {"W1": 1000, "W2": 200, "W3": 1002}[w]:
                raise RuntimeError(f"luigi {w} failed (exit {out.returncode}, {done} tasks done); see luigi-{w}-{i}.log")
            res.add("Luigi", f"{w} total s", "-", seconds, "s")
            shutil.rmtree(tmp, ignore_errors=True)


# --------------------------------------------------------------------------- Airflow

AIRFLOW_DAGS = {
    "W1": """
from airflow.sdk import DAG
from airflow.providers.standard.operators.bash import BashOperator
with DAG("bench_w1", schedule=None, catchup=False, max_active_tasks=64):
    for i in range(1000):
        BashOperator(task_id=f"t{i:05d}", bash_command="true")
""",
    "W2": """
from airflow.sdk import DAG
from airflow.providers.standard.operators.bash import BashOperator
with DAG("bench_w2", schedule=None, catchup=False):
    prev = None
    for i in range(200):
        t = BashOperator(task_id=f"c{i:04d}", bash_command="true")
        if prev is not None:
            prev >> t
        prev = t
""",
    "W3": """
from airflow.sdk import DAG
from airflow.providers.standard.operators.bash import BashOperator
with DAG("bench_w3", schedule=None, catchup=False, max_active_tasks=64):
    src = BashOperator(task_id="src", bash_command="true")
    sink = BashOperator(task_id="sink", bash_command="true")
    for i in range(1000):
        src >> BashOperator(task_id=f"m{i:04d}", bash_command="true") >> sink
""",
}


def airflow(args, res):
    d = venv(args, "airflow", AIRFLOW_PIN)
    home = tempfile.mkdtemp(prefix="airflow-", dir=args.work)
    dags = os.path.join(home, "dags")
    os.makedirs(dags)
    for w, text in AIRFLOW_DAGS.items():
        with open(os.path.join(dags, f"bench_{w.lower()}.py"), "w") as f:
            f.write(text)
    port = free_port()
    db = os.path.join(home, "airflow.db")
    env = dict(os.environ,
               AIRFLOW_HOME=home,
               AIRFLOW__CORE__DAGS_FOLDER=dags,
               AIRFLOW__CORE__LOAD_EXAMPLES="False",
               AIRFLOW__CORE__EXECUTOR="LocalExecutor",
               AIRFLOW__CORE__PARALLELISM="2",
               AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION="False",
               AIRFLOW__CORE__EXECUTION_API_SERVER_URL=f"http://127.0.0.1:{port}/execution/",
               AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=f"sqlite:///{db}",
               AIRFLOW__API__HOST="127.0.0.1",
               AIRFLOW__API__PORT=str(port),
               AIRFLOW__API__WORKERS="1",
               PATH=os.path.join(d, "bin") + ":" + os.environ["PATH"])
    log = open(os.path.join(args.out, "airflow-standalone.log"), "w")
    server = Procs.start([os.path.join(d, "bin", "airflow"), "standalone"], cwd=home, env=env,
                         stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_http(f"http://127.0.0.1:{port}/api/v2/monitor/health", timeout=600)
        # wait until the dag processor has serialized the three DAGs
        deadline = time.time() + 600
        while time.time() < deadline:
            try:
                with sqlite3.connect(db, timeout=30) as c:
                    n = c.execute("SELECT count(*) FROM serialized_dag WHERE dag_id LIKE 'bench_w%'").fetchone()[0]
                if n == 3:
                    break
            except sqlite3.Error:
                pass
            time.sleep(1)
        else:
            raise RuntimeError("airflow never parsed the bench DAGs")
        budget_end = time.time() + args.airflow_budget
        for w in ("W2", "W1", "W3"):  # the cheapest first: W1 and W3 take minutes each
            wid = f"bench_{w.lower()}"
            for i in range(args.airflow_runs):
                if time.time() > budget_end - 60:
                    res.note(f"Airflow {w}: not measured, the --airflow-budget of {args.airflow_budget}s ran out")
                    break
                run_id = f"bench_{i}_{int(time.time())}"
                subprocess.run([os.path.join(d, "bin", "airflow"), "dags", "trigger", wid, "--run-id", run_id],
                               env=env, check=True, capture_output=True, cwd=home)
                started = time.time()
                deadline = min(started + args.airflow_timeout, budget_end)
                row = None
                while time.time() < deadline:
                    with sqlite3.connect(db, timeout=30) as c:
                        row = c.execute("SELECT state, queued_at, start_date, end_date FROM dag_run "
                                        "WHERE dag_id=? AND run_id=?", (wid, run_id)).fetchone()
                    if row and row[0] in ("success", "failed"):
                        break
                    time.sleep(1)
                else:
                    raise RuntimeError(f"airflow {w} run {i} not finished after {time.time() - started:.0f}s "
                                       f"(state {row and row[0]})")
                if row[0] != "success":
                    raise RuntimeError(f"airflow {w} run {i} ended {row[0]}")
                from rota_bench import parse_time
                seconds = parse_time(str(row[3]).replace(" ", "T")) - parse_time(str(row[1]).replace(" ", "T"))
                res.add("Airflow", f"{w} total s", "-", seconds, "s")
    finally:
        Procs.stop(server, timeout=30)
        log.close()


def run(name, args, res):
    if not hasattr(args, "airflow_timeout"):
        args.airflow_timeout = int(os.environ.get("BENCH_AIRFLOW_TIMEOUT", "1800"))
    if not hasattr(args, "airflow_budget"):
        args.airflow_budget = int(os.environ.get("BENCH_AIRFLOW_BUDGET", "7200"))
    if not hasattr(args, "airflow_runs"):
        args.airflow_runs = int(os.environ.get("BENCH_AIRFLOW_RUNS", "1"))
    {"luigi": luigi, "airflow": airflow}[name](args, res)
