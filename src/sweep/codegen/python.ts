/**
 * A sweep as a runnable Python script, for sweeps that outgrow a browser: Optuna (the same sampler
 * settings, space, pruner, objective and budget) or Ray Tune (OptunaSearch with that sampler, and
 * the matching scheduler), each training the project's graph through a parametric `build_model(params)`: the
 * Keras export's model, or the PyTorch export's nn.Module in a plain PyTorch training loop.
 */
import type { EncodedRows, FeatureSpan, PreparedData } from '../../data/preprocess';
import { kerasModelLines, kerasTwinLines } from '../../model/codegen/keras';
import { TORCH_IMPORTS, torchModelLines } from '../../model/codegen/torch';
import { py } from '../../model/layers/layerKind';
import type { ExportFile } from '../../model/modelExport';
import type { Project } from '../../model/project';
import type { Result } from '../../model/result';
import type { DataContext } from '../../model/task';
import { dataKindOf } from '../../model/templates';
import { AUTO_EPOCHS, proposedLearningRates } from '../auto/autoSpace';
import { OPTUNA_TRIALS_FORMAT, OPTUNA_TRIALS_VERSION } from '../optunaTrials';
import {
  familyModelLines,
  familyTorchLines,
  familyTwinLines,
  keptInputs,
  searchesFamilies,
  type FamilyModules,
} from '../auto/codegen';
import { FAMILY_PATH, KEEP_FEATURES_PATH, learningRatePath } from '../auto/families/family';
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
  /** Where each feature's inputs sit in a row of the data file: what Auto's "keep the top k" keeps of them. */
  readonly features: readonly FeatureSpan[];
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

/** The framework a script trains with: Keras, or plain PyTorch. */
export type PythonFramework = 'keras' | 'pytorch';

/** What a Python export writes: the tuner's script, training with a framework. */
export interface PythonFlavour {
  readonly target: PythonTarget;
  readonly framework: PythonFramework;
}

/** What differs between frameworks: the model and one trial's training. */
interface FrameworkLines {
  readonly imports: readonly string[];
  /** Module-level definitions the model needs: Keras twins of the studio's own layers, or the nn.Module. */
  readonly definitions: readonly string[];
  /** The objective's name in the framework's logs. */
  readonly objective: string;
  readonly loadData: readonly string[];
  /** The body of `build_model(params)`. */
  readonly buildModel: readonly string[];
  /** What one trial's training calls: the optimizer, the loss. */
  readonly training: readonly string[];
  /** The body of `fit(params, data, report)` once the data, the settings `s` and `model` are in hand. */
  readonly fit: readonly string[];
}

/** The script's table of the inputs each count of top-ranked columns keeps, and the features they are, in rank order. */
function keptInputsLines(kept: ReadonlyMap<number, readonly number[]>, featureOrder: readonly string[]): string[] {
  return [
    `# Auto's "keep the top k" (${KEEP_FEATURES_PATH}): the inputs (columns of x) each count keeps, those of the top k`,
    "# columns of the feature ranking, as the studio's candidates leave the others out. Most important first:",
    `# ${featureOrder.join(', ')}`,
    'KEPT_INPUTS = {',
    ...[...kept].map(([count, inputs]) => `    ${count}: [${inputs.join(', ')}],`),
    '}',
    '',
  ];
}

/** Shared by both scripts and frameworks: data, settings, the model builder and one trial's training. */
function commonLines(
  project: Project,
  config: StudyConfig,
  framework: FrameworkLines,
  kept: ReadonlyMap<number, readonly number[]> | undefined,
): string[] {
  const training = Object.entries(project.training).map(
    ([key, value]) => `    ${py(key)}: ${py(value as ParamValue)},`,
  );
  return [
    ...framework.definitions,
    `DATA = os.path.abspath(${py(SWEEP_DATA_FILE)})`,
    `OBJECTIVE = ${py(framework.objective)}`,
    `DIRECTION = ${py(config.objective.direction)}`,
    '',
    ...(kept ? keptInputsLines(kept, config.featureOrder ?? []) : []),
    '# The project\'s training settings; a trial\'s "training.<setting>" params override them.',
    'TRAINING = {',
    ...training,
    '}',
    '',
    '',
    'def load_data():',
    '    d = np.load(DATA)',
    ...framework.loadData,
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
    ...framework.buildModel.map((line) => (line ? `    ${line}` : '')),
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
    ...framework.training,
    '',
    '',
    'def fit(params, data, report):',
    '    """Trains one trial, calling report(epoch, value) after each epoch (epochs from 1); returns the last value."""',
    '    x_train, y_train, x_val, y_val = data',
    ...(kept
      ? [
          `    if ${py(KEEP_FEATURES_PATH)} in params:`,
          `        inputs = KEPT_INPUTS[params[${py(KEEP_FEATURES_PATH)}]]`,
          '        x_train, x_val = x_train[:, inputs], x_val[:, inputs]',
        ]
      : []),
    '    s = training_settings(params)',
    '    model = build_model(params)',
    ...framework.fit,
  ];
}

