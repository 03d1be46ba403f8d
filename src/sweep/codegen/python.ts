/**
 * A sweep as a runnable Python script, for sweeps that outgrow a browser: Optuna (the same sampler
 * settings, space, pruner, objective and budget) or Ray Tune (OptunaSearch with that sampler, and
 * the matching scheduler), each training the project's graph through a parametric Keras `build_model(params)`.
 */
import type { EncodedRows, PreparedData } from '../../data/preprocess';
import { kerasModelLines, kerasTwinLines } from '../../model/codegen/keras';
import { py } from '../../model/layers/layerKind';
import type { ExportFile } from '../../model/modelExport';
import type { Project } from '../../model/project';
import type { Result } from '../../model/result';
import type { DataContext } from '../../model/task';
import { dataKindOf } from '../../model/templates';
import { AUTO_EPOCHS, proposedLearningRates } from '../auto/autoSpace';
import { familyModelLines, familyTwinLines, searchesFamilies } from '../auto/codegen';
import { FAMILY_PATH, learningRatePath } from '../auto/families/family';
import { isConditional } from '../conditions';
import { prunerKind, prunerKinds } from '../pruners';
import { samplerKind } from '../samplers';
import { checkConfig } from '../study';
import type { Condition, Domain, ParamValue, SearchSpace, StudyConfig } from '../studyConfig';

export type PythonTarget = 'optuna' | 'ray';

/** Where the script reads the data (`sweepDataArrays`, written next to it by the studio). */
export const SWEEP_DATA_FILE = 'tensorloom_data.npz';

/** One array of the data file, as numpy's .npy holds it: float32, row-major. */
export interface NamedArray {
  readonly name: string;
  readonly values: Float32Array;
  readonly shape: readonly number[];
}

/** What a sweep's Python export reads, and the shapes its script builds the model for. */
export interface SweepData {
  /** The .npz of `sweepDataArrays`; its buffer is transferred. */
  readonly file: ExportFile;
  /** As the fitted pipeline gives it: the same DataContext a trial's model was built for. */
  readonly data: DataContext;
  readonly trainRows: number;
  readonly validationRows: number;
}

/**
 * The arrays `load_data()` reads from SWEEP_DATA_FILE: the fitted, preprocessed training and
 * validation rows exactly as a trial trains on them (inputs shaped `[rows, ...inputShape]`;
 * targets as class indices, or standardised numbers for regression).
 */
export function sweepDataArrays(prepared: Pick<PreparedData, 'pipeline' | 'train' | 'validation'>): NamedArray[] {
  const { inputShape } = prepared.pipeline;
  const side = (suffix: string, rows: EncodedRows): NamedArray[] => [
    { name: `x_${suffix}`, values: rows.x, shape: [rows.count, ...inputShape] },
    { name: `y_${suffix}`, values: rows.y, shape: [rows.count] },
  ];
  return [...side('train', prepared.train), ...side('val', prepared.validation)];
}

/** Our metric names as Keras logs them: we say acc, Keras says accuracy. */
export function kerasMetric(metric: string): string {
  return metric.replace(/(^|_)acc$/, '$1accuracy');
}

const literal = (value: ParamValue) => py(value);
const pyList = (values: readonly ParamValue[]) => `[${values.map(literal).join(', ')}]`;

/** `trial.suggest_*` for one parameter. */
function optunaSuggest(path: string, domain: Domain): string {
  const name = py(path);
  switch (domain.type) {
    case 'categorical':
      return `trial.suggest_categorical(${name}, ${pyList(domain.choices)})`;
    case 'int':
      return domain.log
        ? `trial.suggest_int(${name}, ${domain.low}, ${domain.high}, log=True)`
        : `trial.suggest_int(${name}, ${domain.low}, ${domain.high}, step=${domain.step})`;
    case 'float':
      if (domain.log) return `trial.suggest_float(${name}, ${domain.low}, ${domain.high}, log=True)`;
      return `trial.suggest_float(${name}, ${domain.low}, ${domain.high}${domain.step === undefined ? '' : `, step=${domain.step}`})`;
  }
}

