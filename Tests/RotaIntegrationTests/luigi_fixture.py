"""A small luigi DAG for Rota's luigi integration tests (Tests/RotaIntegrationTests/LuigiTests.swift).

All(width) requires width Leaf tasks, two Limited tasks sharing the server-side resource "db"
(limit 1 on Rota), Flaky, which fails on its first attempt and succeeds on the retry, Input, an
external task whose file the test creates, Dynamic, which yields Leaf(n=100) from its run()
(a dynamic dependency), and Batch(n=0..2), batchable (batch_method=max) so a worker may run them
as one Batch(n=2).
Every successful run appends "<task id> <pid>" to runs.log so a test can spot a task run twice.
"""
import os
import time

import luigi

OUT = os.environ["ROTA_LUIGI_OUT"]
SLEEP = float(os.environ.get("ROTA_LUIGI_SLEEP", "0.2"))


def _finish(task):
    with open(os.path.join(OUT, "runs.log"), "a") as log:
        log.write("%s %d\n" % (task.task_id, os.getpid()))
    with task.output().open("w") as out:
        out.write("ok\n")


class Leaf(luigi.Task):
    n = luigi.IntParameter()

    def output(self):
        return luigi.LocalTarget(os.path.join(OUT, "leaf-%d.txt" % self.n))

    def run(self):
        time.sleep(SLEEP)
        self.set_status_message("leaf %d" % self.n)
        self.set_progress_percentage(50)
        _finish(self)


class Limited(luigi.Task):
    n = luigi.IntParameter()
    resources = {"db": 1}

    def output(self):
        return luigi.LocalTarget(os.path.join(OUT, "limited-%d.txt" % self.n))

    def run(self):
        marker = os.path.join(OUT, "db-in-use")
        if os.path.exists(marker):
            raise RuntimeError("resource db used by two tasks at once")
        open(marker, "w").close()
        time.sleep(SLEEP)
        os.remove(marker)
        _finish(self)


class Flaky(luigi.Task):
    retry_count = 3

    def output(self):
        return luigi.LocalTarget(os.path.join(OUT, "flaky.txt"))

    def run(self):
        marker = os.path.join(OUT, "flaky-attempted")
        if not os.path.exists(marker):
            open(marker, "w").close()
            raise RuntimeError("intentional first failure")
        _finish(self)


class Input(luigi.ExternalTask):
    def output(self):
        return luigi.LocalTarget(os.path.join(OUT, "input.txt"))


class Dynamic(luigi.Task):
    def output(self):
        return luigi.LocalTarget(os.path.join(OUT, "dynamic.txt"))

    def run(self):
        leaf = yield Leaf(n=100)
        with leaf.open() as f:
            assert f.read() == "ok\n"
        _finish(self)


class Batch(luigi.Task):
    n = luigi.IntParameter(batch_method=max)

    def output(self):
        return luigi.LocalTarget(os.path.join(OUT, "batch-%d.txt" % self.n))

    def run(self):
        time.sleep(SLEEP)
        with open(os.path.join(OUT, "runs.log"), "a") as log:
            log.write("%s %d\n" % (self.task_id, os.getpid()))
        for i in range(self.n + 1):
            with luigi.LocalTarget(os.path.join(OUT, "batch-%d.txt" % i)).open("w") as out:
                out.write("ok\n")


class All(luigi.WrapperTask):
    width = luigi.IntParameter(default=4)

    def requires(self):
        return ([Leaf(n=i) for i in range(self.width)] + [Limited(n=i) for i in range(2)] + [Flaky(), Input(), Dynamic()]
                + [Batch(n=i) for i in range(3)])