/** Keras: the graph through the Keras export, trained by `model.fit`. */
function kerasLines(
  config: StudyConfig,
  data: DataContext,
  modelLines: readonly string[],
  twins: readonly string[],
): FrameworkLines {
  const classes = data.task === 'multiclass' ? data.labels.length : 0;
  const loss = {
    multiclass: 'keras.losses.CategoricalCrossentropy(label_smoothing=s["labelSmoothing"])',
    binary: 'keras.losses.BinaryCrossentropy(label_smoothing=s["labelSmoothing"])',
    regression:
      '{"mse": keras.losses.MeanSquaredError(), "mae": keras.losses.MeanAbsoluteError(), "huber": keras.losses.Huber()}[s["regressionLoss"]]',
  }[data.task];
  return {
    imports: ['import keras', 'import numpy as np', 'import optuna', 'from keras import layers'],
    definitions: twins,
    objective: kerasMetric(config.objective.metric),
    loadData: [
      '    x_train, y_train, x_val, y_val = d["x_train"], d["y_train"], d["x_val"], d["y_val"]',
      ...(classes > 0
        ? [
            `    y_train, y_val = keras.utils.to_categorical(y_train, ${classes}), keras.utils.to_categorical(y_val, ${classes})`,
          ]
        : []),
      '    return x_train, y_train, x_val, y_val',
    ],
    buildModel: [...modelLines, 'return model'],
    training: [
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
    ],
    fit: [
      `    model.compile(optimizer=make_optimizer(s), loss=${loss}, metrics=[${py(data.task === 'regression' ? 'mse' : 'accuracy')}])`,
      '    callbacks = [',
      '        keras.callbacks.LearningRateScheduler(lambda epoch: learning_rate_at(s, epoch)),',
      '        keras.callbacks.LambdaCallback(on_epoch_end=lambda epoch, logs: report(epoch + 1, float(logs[OBJECTIVE]))),',
      '    ]',
      '    history = model.fit(x_train, y_train, validation_data=(x_val, y_val), epochs=s["epochs"], batch_size=s["batchSize"], callbacks=callbacks, verbose=0)',
      '    return float(history.history[OBJECTIVE][-1])',
    ],
  };
}

/** The validation metrics the PyTorch script computes, as the studio names them; the objective must be one. */
const TORCH_METRICS: Record<DataContext['task'], readonly string[]> = {
  multiclass: ['val_loss', 'val_acc'],
  binary: ['val_loss', 'val_acc'],
  regression: ['val_loss', 'val_mse'],
};

/**
 * PyTorch: the graph as the PyTorch export's nn.Module (`definitions`, taking `params`), trained by a
 * plain loop with the studio's settings. The model ends in its probabilities (softmax, sigmoid), as
 * in the studio, so the losses take probabilities, as Keras's do.
 */