/** The `tune.*` distribution for one parameter (randint and lograndint exclude their upper end). */
function rayDistribution(domain: Domain): string {
  switch (domain.type) {
    case 'categorical':
      return `tune.choice(${pyList(domain.choices)})`;
    case 'int':
      if (domain.log) return `tune.lograndint(${domain.low}, ${domain.high + 1})`;
      return domain.step === 1
        ? `tune.randint(${domain.low}, ${domain.high + 1})`
        : `tune.qrandint(${domain.low}, ${domain.high}, ${domain.step})`;
    case 'float':
      if (domain.log) return `tune.loguniform(${domain.low}, ${domain.high})`;
      return domain.step === undefined
        ? `tune.uniform(${domain.low}, ${domain.high})`
        : `tune.quniform(${domain.low}, ${domain.high}, ${domain.step})`;
  }
}

/** Shared by both scripts: data, settings, the model builder (after the classes it needs, `twins`), and one trial's training. */
function commonLines(
  project: Project,
  config: StudyConfig,
  data: DataContext,
  modelLines: readonly string[],
  twins: readonly string[],
): string[] {
  const training = Object.entries(project.training).map(
    ([key, value]) => `    ${py(key)}: ${py(value as ParamValue)},`,
  );
  const classes = data.task === 'multiclass' ? data.labels.length : 0;
  const loss = {
    multiclass: 'keras.losses.CategoricalCrossentropy(label_smoothing=settings["labelSmoothing"])',
    binary: 'keras.losses.BinaryCrossentropy(label_smoothing=settings["labelSmoothing"])',
    regression:
      '{"mse": keras.losses.MeanSquaredError(), "mae": keras.losses.MeanAbsoluteError(), "huber": keras.losses.Huber()}[settings["regressionLoss"]]',
  }[data.task];
  return [
    ...twins,
    `DATA = os.path.abspath(${py(SWEEP_DATA_FILE)})`,
    `OBJECTIVE = ${py(kerasMetric(config.objective.metric))}`,
    `DIRECTION = ${py(config.objective.direction)}`,
    '',
    '# The project\'s training settings; a trial\'s "training.<setting>" params override them.',
    'TRAINING = {',
    ...training,
    '}',
    '',
    '',
    'def load_data():',
    '    d = np.load(DATA)',
    '    x_train, y_train, x_val, y_val = d["x_train"], d["y_train"], d["x_val"], d["y_val"]',
    ...(classes > 0
      ? [
          `    y_train, y_val = keras.utils.to_categorical(y_train, ${classes}), keras.utils.to_categorical(y_val, ${classes})`,
        ]
      : []),
    '    return x_train, y_train, x_val, y_val',
    '',
    '',
    'def training_settings(params):',
    ...(Object.keys(proposedLearningRates(config.space)).length > 0
      ? [
          '    settings = {**TRAINING, **{path.split(".", 1)[1]: value for path, value in params.items() if path.startswith("training.")}}',
          "    # A family whose rate the studio's range test found searches its own, around that rate.",
          `    own_rate = params.get(${py(learningRatePath(''))} + str(params.get(${py(FAMILY_PATH)})))`,
          '    return settings if own_rate is None else {**settings, "learningRate": own_rate}',
        ]
      : [
          '    return {**TRAINING, **{path.split(".", 1)[1]: value for path, value in params.items() if path.startswith("training.")}}',
        ]),
    '',
    '',
    'def build_model(params):',
    searchesFamilies(config.space)
      ? '    """The model of the trial\'s family, sized by its settings, as the studio builds it."""'
      : '    """The studio\'s graph, with the trial\'s values in place of the swept layer params."""',
    ...modelLines.map((line) => (line ? `    ${line}` : '')),
    '    return model',
    '',
    '',
    'def make_optimizer(s):',
    '    lr, name = s["learningRate"], s["optimizer"]',
    '    if name == "adam":',
    '        return keras.optimizers.Adam(learning_rate=lr)',
    '    if name == "adamw":',
    '        return keras.optimizers.AdamW(learning_rate=lr, weight_decay=s["weightDecay"])',
    '    if name == "sgd":',
    '        return keras.optimizers.SGD(learning_rate=lr)',
    '    if name == "momentum":',
    '        return keras.optimizers.SGD(learning_rate=lr, momentum=s["momentum"], nesterov=s["nesterov"])',
    '    if name == "rmsprop":',
    '        return keras.optimizers.RMSprop(learning_rate=lr)',
    '    return keras.optimizers.Adagrad(learning_rate=lr)',
    '',
    '',
    'def learning_rate_at(s, epoch):',
    '    """The studio\'s schedule (src/model/schedule.ts): warm-up, then constant, step, exponential or cosine."""',
    '    base, warmup = s["learningRate"], s["warmupEpochs"]',
    '    if epoch < warmup:',
    '        return base * (epoch + 1) / (warmup + 1)',
    '    t = epoch - warmup',
    '    if s["schedule"] == "step":',
    '        return base * s["decayRate"] ** (t // max(1, s["decayEvery"]))',
    '    if s["schedule"] == "exponential":',
    '        return base * s["decayRate"] ** t',
    '    if s["schedule"] == "cosine":',
    '        period = s["cosineRestartEvery"] if s["cosineRestartEvery"] > 0 else max(1, s["epochs"] - warmup)',
    '        low = s["minLearningRate"]',
    '        return low + 0.5 * (base - low) * (1 + math.cos(math.pi * (t % period) / period))',
    '    return base',
    '',
    '',
    'def fit(params, data, report):',
    '    """Trains one trial, calling report(epoch, value) after each epoch (epochs from 1); returns the last value."""',
    '    x_train, y_train, x_val, y_val = data',
    '    s = training_settings(params)',
    '    model = build_model(params)',
    `    model.compile(optimizer=make_optimizer(s), loss=${loss}, metrics=[${py(data.task === 'regression' ? 'mse' : 'accuracy')}])`,
    '    callbacks = [',
    '        keras.callbacks.LearningRateScheduler(lambda epoch: learning_rate_at(s, epoch)),',
    '        keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: report(epoch + 1, float(logs[OBJECTIVE]))),',
    '    ]',
    '    history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=s["epochs"], batch_size=s["batchSize"], callbacks=callbacks, verbose=0)',
    '    return float(history.history[OBJECTIVE][-1])',
  ];
}

