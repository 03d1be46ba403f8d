import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { parseCsvText } from '../../data/import/csv';
import { dataContextFor, prepareTrainingData } from '../../data/preprocess';
import { DEFAULT_DATA_CONFIG } from '../../data/schema';
import { npz } from '../../engine/export/npz';
import { newProject } from '../../model/project';
import type { DataContext } from '../../model/task';
import { defaultGraph } from '../../model/templates';
import { TEMPLATE_CONTEXTS } from '../../test/templateContexts';
import { AUTO_EPOCHS, autoSpace, candidateFamily, candidateProject } from '../auto/autoSpace';
import { familiesFor } from '../auto/families';
import { prunerKinds } from '../pruners';
import { sampleActive } from '../samplers/conditional';
import { randomSampler } from '../samplers/random';
import type { Params } from '../space';
import { samplerKinds } from '../samplers';
import type { SearchSpace, StudyConfig } from '../studyConfig';
import { parseOptunaTrials } from '../optunaTrials';
import { kerasMetric, SWEEP_DATA_FILE, sweepDataArrays, sweepToPython, TRIALS_FILE, type PythonTarget } from './python';

const IRIS: DataContext = { inputShape: [4], task: 'multiclass', labels: ['setosa', 'versicolor', 'virginica'] };
const PROJECT = newProject(defaultGraph(), DEFAULT_DATA_CONFIG);

/** One range of each kind: float log, float stepped, int stepped, int log, categorical (numbers and strings). */
const CONFIG: StudyConfig = {
  space: [
    { path: 'training.learningRate', domain: { type: 'float', low: 0.0001, high: 0.1, log: true } },
    { path: 'training.momentum', domain: { type: 'float', low: 0.5, high: 0.9, log: false, step: 0.1 } },
    { path: 'training.epochs', domain: { type: 'int', low: 5, high: 20, log: false, step: 5 } },
    { path: 'nodes.dense_1.params.units', domain: { type: 'int', low: 4, high: 64, log: true, step: 1 } },
    { path: 'training.batchSize', domain: { type: 'categorical', choices: [16, 32] } },
    { path: 'nodes.dense_1.params.activation', domain: { type: 'categorical', choices: ['relu', 'tanh'] } },
  ],
  objective: { metric: 'val_acc', direction: 'maximize' },
  sampler: 'tpe',
  pruner: 'asha',
  seed: 7,
  budget: { trials: 40, minutes: 30 },
  parallel: 4,
};