function torchLines(
  config: StudyConfig,
  data: DataContext,
  definitions: readonly string[],
  buildModel: readonly string[],
): FrameworkLines {
  const loss = {
    multiclass: [
      `    classes = ${data.task === 'multiclass' ? data.labels.length : 0}`,
      '',
      '    def loss(probabilities, y):',
      '        target = F.one_hot(y.long(), classes).float() * (1 - smoothing) + smoothing / classes',
      '        return -(target * torch.log(probabilities.clamp(1e-7, 1.0))).sum(dim=1).mean()',
      '',
      '    return loss',
    ],
    binary: [
      '    def loss(probability, y):',
      '        target = y.reshape(probability.shape) * (1 - smoothing) + 0.5 * smoothing',
      '        return F.binary_cross_entropy(probability.clamp(1e-7, 1 - 1e-7), target)',
      '',
      '    return loss',
    ],
    regression: [
      '    loss = {"mse": F.mse_loss, "mae": F.l1_loss, "huber": F.huber_loss}[s["regressionLoss"]]',
      '    return lambda prediction, y: loss(prediction, y.reshape(prediction.shape))',
    ],
  }[data.task];
  const metric = {
    multiclass: '    logs["val_acc"] = float((output.argmax(dim=1) == y.long()).float().mean())',
    binary: '    logs["val_acc"] = float(((output.reshape(y.shape) > 0.5).float() == y).float().mean())',
    regression: '    logs["val_mse"] = float(F.mse_loss(output, y.reshape(output.shape)))',
  }[data.task];
  return {
    imports: ['import numpy as np', 'import optuna', ...TORCH_IMPORTS.slice(2)],
    definitions: ['', ...definitions, '', ''],
    objective: config.objective.metric,
    loadData: ['    return tuple(torch.from_numpy(d[name]) for name in ("x_train", "y_train", "x_val", "y_val"))'],
    buildModel,
    training: [
      'def make_optimizer(s, weights):',
      '    """Keras\'s defaults where they differ from PyTorch\'s (epsilon, RMSprop\'s decay, Adagrad\'s start), as the studio trains."""',
      '    lr, name = s["learningRate"], s["optimizer"]',
      '    if name == "adam":',
      '        return torch.optim.Adam(weights, lr=lr, eps=1e-7)',
      '    if name == "adamw":',
      '        return torch.optim.AdamW(weights, lr=lr, eps=1e-7, weight_decay=s["weightDecay"])',
      '    if name == "sgd":',
      '        return torch.optim.SGD(weights, lr=lr)',
      '    if name == "momentum":',
      '        return torch.optim.SGD(weights, lr=lr, momentum=s["momentum"], nesterov=s["nesterov"])',
      '    if name == "rmsprop":',
      '        return torch.optim.RMSprop(weights, lr=lr, alpha=0.9, eps=1e-7)',
      '    return torch.optim.Adagrad(weights, lr=lr, initial_accumulator_value=0.1, eps=1e-7)',
      '',
      '',
      'def make_loss(s):',
      '    smoothing = s["labelSmoothing"]',
      ...loss,
      '',
      '',
      'def validate(model, loss, x, y):',
      '    model.eval()',
      '    with torch.no_grad():',
      '        output = model(x)',
      '    logs = {"val_loss": float(loss(output, y))}',
      metric,
      '    return logs',
    ],
    fit: [
      '    optimizer = make_optimizer(s, model.parameters())',
      '    loss = make_loss(s)',
      '    value = None',
      '    for epoch in range(s["epochs"]):',
      '        for group in optimizer.param_groups:',
      '            group["lr"] = learning_rate_at(s, epoch)',
      '        model.train()',
      '        order = torch.randperm(len(x_train))',
      '        for start in range(0, len(order), s["batchSize"]):',
      '            batch = order[start:start + s["batchSize"]]',
      '            optimizer.zero_grad()',
      '            loss(model(x_train[batch]), y_train[batch]).backward()',
      '            if s["clipNorm"] > 0:',
      '                nn.utils.clip_grad_norm_(model.parameters(), s["clipNorm"])',
      '            optimizer.step()',
      '        value = validate(model, loss, x_val, y_val)[OBJECTIVE]',
      '        report(epoch + 1, value)',
      '    return value',
    ],
  };
}

/** The standard library each script imports: both write the trials file; the Optuna script also parses arguments and names its process. */
const STANDARD_IMPORTS: Record<PythonTarget, readonly string[]> = {
  optuna: ['argparse', 'json', 'math', 'os', 'socket', 'sys'],
  ray: ['datetime', 'json', 'math', 'os'],
};

