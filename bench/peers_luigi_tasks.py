"""Luigi tasks for the peer comparison (W1 wide, W2 chain, W3 diamond), each running `true`.

Run as: luigi --module peers_luigi_tasks W1 --workers 2 --scheduler-host 127.0.0.1 --scheduler-port P
Each task marks itself done with an empty file under $BENCH_LUIGI_OUT (Luigi's usual
LocalTarget; Luigi checks a wrapper's dependencies' outputs before running it), fresh per run.
"""
import os
import subprocess

import luigi


class TrueTask(luigi.Task):
    key = luigi.Parameter()
    upstream = luigi.Parameter(default="")

    def requires(self):
        if not self.upstream:
            return []
        kind, _, arg = self.upstream.partition(":")
        if kind == "chain":
            k = int(arg)
            return [TrueTask(key=f"c{k:04d}", upstream=f"chain:{k - 1}" if k else "")]
        if kind == "src":
            return [TrueTask(key="src")]
        if kind == "mids":
            return [TrueTask(key=f"m{i:04d}", upstream="src:") for i in range(int(arg))]
        return []

    def output(self):
        return luigi.LocalTarget(os.path.join(os.environ["BENCH_LUIGI_OUT"], self.key))

    def run(self):
        subprocess.run(["true"], check=True)
        open(self.output().path, "w").close()


class W1(luigi.WrapperTask):
    def requires(self):
        return [TrueTask(key=f"t{i:05d}") for i in range(1000)]


class W2(luigi.WrapperTask):
    def requires(self):
        return [TrueTask(key="c0199", upstream="chain:198")]


class W3(luigi.WrapperTask):
    def requires(self):
        return [TrueTask(key="sink", upstream="mids:1000")]
