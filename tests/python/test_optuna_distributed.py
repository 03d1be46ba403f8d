"""The sweep's exported Optuna script (PyTorch flavour) run as Optuna's distributed mode runs it: two
processes of the same script against one storage join one study, and the study's trials come back
in tensorloom_trials.json, the file the Sweep view imports.

The script and its data are the fixture optunaSweep.fixtures.ts writes (a sweep on Iris, 2 epochs a trial).
"""
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

from harness import fixtures, needs

TRIALS_EACH = 3
# Trials of 2 epochs on Iris take well under a second; this bounds a hung process.
TIMEOUT_S = 120


@needs("numpy", "optuna", "torch")
class OptunaDistributedTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # A copy per run: the processes write their study and trials file beside the script.
        cls.folder = tempfile.mkdtemp(prefix="optuna-distributed-")
        shutil.copytree(fixtures("optuna")["iris"], cls.folder, dirs_exist_ok=True)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder, ignore_errors=True)

    def command(self, *args):
        return [sys.executable, "sweep.py", *args]

    def run_script(self, *args):
        return subprocess.run(self.command(*args), cwd=self.folder, capture_output=True, text=True, timeout=TIMEOUT_S)

    def test_two_processes_share_one_study_and_its_trials_come_back(self):
        storage = "journal:" + os.path.join(self.folder, "study.log")
        processes = [
            subprocess.Popen(self.command("--storage", storage, "--trials", str(TRIALS_EACH), "--seed", str(seed)), cwd=self.folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for seed in (1, 2)
        ]
        for process in processes:
            _, errors = process.communicate(timeout=TIMEOUT_S)
            self.assertEqual(process.returncode, 0, errors)

        # Any machine can bring the finished study back: no trials of its own, only the file.
        final = self.run_script("--storage", storage, "--trials", "0")
        self.assertEqual(final.returncode, 0, final.stderr)
        with open(os.path.join(self.folder, "tensorloom_trials.json")) as file:
            study = json.load(file)
        self.assertEqual((study["format"], study["version"]), ("tensorloom-optuna-trials", 1))
        self.assertEqual((study["study_name"], study["direction"], study["metric"]), ("tensorloom", "maximize", "val_acc"))
        trials = study["trials"]
        self.assertEqual(sorted(trial["number"] for trial in trials), list(range(2 * TRIALS_EACH)))
        self.assertTrue(all(trial["state"] in ("COMPLETE", "PRUNED") for trial in trials), [trial["state"] for trial in trials])

        # Each process ran its own trials, and wrote its own process id on them.
        workers = collections.Counter(trial["user_attrs"]["worker"] for trial in trials)
        self.assertEqual(sorted(workers.values()), [TRIALS_EACH, TRIALS_EACH])
        self.assertEqual({int(worker.rsplit(":", 1)[1]) for worker in workers}, {process.pid for process in processes})

        # In the studio's terms: its param names, in the sweep's ranges, the objective per epoch.
        for trial in trials:
            params = trial["params"]
            self.assertEqual(set(params), {"training.learningRate", "nodes.dense_1.params.units"})
            self.assertTrue(0.001 <= params["training.learningRate"] <= 0.1)
            self.assertTrue(4 <= params["nodes.dense_1.params.units"] <= 32)
            self.assertTrue(set(trial["intermediate_values"]) <= {"1", "2"})
            self.assertIsNotNone(trial["datetime_start"])
        complete = [trial for trial in trials if trial["state"] == "COMPLETE"]
        self.assertTrue(complete)
        for trial in complete:
            self.assertEqual(trial["intermediate_values"]["2"], trial["value"])

        # The best the script prints is the best in the file.
        best = max(complete, key=lambda trial: trial["value"])
        printed = next(line.split() for line in final.stdout.splitlines() if line.startswith("best val_acc "))
        self.assertAlmostEqual(float(printed[2]), best["value"])
        self.assertEqual(int(printed[4]), best["number"])

    def test_a_storage_that_cannot_be_opened_is_named_in_one_line_and_exits_2(self):
        missing = os.path.join(self.folder, "no such folder")
        for storage in ("sqlite:///" + os.path.join(missing, "study.db"), "journal:" + os.path.join(missing, "study.log")):
            with self.subTest(storage=storage):
                result = self.run_script("--storage", storage, "--trials", "1")
                self.assertEqual(result.returncode, 2, result.stderr)
                lines = result.stderr.strip().splitlines()
                self.assertEqual(len(lines), 1, result.stderr)
                self.assertTrue(lines[0].startswith("Cannot open the study storage %s: " % storage), lines[0])


if __name__ == "__main__":
    unittest.main()