function script(target: PythonTarget, config: StudyConfig = CONFIG): string {
  const result = sweepToPython(PROJECT, config, IRIS, target);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

const lines = (text: string) => text.split('\n').map((line) => line.trim());

const HAS_PYTHON = spawnSync('python3', ['--version'], { stdio: 'ignore' }).status === 0;

/** py_compile's complaint, or undefined when the script compiles. */
function compileError(source: string): string | undefined {
  const file = join(mkdtempSync(join(tmpdir(), 'sweep-py-')), 'sweep.py');
  writeFileSync(file, source);
  const result = spawnSync('python3', ['-m', 'py_compile', file], { encoding: 'utf8' });
  return result.status === 0 ? undefined : result.stderr;
}

describe('sweepToPython, shared parts', () => {
  it.each(['optuna', 'ray'] as const)(
    '%s: build_model reads the swept layer params and keeps the others literal',
    (target) => {
      const text = lines(script(target));
      expect(text).toContain('def build_model(params):');
      expect(text).toContain(
        'dense_1 = layers.Dense(params["nodes.dense_1.params.units"], activation=params["nodes.dense_1.params.activation"], use_bias=True, name="dense_1")(input)',
      );
      expect(text).toContain('output = layers.Dense(3, activation="softmax", name="output")(dense_1)');
      expect(text).toContain('OBJECTIVE = "val_accuracy"');
      // Swept training settings override the project's; the fit uses them.
      expect(text).toContain('"learningRate": 0.01,');
      expect(text).toContain('s = training_settings(params)');
      expect(text.some((line) => line.includes('epochs=s["epochs"], batch_size=s["batchSize"]'))).toBe(true);
      expect(
        text.some((line) =>
          line.startsWith('model.compile(optimizer=make_optimizer(s), loss=keras.losses.CategoricalCrossentropy('),
        ),
      ).toBe(true);
    },
  );

  it('names metrics as Keras logs them', () => {
    expect(kerasMetric('val_acc')).toBe('val_accuracy');
    expect(kerasMetric('val_loss')).toBe('val_loss');
    expect(kerasMetric('val_mse')).toBe('val_mse');
  });

  it('refuses a sweep the studio would refuse, with the same message', () => {
    const result = sweepToPython(
      PROJECT,
      {
        ...CONFIG,
        space: [{ path: 'nodes.gone.params.units', domain: { type: 'int', low: 1, high: 4, log: false, step: 1 } }],
      },
      IRIS,
      'optuna',
    );
    expect(result).toEqual({
      ok: false,
      error: 'The layer "gone" is no longer in the model; remove units of gone from the sweep.',
    });
    expect(sweepToPython(PROJECT, { ...CONFIG, budget: { trials: 0 } }, IRIS, 'ray').ok).toBe(false);
  });
});

describe('sweepToPython for Optuna', () => {
  const text = lines(script('optuna'));

  it('suggests each kind of range as our space defines it', () => {
    expect(text).toContain(
      '"training.learningRate": trial.suggest_float("training.learningRate", 0.0001, 0.1, log=True),',
    );
    expect(text).toContain('"training.momentum": trial.suggest_float("training.momentum", 0.5, 0.9, step=0.1),');
    expect(text).toContain('"training.epochs": trial.suggest_int("training.epochs", 5, 20, step=5),');
    expect(text).toContain(
      '"nodes.dense_1.params.units": trial.suggest_int("nodes.dense_1.params.units", 4, 64, log=True),',
    );
    expect(text).toContain('"training.batchSize": trial.suggest_categorical("training.batchSize", [16, 32]),');
    expect(text).toContain(
      '"nodes.dense_1.params.activation": trial.suggest_categorical("nodes.dense_1.params.activation", ["relu", "tanh"]),',
    );
  });

  it('uses our TPE settings, pruner, direction and budget', () => {
    expect(text).toContain(
      'sampler=optuna.samplers.TPESampler(n_startup_trials=10, n_ei_candidates=24, multivariate=True, constant_liar=True, seed=args.seed),',
    );
    expect(text.some((line) => line.startsWith('parser.add_argument("--seed", type=int, default=7,'))).toBe(true);
    expect(text).toContain('pruner=optuna.pruners.SuccessiveHalvingPruner(min_resource=1, reduction_factor=3),');
    expect(text).toContain('DIRECTION = "maximize"');
    expect(text.some((line) => line.startsWith('parser.add_argument("--trials", type=int, default=40,'))).toBe(true);
    expect(text).toContain(
      'study.optimize(lambda trial: objective(trial, data), n_trials=args.trials, timeout=1800, n_jobs=4)',
    );
    expect(text).toContain('trial.report(value, epoch)');
    expect(text).toContain('raise optuna.TrialPruned()');
  });

  it('writes the other samplers and pruners', () => {
    const median = lines(script('optuna', { ...CONFIG, sampler: 'random', pruner: 'median', budget: { trials: 10 } }));
    expect(median).toContain('sampler=optuna.samplers.RandomSampler(seed=args.seed),');
    expect(median).toContain('pruner=optuna.pruners.MedianPruner(n_startup_trials=5),');
    expect(median.some((line) => line.startsWith('parser.add_argument("--trials", type=int, default=10,'))).toBe(true);
    const timed = lines(script('optuna', { ...CONFIG, budget: { minutes: 5 } }));
    expect(timed.some((line) => line.startsWith('parser.add_argument("--trials", type=int, default=None,'))).toBe(true);
    expect(timed).toContain(
      'study.optimize(lambda trial: objective(trial, data), n_trials=args.trials, timeout=300, n_jobs=4)',
    );
    const grid = lines(script('optuna', { ...CONFIG, sampler: 'grid', pruner: 'none' }));
    expect(grid).toContain('pruner=optuna.pruners.NopPruner(),');
    // The grid's own points: every step of a short stepped range, every choice.
    expect(grid.find((line) => line.startsWith('sampler=optuna.samplers.GridSampler('))).toContain(
      '"training.epochs": [5, 10, 15, 20]',
    );
  });

  it('joins the study in the storage it is given, records its process on each trial, and writes every trial at the end', () => {
    expect(
      text.some((line) => line.startsWith('parser.add_argument("--storage", default="sqlite:///tensorloom_study.db",')),
    ).toBe(true);
    expect(text).toContain('storage=open_storage(args.storage),');
    expect(text).toContain('load_if_exists=True,');
    expect(text).toContain('trial.set_user_attr("worker", WORKER)');
    expect(text).toContain(`TRIALS_FILE = "${TRIALS_FILE}"`);
    expect(text).toContain('METRIC = "val_acc"');
    expect(text).toContain('write_trials(study)');
    expect(text).toContain('sys.exit(2)');
  });

  it.skipIf(!HAS_PYTHON)('compiles with py_compile (skipped when python3 is not installed)', () => {
    expect(compileError(script('optuna'))).toBeUndefined();
    expect(
      compileError(
        script('optuna', { ...CONFIG, sampler: 'grid', objective: { metric: 'val_loss', direction: 'minimize' } }),
      ),
    ).toBeUndefined();
  });
});

describe('sweepToPython with PyTorch', () => {
  function torchScript(config: StudyConfig = CONFIG, data: DataContext = IRIS, target: PythonTarget = 'optuna') {
    const result = sweepToPython(PROJECT, config, data, target, 'pytorch');
    if (!result.ok) throw new Error(result.error);
    return result.value;
  }
  const text = lines(torchScript());

  it('builds the PyTorch export’s module with the swept layer params read from the trial’s', () => {
    expect(text).toContain('import torch');
    expect(text.some((line) => line.includes('keras'))).toBe(false);
    expect(text).toContain('class TensorloomModel(nn.Module):');
    expect(text).toContain('def __init__(self, params):');
    expect(
      text.some((line) => line.includes('nn.Linear(') && line.includes('params["nodes.dense_1.params.units"]')),
    ).toBe(true);
    expect(text).toContain('return TensorloomModel(params)');
  });

  it('trains with the sweep’s settings: optimizer, learning rate per epoch, batches, clipping, and reports the studio’s metric each epoch', () => {
    expect(text).toContain('OBJECTIVE = "val_acc"');
    expect(text).toContain('optimizer = make_optimizer(s, model.parameters())');
    expect(text).toContain('group["lr"] = learning_rate_at(s, epoch)');
    expect(text).toContain('for epoch in range(s["epochs"]):');
    expect(text).toContain('batch = order[start:start + s["batchSize"]]');
    expect(text).toContain('nn.utils.clip_grad_norm_(model.parameters(), s["clipNorm"])');
    expect(text).toContain('report(epoch + 1, value)');
    expect(text).toContain('classes = 3');
    // The same space, sampler and pruner as the Keras script.
    const keras = lines(script('optuna'));
    const tuned = (all: string[]) => all.filter((line) => /suggest_|sampler=|pruner=|add_argument/.test(line));
    expect(tuned(text)).toEqual(tuned(keras));
  });

  it('computes the loss and metric of each task', () => {
    const binary = lines(torchScript(CONFIG, { inputShape: [4], task: 'binary', labels: ['no', 'yes'] }));
    expect(binary.some((line) => line.startsWith('return F.binary_cross_entropy('))).toBe(true);
    expect(binary.some((line) => line.startsWith('logs["val_acc"] ='))).toBe(true);
    const regression = lines(
      torchScript(
        { ...CONFIG, objective: { metric: 'val_mse', direction: 'minimize' } },
        { inputShape: [4], task: 'regression', labels: [] },
      ),
    );
    expect(regression).toContain(
      'loss = {"mse": F.mse_loss, "mae": F.l1_loss, "huber": F.huber_loss}[s["regressionLoss"]]',
    );
    expect(regression).toContain('OBJECTIVE = "val_mse"');
    expect(regression.some((line) => line.startsWith('logs["val_mse"] ='))).toBe(true);
  });

  it('refuses in a sentence what it cannot write: another objective, a layer it has no PyTorch for', () => {
    expect(
      sweepToPython(
        PROJECT,
        { ...CONFIG, objective: { metric: 'val_auc', direction: 'maximize' } },
        IRIS,
        'optuna',
        'pytorch',
      ),
    ).toEqual({
      ok: false,
      error: "The PyTorch script reports val_loss and val_acc; make one of them the sweep's objective (it is val_auc).",
    });
    const withOpaque = {
      ...PROJECT,
      graph: {
        ...PROJECT.graph,
        nodes: PROJECT.graph.nodes.map((node) =>
          node.id === 'dense_1' ? { ...node, type: 'Opaque', params: {} } : node,
        ),
      },
    };
    const opaque = sweepToPython(withOpaque, { ...CONFIG, space: CONFIG.space.slice(0, 3) }, IRIS, 'optuna', 'pytorch');
    expect(opaque).toMatchObject({ ok: false, error: expect.stringContaining('dense_1') });
  });

  it.skipIf(!HAS_PYTHON)(
    'compiles with py_compile, for Optuna and Ray Tune (skipped when python3 is not installed)',
    () => {
      expect(compileError(torchScript())).toBeUndefined();
      expect(compileError(torchScript(CONFIG, IRIS, 'ray'))).toBeUndefined();
    },
  );
});

describe('sweepToPython for Ray Tune', () => {
  const text = lines(script('ray'));

  it('writes each kind of range as a Tune distribution (randint excludes its upper end)', () => {
    expect(text).toContain('"training.learningRate": tune.loguniform(0.0001, 0.1),');
    expect(text).toContain('"training.momentum": tune.quniform(0.5, 0.9, 0.1),');
    expect(text).toContain('"training.epochs": tune.qrandint(5, 20, 5),');
    expect(text).toContain('"nodes.dense_1.params.units": tune.lograndint(4, 65),');
    expect(text).toContain('"training.batchSize": tune.choice([16, 32]),');
    expect(text).toContain('"nodes.dense_1.params.activation": tune.choice(["relu", "tanh"]),');
    const plain = lines(
      script('ray', {
        ...CONFIG,
        space: [
          { path: 'nodes.dense_1.params.units', domain: { type: 'int', low: 8, high: 32, log: false, step: 1 } },
          { path: 'training.momentum', domain: { type: 'float', low: 0.5, high: 0.9, log: false } },
        ],
      }),
    );
    expect(plain).toContain('"nodes.dense_1.params.units": tune.randint(8, 33),');
    expect(plain).toContain('"training.momentum": tune.uniform(0.5, 0.9),');
  });

  it('searches with our TPE through OptunaSearch and prunes with ASHA up to the most epochs', () => {
    expect(text).toContain(
      'search_alg=ConcurrencyLimiter(OptunaSearch(sampler=optuna.samplers.TPESampler(n_startup_trials=10, n_ei_candidates=24, multivariate=True, constant_liar=True, seed=7)), max_concurrent=4),',
    );
    expect(text).toContain(
      'scheduler=ASHAScheduler(time_attr="training_iteration", max_t=20, grace_period=1, reduction_factor=3),',
    );
    expect(text).toContain('mode="max",');
    expect(text).toContain('num_samples=40,');
    expect(text).toContain('time_budget_s=1800,');
    const median = lines(
      script('ray', {
        ...CONFIG,
        pruner: 'median',
        objective: { metric: 'val_loss', direction: 'minimize' },
        budget: { minutes: 5 },
      }),
    );
    expect(median).toContain(
      'scheduler=MedianStoppingRule(time_attr="training_iteration", grace_period=1, min_samples_required=5),',
    );
    expect(median).toContain('mode="min",');
    expect(median).toContain('num_samples=-1,');
  });

  it.skipIf(!HAS_PYTHON)('compiles with py_compile (skipped when python3 is not installed)', () => {
    expect(compileError(script('ray'))).toBeUndefined();
  });

  it.skipIf(!HAS_PYTHON)(
    "writes Ray's results as the trials file the Sweep view imports: complete, stopped early (pruned) and failed trials (skipped without python3)",
    () => {
      const source = script('ray');
      // The script's own write_trials and its constants, on stand-ins for Ray's results: Ray itself is not installed here.
      const constants = source.split('\n').filter((line) => /^(OBJECTIVE|DIRECTION|METRIC|TRIALS_FILE) = /.test(line));
      const functions = source.slice(
        source.indexOf('def finite(value):'),
        source.indexOf('if __name__ == "__main__":'),
      );
      const folder = mkdtempSync(join(tmpdir(), 'ray-trials-'));
      const params = {
        'training.learningRate': 0.01,
        'training.momentum': 0.7,
        'training.epochs': 10,
        'nodes.dense_1.params.units': 16,
        'training.batchSize': 32,
        'nodes.dense_1.params.activation': 'relu',
      };
      const harness = [
        'import datetime, json, math, os',
        ...constants,
        `SPACE = dict.fromkeys(${JSON.stringify(Object.keys(params))})`,
        functions,
        'class Result:',
        '    def __init__(self, metrics, history, error=None):',
        `        self.config, self.metrics, self.metrics_dataframe, self.error = ${JSON.stringify(params)}, metrics, history, error`,
        'class Results(list):',
        '    experiment_path = "/home/me/ray_results/trainable_2026"',
        'def ended(complete, values):',
        '    return {OBJECTIVE: values[-1], "complete": complete, "timestamp": 1.8e9, "time_total_s": 30.0, "trial_id": "t"}',
        'write_trials(Results([',
        '    Result(ended(True, [0.8, 0.9]), {"epoch": [1, 2], OBJECTIVE: [0.8, 0.9]}),',
        '    Result(ended(False, [0.4]), {"epoch": [1], OBJECTIVE: [0.4]}),',
        '    Result({}, None, error=RuntimeError("out of memory")),',
        ']))',
      ].join('\n');
      writeFileSync(join(folder, 'harness.py'), harness);
      const run = spawnSync('python3', ['harness.py'], { cwd: folder, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const imported = parseOptunaTrials(readFileSync(join(folder, TRIALS_FILE), 'utf8'), CONFIG);
      if (!imported.ok) throw new Error(imported.error);
      expect(imported.value.studyName).toBe('trainable_2026');
      expect(imported.value.trials.map(({ number, state, value }) => ({ number, state, value }))).toEqual([
        { number: 0, state: 'complete', value: 0.9 },
        { number: 1, state: 'pruned', value: null },
        { number: 2, state: 'failed', value: null },
      ]);
      expect(imported.value.trials[0]!.intermediate).toEqual([
        { step: 1, value: 0.8 },
        { step: 2, value: 0.9 },
      ]);
      expect(imported.value.trials[0]!.params).toEqual(params);
      expect(imported.value.trials[0]!.endedAt - imported.value.trials[0]!.startedAt).toBe(30_000);
    },
  );

  it("reports each epoch with whether it is the trial's last, and writes the trials file before asking for the best", () => {
    expect(text).toContain(
      'fit(params, load_data(), lambda epoch, value: tune.report({OBJECTIVE: value, "epoch": epoch, "complete": epoch == epochs}))',
    );
    expect(text).toContain(`TRIALS_FILE = "${TRIALS_FILE}"`);
    expect(text.indexOf('write_trials(results)')).toBeLessThan(text.indexOf('best = results.get_best_result()'));
  });
});

describe('every sampler and pruner of the catalogs', () => {
  it.each(samplerKinds.map((kind) => [kind.id, kind] as const))(
    'the %s sampler: its Optuna twin in both scripts',
    (_id, kind) => {
      const config = { ...CONFIG, sampler: kind.id };
      expect(lines(script('optuna', config))).toContain(`sampler=${kind.optuna(config, 'args.seed')},`);
      expect(script('ray', config)).toContain(`OptunaSearch(sampler=${kind.optuna(config)})`);
    },
  );

  it.each(prunerKinds.map((kind) => [kind.id, kind] as const))(
    'the %s pruner: its Optuna twin, and its Ray Tune scheduler imported and made',
    (_id, kind) => {
      const config = { ...CONFIG, pruner: kind.id };
      expect(lines(script('optuna', config))).toContain(`pruner=${kind.optuna(config)},`);
      const ray = lines(script('ray', config));
      expect(ray).toContain(`scheduler=${kind.ray.create(config, 20)},`);
      const imported = ray.find((line) => line.startsWith('from ray.tune.schedulers import '));
      expect(imported?.split(/import |, /)).toContain(kind.ray.scheduler);
    },
  );

  it.skipIf(!HAS_PYTHON)('writes Python expressions py_compile accepts (skipped without python3)', () => {
    const expressions = [
      ...samplerKinds.map((kind) => kind.optuna({ ...CONFIG, sampler: kind.id })),
      ...prunerKinds.flatMap((kind) => [kind.optuna(CONFIG), kind.ray.create(CONFIG, 20)]),
    ];
    expect(compileError(expressions.map((expression) => `_ = ${expression}\n`).join(''))).toBeUndefined();
  });
});

/** Iris prepared as a trial trains on it (the training worker's `sweepData` runs these same functions). */
function irisPrepared() {
  const text = readFileSync(new URL('../../../public/samples/iris.csv', import.meta.url), 'utf8');
  const parsed = parseCsvText(text, {
    id: 'iris',
    name: 'iris.csv',
    source: 'sample',
    bytes: text.length,
    createdAt: 0,
  });
  if (!parsed.ok) throw new Error(parsed.error);
  const prepared = prepareTrainingData(parsed.value, { ...DEFAULT_DATA_CONFIG, target: 'species' });
  if (!prepared.ok) throw new Error(prepared.error);
  return prepared.value;
}

/** Stand-ins for the modules the script imports, enough to import it and call load_data (numpy is real). */
const STUB_MODULES: Record<string, string> = {
  'keras/__init__.py': 'from . import layers, utils\n',
  'keras/layers.py': '',
  'keras/utils.py':
    'import numpy as np\n\ndef to_categorical(y, n):\n    return np.eye(n, dtype="float32")[np.asarray(y, dtype="int64")]\n',
  'optuna.py': '',
};

const HAS_NUMPY = HAS_PYTHON && spawnSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0;

/** Debian's python3-torch lives beside /usr/bin/python3 (the one `npm run test:python` runs). */
const TORCH_PYTHON = '/usr/bin/python3';
const HAS_TORCH = spawnSync(TORCH_PYTHON, ['-c', 'import torch, optuna'], { stdio: 'ignore' }).status === 0;

describe('the data file the scripts read', () => {
  const prepared = irisPrepared();
  const data = dataContextFor(prepared.pipeline);
  const file = npz(sweepDataArrays(prepared));

  it.each(['optuna', 'ray'] as const)(
    '%s: the script loads exactly the arrays the .npz holds, by the file name it is saved under',
    (target) => {
      const text = sweepToPython(PROJECT, CONFIG, data, target);
      if (!text.ok) throw new Error(text.error);
      expect(text.value).toContain(`DATA = os.path.abspath("${SWEEP_DATA_FILE}")`);
      const read = [...text.value.matchAll(/d\["(\w+)"\]/g)].map((m) => m[1]).sort();
      const held = Object.keys(unzipSync(file))
        .map((name) => name.replace(/\.npy$/, ''))
        .sort();
      expect(read).toEqual(held);
      expect(read).toHaveLength(4);
    },
  );

  it.skipIf(!HAS_NUMPY)(
    "load_data() reads the studio's rows: shapes, one-hot targets and values (skipped without python3 + numpy)",
    () => {
      const dir = mkdtempSync(join(tmpdir(), 'sweep-data-'));
      mkdirSync(join(dir, 'keras'));
      for (const [name, source] of Object.entries(STUB_MODULES)) writeFileSync(join(dir, name), source);
      const text = sweepToPython(PROJECT, CONFIG, data, 'optuna');
      if (!text.ok) throw new Error(text.error);
      writeFileSync(join(dir, 'sweep.py'), text.value);
      writeFileSync(join(dir, SWEEP_DATA_FILE), file);
      const probe =
        'import json, sweep; xt, yt, xv, yv = sweep.load_data(); print(json.dumps({"shapes": [list(a.shape) for a in (xt, yt, xv, yv)], "x0": xt[0].tolist(), "class0": int(yt[0].argmax()), "rowSums": sorted(set(yt.sum(axis=1).tolist()))}))';
      const result = spawnSync('python3', ['-c', probe], { cwd: dir, encoding: 'utf8' });
      expect(result.stderr).toBe('');
      const loaded = JSON.parse(result.stdout) as {
        shapes: number[][];
        x0: number[];
        class0: number;
        rowSums: number[];
      };
      const { train, validation } = prepared;
      expect(loaded.shapes).toEqual([
        [train.count, 4],
        [train.count, 3],
        [validation.count, 4],
        [validation.count, 3],
      ]);
      expect(loaded.x0).toEqual([...train.x.subarray(0, 4)]);
      expect(loaded.class0).toBe(train.y[0]);
      expect(loaded.rowSums).toEqual([1]);
    },
  );
});

/** `count` candidates of `space` as the scheduler samples them, at random with `seed`. */
function sampledCandidates(space: SearchSpace, count: number, seed: number): Params[] {
  const sampler = randomSampler(seed);
  const candidates: Params[] = [];
  for (let number = 0; candidates.length < count; number++) candidates.push(sampleActive(sampler, space, [], number)!);
  return candidates;
}

/**
 * Runs `body` with `python` for each of `candidates` (as `params`), beside `script` saved as sweep.py and the
 * stand-in `modules` (by file name), after importing json, sweep and `module`; the body appends to `out`, which
 * comes back parsed.
 */
function probeScript(
  { python, module, modules = {} }: { python: string; module: string; modules?: Readonly<Record<string, string>> },
  script: string,
  candidates: readonly Params[],
  body: readonly string[],
): unknown {
  const dir = mkdtempSync(join(tmpdir(), 'auto-py-'));
  for (const [name, source] of Object.entries(modules)) {
    mkdirSync(join(dir, dirname(name)), { recursive: true });
    writeFileSync(join(dir, name), source);
  }
  writeFileSync(join(dir, 'sweep.py'), script);
  writeFileSync(join(dir, 'candidates.json'), JSON.stringify(candidates));
  const probe = [
    `import json, ${module}, sweep`,
    'out = []',
    'for params in json.load(open("candidates.json")):',
    ...body,
    'print(json.dumps(out))',
  ].join('\n');
  const result = spawnSync(python, ['-c', probe], { cwd: dir, encoding: 'utf8' });
  expect(result.status, result.stderr).toBe(0);
  return JSON.parse(result.stdout);
}

const WITH_TORCH = { python: TORCH_PYTHON, module: 'torch' };

describe('an Auto search as an Optuna script', () => {
  const { tabular, image, text } = TEMPLATE_CONTEXTS;
  const KINDS = [
    ['tabular', tabular],
    ['image', image],
    ['text', text],
  ] as const;

  function autoScript(data: DataContext, target: PythonTarget = 'optuna') {
    const space = autoSpace(data);
    if (!space.ok) throw new Error(space.error);
    const config: StudyConfig = {
      ...CONFIG,
      space: space.value,
      objective: { metric: 'val_loss', direction: 'minimize' },
    };
    return { config, script: sweepToPython(PROJECT, config, data, target) };
  }

  it.each(KINDS)(
    '%s: builds each family’s model in a branch of its own, and suggests its knobs only for it',
    (kind, data) => {
      const { script } = autoScript(data);
      if (!script.ok) throw new Error(script.error);
      const text = lines(script.value);
      for (const family of familiesFor(kind)) {
        expect(
          text.some((line) => new RegExp(`^(el)?if params\\["auto.family"\\] == "${family.id}"( and |:)`).test(line)),
        ).toBe(true);
        expect(text).toContain(`if params.get("auto.family") in ["${family.id}"]:`);
      }
      expect(text).toContain(
        'params["training.learningRate"] = trial.suggest_float("training.learningRate", 0.0003, 0.03, log=True)',
      );
      expect(text.some((line) => line.includes('TPESampler(') && line.includes('group=True'))).toBe(true);
      expect(text).toContain(`"epochs": ${AUTO_EPOCHS[kind]},`);
      if (HAS_PYTHON) expect(compileError(script.value)).toBeUndefined();
    },
  );

  it('trains each family at its own learning rate where the range test proposed one', () => {
    const space = autoSpace(tabular, [], { mlp: 0.0032 });
    if (!space.ok) throw new Error(space.error);
    const script = sweepToPython(PROJECT, { ...CONFIG, space: space.value }, tabular, 'optuna');
    if (!script.ok) throw new Error(script.error);
    const text = lines(script.value);
    expect(text).toContain(
      'params["auto.learningRate.mlp"] = trial.suggest_float("auto.learningRate.mlp", 0.00032, 0.0096, log=True)',
    );
    expect(text).toContain('own_rate = params.get("auto.learningRate." + str(params.get("auto.family")))');
    if (HAS_PYTHON) expect(compileError(script.value)).toBeUndefined();
  });

  it('writes a model for each value a narrowed structural knob can take, and no others', () => {
    const space = autoSpace(tabular);
    if (!space.ok) throw new Error(space.error);
    const narrowed = space.value.map((param) =>
      param.path === 'auto.mlp.depth' ? { ...param, domain: { type: 'categorical' as const, choices: [1, 3] } } : param,
    );
    const script = sweepToPython(PROJECT, { ...CONFIG, space: narrowed }, tabular, 'optuna');
    if (!script.ok) throw new Error(script.error);
    const tests = lines(script.value).filter((line) => line.includes('params["auto.mlp.depth"] =='));
    expect(tests).toEqual([
      'if params["auto.family"] == "mlp" and params["auto.mlp.depth"] == 1:',
      'elif params["auto.family"] == "mlp" and params["auto.mlp.depth"] == 3:',
    ]);
  });

  it('says it trains on every column where the search also chose how many ranked columns to keep', () => {
    const order = Array.from({ length: tabular.inputShape[0]! }, (_, i) => `column_${i}`);
    const space = autoSpace(tabular, order);
    if (!space.ok) throw new Error(space.error);
    expect(space.value.some((param) => param.path === 'auto.keepFeatures')).toBe(true);
    const script = sweepToPython(PROJECT, { ...CONFIG, space: space.value, featureOrder: order }, tabular, 'optuna');
    if (!script.ok) throw new Error(script.error);
    expect(script.value).not.toContain('auto.keepFeatures');
    expect(script.value).toContain('this script trains on every column.');
    const everyColumn = autoScript(tabular).script;
    expect(everyColumn.ok && everyColumn.value).not.toContain('every column');
  });

  describe('keeping the top-ranked columns', () => {
    // Six inputs: "city" is a one-hot group of three, and moves as a whole.
    const data: DataContext = { ...tabular, inputShape: [6] };
    const features = [
      { name: 'age', offset: 0, width: 1 },
      { name: 'city', offset: 1, width: 3 },
      { name: 'height', offset: 4, width: 1 },
      { name: 'income', offset: 5, width: 1 },
    ];
    const order = ['city', 'income', 'age', 'height'];
    const searchedConfig = () => {
      const space = autoSpace(data, order);
      if (!space.ok) throw new Error(space.error);
      return { ...CONFIG, space: space.value, featureOrder: order };
    };

    it('searches how many to keep, each count reading the inputs of its top columns in the ranking’s order', () => {
      const script = sweepToPython(PROJECT, searchedConfig(), data, 'optuna', 'keras', features);
      if (!script.ok) throw new Error(script.error);
      const text = lines(script.value);
      expect(text.some((line) => line.includes('trial.suggest_categorical("auto.keepFeatures", [4, 2, 1])'))).toBe(
        true,
      );
      expect(text).toContain('# city, income, age, height');
      expect(text).toContain('4: [0, 1, 2, 3, 4, 5],');
      expect(text).toContain('2: [1, 2, 3, 5],');
      expect(text).toContain('1: [1, 2, 3],');
      expect(text).toContain('x_train, x_val = x_train[:, inputs], x_val[:, inputs]');
      expect(script.value).not.toContain('this script trains on every column');
      // Every family's model is written once per count, for the inputs that count keeps.
      for (const family of familiesFor('tabular'))
        for (const count of [4, 2, 1])
          expect(
            text.some(
              (line) =>
                new RegExp(`^(el)?if params\\["auto.family"\\] == "${family.id}"`).test(line) &&
                line.endsWith(`params["auto.keepFeatures"] == ${count}:`),
            ),
            `${family.id} keeping ${count}`,
          ).toBe(true);
      // The model of a candidate keeping the top column (three inputs) reads three inputs.
      expect(text.some((line) => /keras\.Input\(shape=[[(]3,?[\])]/.test(line))).toBe(true);
      if (HAS_PYTHON) expect(compileError(script.value)).toBeUndefined();
    });

    it.skipIf(!HAS_TORCH)(
      'with PyTorch, each candidate’s module takes the inputs its count keeps (skipped without /usr/bin/python3 + torch)',
      () => {
        const config = searchedConfig();
        const script = sweepToPython(PROJECT, config, data, 'optuna', 'pytorch', features);
        if (!script.ok) throw new Error(script.error);
        const candidates = sampledCandidates(config.space, 6, 3);
        expect(new Set(candidates.map((params) => params['auto.keepFeatures'])).size).toBeGreaterThan(1);
        const shapes = probeScript(WITH_TORCH, script.value, candidates, [
          '    x = torch.zeros(3, 6)[:, sweep.KEPT_INPUTS[params["auto.keepFeatures"]]]',
          '    out.append(list(sweep.build_model(params).eval()(x).shape))',
        ]);
        expect(shapes).toEqual(candidates.map(() => [3, data.labels.length]));
      },
    );
  });

  it('refuses a Ray Tune script for a conditional space, with a sentence', () => {
    expect(autoScript(tabular, 'ray').script).toEqual({
      ok: false,
      error: expect.stringMatching(/^The Ray Tune script cannot search settings that depend on others/),
    });
  });

  it.skipIf(!HAS_TORCH).each(KINDS)(
    '%s with PyTorch: build_model() makes each candidate’s module, which gives one probability per class (skipped without /usr/bin/python3 + torch)',
    (_kind, data) => {
      const { config } = autoScript(data);
      const script = sweepToPython(PROJECT, config, data, 'optuna', 'pytorch');
      if (!script.ok) throw new Error(script.error);
      const candidates = sampledCandidates(config.space, 8, 5);
      const made = probeScript(WITH_TORCH, script.value, candidates, [
        '    model = sweep.build_model(params).eval()',
        `    x = torch.zeros(3, ${data.inputShape.join(', ')})`,
        '    out.append({"class": type(model).__name__, "shape": list(model(x).shape)})',
      ]) as { class: string; shape: number[] }[];
      expect(made.map((m) => m.shape)).toEqual(candidates.map(() => [3, data.labels.length]));
      // Each family has a class of its own.
      const families = new Set(candidates.map((params) => params['auto.family']));
      expect(new Set(made.map((m) => m.class)).size).toBeGreaterThanOrEqual(families.size);
    },
  );

  /** Keras and Optuna stand-ins that record the layers a script makes (numpy is real). */
  const RECORDING_MODULES: Record<string, string> = {
    'keras/__init__.py': [
      'from . import layers, utils',
      '',
      'def Input(shape=None, name=None):',
      '    layers.CALLS.append({"name": name, "args": list(shape)})',
      '    return name',
      '',
      'class Model:',
      '    def __init__(self, inputs=None, outputs=None, name=None):',
      '        pass',
      '',
    ].join('\n'),
    'keras/layers.py': [
      'CALLS = []',
      '',
      'class Layer:',
      '    def __init__(self, name=None, **kwargs):',
      '        CALLS.append({"name": name, "args": None})',
      '',
      '    def __call__(self, *inputs, **kwargs):',
      '        return self',
      '',
      'def __getattr__(layer):',
      '    if layer.startswith("__"):',
      '        raise AttributeError(layer)',
      '    def make(*args, name=None, **kwargs):',
      '        CALLS.append({"name": name, "args": [*args, *kwargs.values()]})',
      '        return lambda *inputs: name',
      '    return make',
      '',
    ].join('\n'),
    'keras/utils.py': '',
    'optuna.py': '',
  };

  /** For each candidate: the names suggest() asked for, and the layers build_model() made. */
  function runScript(source: string, candidates: readonly Params[]) {
    return probeScript({ python: 'python3', module: 'keras', modules: RECORDING_MODULES }, source, candidates, [
      '    keras.layers.CALLS.clear()',
      '    asked = []',
      '    class Trial:',
      '        def suggest(self, name, *args, **kwargs):',
      '            asked.append(name)',
      '            return params[name]',
      '        suggest_categorical = suggest_int = suggest_float = suggest',
      '    suggested = sweep.suggest(Trial())',
      '    sweep.build_model(params)',
      '    out.append({"asked": asked, "same": suggested == params, "calls": list(keras.layers.CALLS)})',
    ]) as {
      asked: string[];
      same: boolean;
      calls: { name: string; args: (number | string | boolean | null)[] | null }[];
    }[];
  }

  it.skipIf(!HAS_NUMPY).each(KINDS)(
    '%s: suggest() asks for a candidate’s active params and build_model() makes the studio’s graph (skipped without python3 + numpy)',
    (kind, data) => {
      const { config, script } = autoScript(data);
      if (!script.ok) throw new Error(script.error);
      const sampler = randomSampler(11);
      const candidates: Params[] = [];
      for (let number = 0; candidates.length < 12; number++)
        candidates.push(sampleActive(sampler, config.space, [], number)!);
      const families = new Set(candidates.map((params) => params['auto.family']));
      expect(families.size).toBe(familiesFor(kind).length);
      const runs = runScript(script.value, candidates);
      candidates.forEach((params, i) => {
        const { asked, same, calls } = runs[i]!;
        expect(asked.sort()).toEqual(Object.keys(params).sort());
        expect(same).toBe(true);
        const project = candidateProject(PROJECT, data, params);
        if (!project.ok) throw new Error(project.error);
        const { graph } = project.value;
        // The attention twin wraps Keras's own layer, which it names "attention".
        const made = calls.map((call) => call.name).filter((name) => name !== 'attention');
        expect(made.sort()).toEqual(graph.nodes.map((node) => node.id).sort());
        const family = candidateFamily(params)!;
        const knobs = family.knobValues(
          Object.fromEntries(
            Object.entries(params)
              .filter(([path]) => path.startsWith(`auto.${family.id}.`))
              .map(([path, value]) => [path.split('.').at(-1)!, value]),
          ),
        );
        if (!knobs.ok) throw new Error(knobs.error);
        for (const { step, bind } of family.steps(data, knobs.value))
          for (const { knob, times } of Object.values(bind)) {
            const args = calls.find((call) => call.name === step.id)?.args;
            if (args) expect(args).toContain(knobs.value[knob]! * times);
          }
      });
    },
  );
});