/** Both scripts import the framework's modules and Optuna (Ray's OptunaSearch takes an Optuna sampler). */
const imports = (target: PythonTarget, framework: FrameworkLines) => [
  ...STANDARD_IMPORTS[target].map((name) => `import ${name}`),
  '',
  ...framework.imports,
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

/** Where the Optuna script writes every trial of its study at the end, for the Sweep view's "Import Optuna trials…". */
export const TRIALS_FILE = 'tensorloom_trials.json';

/** The studio's name for the objective, and where the trials file goes. */
const trialsFileConstants = (config: StudyConfig) => [
  `METRIC = ${py(config.objective.metric)}`,
  `TRIALS_FILE = ${py(TRIALS_FILE)}`,
];

/** Both scripts end by writing their trials, in Optuna's terms, where the studio's import reads them. */
const SAVE_TRIALS_LINES = [
  'def finite(value):',
  '    return value if value is not None and math.isfinite(value) else None',
  '',
  '',
  'def save_trials(study_name, trials):',
  `    """The trials as the studio's "Import Optuna trials…" reads them; replaced whole, so a reader never sees half a file."""`,
  `    document = {"format": ${py(OPTUNA_TRIALS_FORMAT)}, "version": ${OPTUNA_TRIALS_VERSION}, "study_name": study_name, "direction": DIRECTION, "metric": METRIC, "trials": trials}`,
  '    with open(TRIALS_FILE + ".tmp", "w") as out:',
  '        json.dump(document, out, indent=1, allow_nan=False)',
  '    os.replace(TRIALS_FILE + ".tmp", TRIALS_FILE)',
];

/** The study the Optuna script joins unless told another (`--study-name`). */
const STUDY_NAME = 'tensorloom';

function optunaScript(config: StudyConfig, framework: FrameworkLines, common: readonly string[]): string[] {
  const { trials, minutes } = config.budget;
  return [
    ...imports('optuna', framework),
    '',
    ...common,
    '',
    '',
    ...trialsFileConstants(config),
    // One process's trials on one machine (sqlite needs no server); a shared URL makes it one of many.
    'WORKER = "%s:%d" % (socket.gethostname(), os.getpid())',
    '',
    '',
    'def suggest(trial):',
    ...suggestLines(config.space),
    '',
    '',
    'def objective(trial, data):',
    '    trial.set_user_attr("worker", WORKER)',
    '',
    '    def report(epoch, value):',
    '        trial.report(value, epoch)',
    '        if trial.should_prune():',
    '            raise optuna.TrialPruned()',
    '',
    '    return fit(suggest(trial), data, report)',
    '',
    '',
    'def open_storage(url):',
    `    """journal:PATH is Optuna's journal file (one machine, or a shared disk); anything else an RDB URL (sqlite, postgresql, mysql)."""`,
    '    if not url.startswith("journal:"):',
    '        return optuna.storages.RDBStorage(url)',
    '    try:',
    '        from optuna.storages.journal import JournalFileBackend',
    '    except ImportError:  # Optuna 3',
    '        from optuna.storages import JournalFileStorage as JournalFileBackend',
    '    return optuna.storages.JournalStorage(JournalFileBackend(url[len("journal:"):]))',
    '',
    '',
    ...SAVE_TRIALS_LINES,
    '',
    '',
    'def write_trials(study):',
    '    def when(moment):',
    '        return moment.astimezone().isoformat() if moment else None',
    '',
    '    save_trials(study.study_name, [',
    '        {',
    '            "number": trial.number,',
    '            "state": trial.state.name,',
    '            "params": trial.params,',
    '            "value": finite(trial.value),',
    '            "intermediate_values": {str(step): value for step, value in trial.intermediate_values.items() if finite(value) is not None},',
    '            "datetime_start": when(trial.datetime_start),',
    '            "datetime_complete": when(trial.datetime_complete),',
    '            "user_attrs": trial.user_attrs,',
    '        }',
    '        for trial in study.get_trials(deepcopy=False)',
    '    ])',
    '',
    '',
    'def parse_args():',
    '    parser = argparse.ArgumentParser(description="Runs trials of the study; every process given the same --storage and --study-name joins one study.")',
    `    parser.add_argument("--storage", default="sqlite:///tensorloom_study.db", help="sqlite:///FILE, journal:FILE (Optuna's journal file) or an RDB URL such as postgresql://user:password@host/db (many machines)")`,
    `    parser.add_argument("--study-name", default=${py(STUDY_NAME)})`,
    `    parser.add_argument("--trials", type=int, default=${trials ?? 'None'}, help="trials this process runs (0: only write ${TRIALS_FILE})")`,
    `    parser.add_argument("--seed", type=int, default=${config.seed}, help="the sampler's seed: give each process its own, or they sample alike")`,
    '    return parser.parse_args()',
    '',
    '',
    'if __name__ == "__main__":',
    '    args = parse_args()',
    '    try:',
    '        study = optuna.create_study(',
    '            storage=open_storage(args.storage),',
    '            study_name=args.study_name,',
    '            load_if_exists=True,',
    '            direction=DIRECTION,',
    `            sampler=${samplerKind(config.sampler).optuna(config, 'args.seed')},`,
    `            pruner=${prunerKind(config.pruner).optuna(config)},`,
    '        )',
    '    except Exception as error:',
    '        print("Cannot open the study storage %s: %s" % (args.storage, (str(error) or type(error).__name__).splitlines()[0]), file=sys.stderr)',
    '        sys.exit(2)',
    '    if args.trials != 0:',
    '        data = load_data()',
    `        study.optimize(lambda trial: objective(trial, data), n_trials=args.trials, timeout=${minutes === undefined ? 'None' : minutes * 60}, n_jobs=${config.parallel})`,
    '    write_trials(study)',
    '    if any(trial.state == optuna.trial.TrialState.COMPLETE for trial in study.trials):',
    '        print("best", METRIC, study.best_value, "trial", study.best_trial.number)',
    '        print("best params", study.best_params)',
    '    else:',
    '        print("no trial has completed yet")',
    `    print("wrote", TRIALS_FILE, "with the study's", len(study.trials), "trials")`,
  ];
}

function rayScript(
  project: Project,
  config: StudyConfig,
  framework: FrameworkLines,
  common: readonly string[],
): string[] {
  const { trials, minutes } = config.budget;
  const sampler = samplerKind(config.sampler).optuna(config);
  return [
    ...imports('ray', framework),
    'from ray import tune',
    // Every pruner's scheduler class, sorted (the one in use among them).
    `from ray.tune.schedulers import ${[...new Set(prunerKinds.map((kind) => kind.ray.scheduler))].sort().join(', ')}`,
    'from ray.tune.search import ConcurrencyLimiter',
    'from ray.tune.search.optuna import OptunaSearch',
    '',
    ...common,
    '',
    '',
    ...trialsFileConstants(config),
    '',
    'SPACE = {',
    ...config.space.map((param) => `    ${py(param.path)}: ${rayDistribution(param.domain)},`),
    '}',
    '',
    '',
    'def trainable(params):',
    '    epochs = training_settings(params)["epochs"]',
    '    fit(params, load_data(), lambda epoch, value: tune.report({OBJECTIVE: value, "epoch": epoch, "complete": epoch == epochs}))',
    '',
    '',
    ...SAVE_TRIALS_LINES,
    '',
    '',
    'def write_trials(results):',
    `    """Ray's trials in Optuna's terms: one that stopped before its last epoch (the scheduler, or the time budget) was pruned."""`,
    '    def when(timestamp):',
    '        return datetime.datetime.fromtimestamp(timestamp).astimezone().isoformat() if timestamp else None',
    '',
    '    def plain(value):',
    '        return value.item() if hasattr(value, "item") else value',
    '',
    '    trials = []',
    '    for number, result in enumerate(results):',
    '        metrics = result.metrics or {}',
    '        history = result.metrics_dataframe',
    '        reports = [] if history is None or OBJECTIVE not in history else zip(history["epoch"], history[OBJECTIVE])',
    '        state = "FAIL" if result.error else "COMPLETE" if metrics.get("complete") else "PRUNED"',
    '        end = metrics.get("timestamp")',
    '        trials.append({',
    '            "number": number,',
    '            "state": state,',
    '            "params": {path: plain(value) for path, value in (result.config or {}).items() if path in SPACE},',
    '            "value": finite(plain(metrics.get(OBJECTIVE))) if state == "COMPLETE" else None,',
    '            "intermediate_values": {str(int(epoch)): float(value) for epoch, value in reports if finite(float(value)) is not None},',
    '            "datetime_start": when(end - metrics.get("time_total_s", 0)) if end else None,',
    '            "datetime_complete": when(end),',
    '            "user_attrs": {"ray_trial_id": metrics.get("trial_id")},',
    '        })',
    '    save_trials(os.path.basename(results.experiment_path), trials)',
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
    '    results = tuner.fit()',
    '    write_trials(results)',
    '    print("wrote", TRIALS_FILE, "with", len(results), "trials")',
    '    best = results.get_best_result()',
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
 * The sweep as a Python script for `target` training with `framework`, or why not: the config's
 * problems (as the studio would show them before starting), or a graph the framework's export cannot write.
 * `features` (where each feature's inputs sit in the data file) lets an Auto search keep its top-k choice.
 */
export function sweepToPython(
  project: Project,
  searched: StudyConfig,
  data: DataContext,
  target: PythonTarget,
  framework: PythonFramework = 'keras',
  features: readonly FeatureSpan[] = [],
): Result<string> {
  const kept = keptInputs(searched.space, searched.featureOrder ?? [], features);
  // Without the features' inputs the script cannot leave ranked columns out as Auto's candidates did: it uses every column.
  const config = kept
    ? searched
    : { ...searched, space: searched.space.filter((param) => param.path !== KEEP_FEATURES_PATH) };
  const keptTopFeatures = !kept && config.space.length < searched.space.length;
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
  const paramExpression = (id: string, name: string) =>
    swept.has(`nodes.${id}.params.${name}`) ? `params[${py(`nodes.${id}.params.${name}`)}]` : undefined;
  let lines: FrameworkLines;
  if (framework === 'pytorch') {
    const metrics = TORCH_METRICS[data.task];
    if (!metrics.includes(config.objective.metric))
      return {
        ok: false,
        error: `The PyTorch script reports ${metrics.join(' and ')}; make one of them the sweep's objective (it is ${config.objective.metric}).`,
      };
    const module = families ? undefined : torchModelLines(project.graph, data, { paramExpression });
    const modules: Result<FamilyModules> = !module
      ? familyTorchLines(config.space, data, kept)
      : module.ok
        ? { ok: true, value: { definitions: module.value, buildModel: ['return TensorloomModel(params)'] } }
        : module;
    if (!modules.ok) return modules;
    lines = torchLines(config, data, modules.value.definitions, modules.value.buildModel);
  } else {
    try {
      lines = kerasLines(
        config,
        data,
        families
          ? familyModelLines(config.space, data, kept)
          : kerasModelLines(project.graph, data, { paramExpression }),
        families ? familyTwinLines(config.space, data) : kerasTwinLines(project.graph),
      );
    } catch (error) {
      return { ok: false, error: error instanceof Error ? error.message : String(error) };
    }
  }
  // An Auto candidate trains its data kind's epochs (candidateProject).
  const kind = dataKindOf(data);
  const trained =
    families && kind ? { ...project, training: { ...project.training, epochs: AUTO_EPOCHS[kind] } } : project;
  const common = commonLines(trained, config, lines, kept);
  const torch = framework === 'pytorch';
  const header = [
    `"""${target === 'optuna' ? 'Optuna' : 'Ray Tune'} twin of a Tensorloom ${families ? 'Auto search' : 'sweep'}: the same search space${families ? ' (model families and their sizes)' : ''}, ${target === 'optuna' ? 'sampler and pruner' : 'sampler (through OptunaSearch) and pruning scheduler'}, objective and budget, training ${torch ? 'the PyTorch twin of the model in a plain PyTorch loop' : 'with Keras'}.`,
    '',
    `Generated by Tensorloom. Needs \`pip install ${torch ? 'torch numpy' : 'keras'} optuna${target === 'ray' ? ' "ray[tune]>=2.41"' : ''}\`${torch ? '' : ' and a Keras backend'}.`,
    `Reads ${SWEEP_DATA_FILE} next to where it runs: x_train, y_train, x_val, y_val as the studio preprocessed them`,
    `(inputs of shape ${py(data.inputShape)}; ${data.task === 'regression' ? 'targets standardised on the training rows, so mse is in those units' : 'targets as class indices'}).`,
    `Augmentation, class weights${torch ? ", layers' weight penalties" : ''} and early stopping are not exported.`,
    ...(target === 'optuna'
      ? [
          '',
          'One machine: python SCRIPT (the study in tensorloom_study.db). Many: every machine runs',
          '    python SCRIPT --storage postgresql://user:password@host/db --trials 10 --seed N',
          'with a seed of its own, and all join one study. At its end each writes every trial of the study',
          `to ${TRIALS_FILE} (--trials 0 writes only that), for the Sweep view's "Import Optuna trials…".`,
        ]
      : [
          '',
          "Run it on the Ray cluster's head node. At its end it writes every trial, as the Optuna script does,",
          `to ${TRIALS_FILE}, for the Sweep view's "Import Optuna trials…".`,
        ]),
    ...(keptTopFeatures
      ? ['The Auto search also chose how many of the top-ranked columns to keep; this script trains on every column.']
      : []),
    ...(kept
      ? [
          `Each trial also chooses how many of the top-ranked columns to keep (${KEEP_FEATURES_PATH}), as the Auto search did: its model reads only their inputs (KEPT_INPUTS).`,
        ]
      : []),
    '"""',
  ];
  return {
    ok: true,
    value: [
      ...header,
      ...(target === 'optuna' ? optunaScript(config, lines, common) : rayScript(project, config, lines, common)),
      '',
    ].join('\n'),
  };
}
