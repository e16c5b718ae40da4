"""Drives a running `rota standalone` with the official Airflow Python client only.

Usage: airflow_client_check.py BASE_URL DAG_ID TASK_ID EXPECTED_LOG_TEXT

The client's pydantic models validate every response strictly, so each call below also checks
that Rota's JSON has Airflow's fields and types. Exits 0 when every step passed; otherwise prints
which step failed and why, and exits 1.
"""

import json
import sys
import time
import urllib.request

import airflow_client.client as client
from airflow_client.client.api.dag_api import DAGApi
from airflow_client.client.api.dag_run_api import DagRunApi
from airflow_client.client.api.dag_source_api import DagSourceApi
from airflow_client.client.api.import_error_api import ImportErrorApi
from airflow_client.client.api.monitor_api import MonitorApi
from airflow_client.client.api.pool_api import PoolApi
from airflow_client.client.api.task_api import TaskApi
from airflow_client.client.api.task_instance_api import TaskInstanceApi
from airflow_client.client.api.version_api import VersionApi
from airflow_client.client.models.dag_patch_body import DAGPatchBody
from airflow_client.client.models.trigger_dag_run_post_body import TriggerDAGRunPostBody


class CheckFailed(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


def get_token(base):
    """POST /auth/token as the client's README does (the generated client has no call for it)."""
    body = json.dumps({"username": "admin", "password": "admin"}).encode()
    request = urllib.request.Request(base + "/auth/token", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        expect(response.status == 201, f"/auth/token answered {response.status}, expected 201")
        token = json.loads(response.read())["access_token"]
    expect(isinstance(token, str) and token, "/auth/token gave no access_token")
    return token


def log_text(log):
    content = log.content.actual_instance
    return "\n".join(item if isinstance(item, str) else item.event for item in content)


def main(base, dag_id, task_id, expected):
    step = "token"
    try:
        configuration = client.Configuration(host=base, access_token=get_token(base))
        with client.ApiClient(configuration) as api:
            dags, runs, tis = DAGApi(api), DagRunApi(api), TaskInstanceApi(api)

            step = "version and health"
            expect(VersionApi(api).get_version().version, "empty version")
            expect(MonitorApi(api).get_health().metadatabase.status == "healthy", "database not healthy")

            step = "list DAGs"
            listed = dags.get_dags(limit=100)
            expect(dag_id in [d.dag_id for d in listed.dags], f"{dag_id} not in {[d.dag_id for d in listed.dags]}")
            expect(listed.total_entries >= 1, "total_entries < 1")

            step = "pause and unpause"
            paused = dags.patch_dag(dag_id, DAGPatchBody(is_paused=True), update_mask=["is_paused"])
            expect(paused.is_paused is True, "patch_dag did not pause")
            expect(dags.get_dag(dag_id).is_paused is True, "get_dag does not show the pause")
            expect(dags.patch_dag(dag_id, DAGPatchBody(is_paused=False)).is_paused is False, "patch_dag did not unpause")

            step = "details, tasks and source"
            expect(dags.get_dag_details(dag_id).dag_id == dag_id, "details of another DAG")
            expect(task_id in [t.task_id for t in TaskApi(api).get_tasks(dag_id).tasks], f"task {task_id} not listed")
            expect(dag_id in (DagSourceApi(api).get_dag_source(dag_id).content or ""), "source does not mention the DAG")

            step = "trigger with conf"
            run = runs.trigger_dag_run(dag_id, TriggerDAGRunPostBody(logical_date=None, conf={"greeting": "hello"}))
            expect(run.conf.get("greeting") == "hello", f"conf not kept: {run.conf}")
            run_id = run.dag_run_id

            step = "wait for success"
            deadline = time.time() + 90
            while run.state.value not in ("success", "failed") and time.time() < deadline:
                time.sleep(0.5)
                run = runs.get_dag_run(dag_id, run_id)
            expect(run.state.value == "success", f"run ended {run.state.value}")
            expect(run_id in [r.dag_run_id for r in runs.get_dag_runs(dag_id).dag_runs], "run not listed")

            step = "task instances"
            instances = tis.get_task_instances(dag_id, run_id)
            expect(instances.total_entries == len(instances.task_instances) >= 1, "no task instances")
            expect(all(t.state.value == "success" for t in instances.task_instances),
                   f"states {[t.state for t in instances.task_instances]}")

            step = "task log"
            text = log_text(tis.get_log(dag_id, run_id, task_id, 1))
            expect(expected in text, f"log does not contain {expected!r}:\n{text}")

            step = "pools and import errors"
            expect("default_pool" in [p.name for p in PoolApi(api).get_pools().pools], "no default_pool")
            ImportErrorApi(api).get_import_errors()
    except CheckFailed as failure:
        print(f"FAILED at step '{step}': {failure}")
        return 1
    except Exception as error:  # the client's own validation and HTTP errors
        print(f"FAILED at step '{step}': {type(error).__name__}: {error}")
        return 1
    print("airflow client check passed")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 5:
        print(__doc__)
        sys.exit(2)
    sys.exit(main(*sys.argv[1:]))