/** Both scripts import these (Ray's OptunaSearch takes an Optuna sampler). */
const IMPORTS = [
  'import math',
  'import os',
  '',
  'import keras',
  'import numpy as np',
  'import optuna',
  'from keras import layers',
];

/**
 * The body of `suggest(trial)`: a dict of suggestions, or for a conditional space, define-by-run:
 * each conditional param suggested only when the param it depends on took one of its values.
 */
function suggestLines(space: SearchSpace): string[] {
  if (!isConditional(space))
    return [
      '    return {',
      ...space.map((param) => `        ${py(param.path)}: ${optunaSuggest(param.path, param.domain)},`),
      '    }',
    ];
  const lines = ['    params = {}'];
  let condition: Condition | undefined;
  for (const param of space) {
    // Params under the same condition (a family's knobs) share one if.
    if (param.when && JSON.stringify(param.when) !== JSON.stringify(condition))
      lines.push(`    if params.get(${py(param.when.path)}) in ${pyList(param.when.values)}:`);
    condition = param.when;
    lines.push(
      `${param.when ? '        ' : '    '}params[${py(param.path)}] = ${optunaSuggest(param.path, param.domain)}`,
    );
  }
  return [...lines, '    return params'];
}

function optunaScript(config: StudyConfig, common: readonly string[]): string[] {
  const { trials, minutes } = config.budget;
  return [
    ...IMPORTS,
    '',
    ...common,
    '',
    '',
    'def suggest(trial):',
    ...suggestLines(config.space),
    '',
    '',
    'def objective(trial, data):',
    '    def report(epoch, value):',
    '        trial.report(value, epoch)',
    '        if trial.should_prune():',
    '            raise optuna.TrialPruned()',
    '',
    '    return fit(suggest(trial), data, report)',
    '',
    '',
    'if __name__ == "__main__":',
    '    data = load_data()',
    '    study = optuna.create_study(',
    '        direction=DIRECTION,',
    `        sampler=${samplerKind(config.sampler).optuna(config)},`,
    `        pruner=${prunerKind(config.pruner).optuna(config)},`,
    '    )',
    `    study.optimize(lambda trial: objective(trial, data), n_trials=${trials ?? 'None'}, timeout=${minutes === undefined ? 'None' : minutes * 60}, n_jobs=${config.parallel})`,
    '    print("best", OBJECTIVE, study.best_value)',
    '    print("best params", study.best_params)',
  ];
}

function rayScript(project: Project, config: StudyConfig, common: readonly string[]): string[] {
  const { trials, minutes } = config.budget;
  const sampler = samplerKind(config.sampler).optuna(config);
  return [
    ...IMPORTS,
    'from ray import tune',
    // Every pruner's scheduler class, sorted (the one in use among them).
    `from ray.tune.schedulers import ${[...new Set(prunerKinds.map((kind) => kind.ray.scheduler))].sort().join(', ')}`,
    'from ray.tune.search import ConcurrencyLimiter',
    'from ray.tune.search.optuna import OptunaSearch',
    '',
    ...common,
    '',
    '',
    'SPACE = {',
    ...config.space.map((param) => `    ${py(param.path)}: ${rayDistribution(param.domain)},`),
    '}',
    '',
    '',
    'def trainable(params):',
    '    fit(params, load_data(), lambda epoch, value: tune.report({OBJECTIVE: value}))',
    '',
    '',
    'if __name__ == "__main__":',
    '    tuner = tune.Tuner(',
    '        trainable,',
    '        param_space=SPACE,',
    '        tune_config=tune.TuneConfig(',
    '            metric=OBJECTIVE,',
    `            mode=${py(config.objective.direction === 'minimize' ? 'min' : 'max')},`,
    `            search_alg=ConcurrencyLimiter(OptunaSearch(sampler=${sampler}), max_concurrent=${config.parallel}),`,
    `            scheduler=${prunerKind(config.pruner).ray.create(config, maxEpochs(config.space, project.training.epochs))},`,
    `            num_samples=${trials ?? -1},`,
    `            time_budget_s=${minutes === undefined ? 'None' : minutes * 60},`,
    '        ),',
    '    )',
    '    best = tuner.fit().get_best_result()',
    '    print("best", OBJECTIVE, best.metrics[OBJECTIVE])',
    '    print("best params", best.config)',
  ];
}

/** The most epochs a trial can train: ASHA's last rung. */
function maxEpochs(space: SearchSpace, fixed: number): number {
  const epochs = space.find((param) => param.path === 'training.epochs')?.domain;
  if (!epochs) return fixed;
  return epochs.type === 'categorical' ? Math.max(...epochs.choices.map(Number)) : epochs.high;
}

/**
 * The sweep as a Python script for `target`, or why not: the config's problems (as the studio
 * would show them before starting), or a graph the Keras export cannot write.
 */
export function sweepToPython(
  project: Project,
  config: StudyConfig,
  data: DataContext,
  target: PythonTarget,
): Result<string> {
  const checked = checkConfig(config, project);
  if (!checked.ok) return checked;
  if (target === 'ray' && isConditional(config.space))
    return {
      ok: false,
      error:
        'The Ray Tune script cannot search settings that depend on others (such as a model family’s size): export it for Optuna.',
    };
  const families = searchesFamilies(config.space);
  const swept = new Set(config.space.map((param) => param.path));
  let modelLines: string[];
  try {
    modelLines = families
      ? familyModelLines(config.space, data)
      : kerasModelLines(project.graph, data, {
          paramExpression: (id, name) =>
            swept.has(`nodes.${id}.params.${name}`) ? `params[${py(`nodes.${id}.params.${name}`)}]` : undefined,
        });
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  // An Auto candidate trains its data kind's epochs (candidateProject).
  const kind = dataKindOf(data);
  const trained =
    families && kind ? { ...project, training: { ...project.training, epochs: AUTO_EPOCHS[kind] } } : project;
  const twins = families ? familyTwinLines(config.space, data) : kerasTwinLines(project.graph);
  const common = commonLines(trained, config, data, modelLines, twins);
  const header = [
    `"""${target === 'optuna' ? 'Optuna' : 'Ray Tune'} twin of a Tensorloom ${families ? 'Auto search' : 'sweep'}: the same search space${families ? ' (model families and their sizes)' : ''}, ${target === 'optuna' ? 'sampler and pruner' : 'sampler (through OptunaSearch) and pruning scheduler'}, objective and budget.`,
    '',
    `Generated by Tensorloom. Needs \`pip install keras optuna${target === 'ray' ? ' "ray[tune]>=2.41"' : ''}\` and a Keras backend.`,
    `Reads ${SWEEP_DATA_FILE} next to where it runs: x_train, y_train, x_val, y_val as the studio preprocessed them`,
    `(inputs of shape ${py(data.inputShape)}; ${data.task === 'regression' ? 'targets standardised on the training rows, so mse is in those units' : 'targets as class indices'}).`,
    'Augmentation, class weights and early stopping are not exported.',
    '"""',
  ];
  return {
    ok: true,
    value: [
      ...header,
      ...(target === 'optuna' ? optunaScript(config, common) : rayScript(project, config, common)),
      '',
    ].join('\n'),
  };
}
