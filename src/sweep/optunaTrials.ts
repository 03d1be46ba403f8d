/**
 * The trials of an Optuna study run from the sweep's exported script (on one machine or many), read
 * back from the `tensorloom_trials.json` the script writes at its end, and checked against the sweep
 * they are to join: same objective and direction, every trial's params in the sweep's space.
 */
import { z } from 'zod';
import { formatValue } from '../model/format';
import type { Result } from '../model/result';
import { activeSpace } from './conditions';
import { paramValueSchema } from './configSchema';
import type { Params } from './space';
import type { Intermediate, TrialState } from './study';
import type { Domain, ParamValue, StudyConfig } from './studyConfig';

export const OPTUNA_TRIALS_FORMAT = 'tensorloom-optuna-trials';
export const OPTUNA_TRIALS_VERSION = 1;

/** A finished trial of the Optuna study, in the studio's terms. */
export interface OptunaTrial {
  /** Optuna's number for it, within its study. */
  readonly number: number;
  readonly state: Extract<TrialState, 'complete' | 'pruned' | 'failed'>;
  readonly params: Params;
  /** The objective's final value; complete trials only. */
  readonly value: number | null;
  readonly intermediate: readonly Intermediate[];
  /** Epoch milliseconds; the import time stands in for an unknown start, the start for an unknown end. */
  readonly startedAt: number;
  readonly endedAt: number;
}

export interface OptunaTrials {
  readonly studyName: string;
  /** Finished trials, by Optuna's number. */
  readonly trials: readonly OptunaTrial[];
  /** Trials still running or waiting in the study when the file was written: not imported. */
  readonly unfinished: number;
}

const STATES = {
  COMPLETE: 'complete',
  PRUNED: 'pruned',
  FAIL: 'failed',
  RUNNING: null,
  WAITING: null,
} as const;

const moment = z.string().nullable();
const fileSchema = z.object({
  format: z.literal(OPTUNA_TRIALS_FORMAT),
  version: z.literal(OPTUNA_TRIALS_VERSION),
  study_name: z.string(),
  direction: z.enum(['minimize', 'maximize']),
  metric: z.string(),
  trials: z.array(
    z.object({
      number: z.number().int().min(0),
      state: z.enum(['COMPLETE', 'PRUNED', 'FAIL', 'RUNNING', 'WAITING']),
      params: z.record(z.string(), paramValueSchema),
      value: z.number().nullable(),
      intermediate_values: z.record(z.string().regex(/^\d+$/, 'an epoch number'), z.number()),
      datetime_start: moment,
      datetime_complete: moment,
    }),
  ),
});

/** The mismatches the message lists before it counts the rest. */
const SHOWN_MISMATCHES = 5;

/**
 * The finished trials in `text` (the script's trials file) when they fit `config`'s sweep, or every
 * reason they do not, one sentence a line; `labelOf` names a param as the Sweep view does. Never throws.
 */
export function parseOptunaTrials(
  text: string,
  config: StudyConfig,
  labelOf: (path: string) => string = (path) => path,
  now: number = Date.now(),
): Result<OptunaTrials> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return {
      ok: false,
      error: 'This is not a trials file: it is not JSON. Choose the tensorloom_trials.json the Optuna script wrote.',
    };
  }
  const head = z.object({ format: z.unknown(), version: z.unknown() }).safeParse(raw);
  if (!head.success || head.data.format !== OPTUNA_TRIALS_FORMAT)
    return {
      ok: false,
      error:
        'This JSON is not a trials file (its format is not "tensorloom-optuna-trials"). Choose the tensorloom_trials.json the Optuna script wrote.',
    };
  if (head.data.version !== OPTUNA_TRIALS_VERSION)
    return {
      ok: false,
      error: `This trials file is version ${String(head.data.version)}; this studio reads version ${OPTUNA_TRIALS_VERSION}.`,
    };
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      ok: false,
      error: `This trials file is damaged at ${issue.path.join('.') || 'its top'}: ${issue.message}.`,
    };
  }
  const file = parsed.data;
  const { metric, direction } = config.objective;
  if (file.metric !== metric || file.direction !== direction)
    return {
      ok: false,
      error: `The Optuna study ${verb(file.direction)} ${file.metric}, this sweep ${verb(direction)} ${metric}: its trials cannot be ranked with the sweep's.`,
    };
  const mismatches: string[] = [];
  const trials: OptunaTrial[] = [];
  for (const trial of file.trials) {
    const state = STATES[trial.state];
    if (state === null) continue;
    const problems = paramProblems(trial.params, config, labelOf);
    mismatches.push(...problems.map((problem) => `Trial ${trial.number} ${problem}.`));
    if (state === 'complete' && trial.value === null)
      mismatches.push(`Trial ${trial.number} is complete but has no ${metric}.`);
    const startedAt = Date.parse(trial.datetime_start ?? '');
    const endedAt = Date.parse(trial.datetime_complete ?? '');
    if (trial.datetime_start !== null && Number.isNaN(startedAt))
      mismatches.push(`Trial ${trial.number} started at "${trial.datetime_start}", which is not a date.`);
    if (problems.length > 0) continue;
    trials.push({
      number: trial.number,
      state,
      params: trial.params,
      value: state === 'complete' ? trial.value : null,
      intermediate: Object.entries(trial.intermediate_values)
        .map(([step, value]) => ({ step: Number(step), value }))
        .sort((a, b) => a.step - b.step),
      startedAt: Number.isNaN(startedAt) ? now : startedAt,
      endedAt: Number.isNaN(endedAt) ? (Number.isNaN(startedAt) ? now : startedAt) : endedAt,
    });
  }
  if (mismatches.length > 0) {
    const more = mismatches.length - SHOWN_MISMATCHES;
    return {
      ok: false,
      error: [
        "These trials do not fit this sweep's settings; nothing was imported:",
        ...mismatches.slice(0, SHOWN_MISMATCHES),
        ...(more > 0 ? [`… and ${more} more.`] : []),
      ].join('\n'),
    };
  }
  return {
    ok: true,
    value: {
      studyName: file.study_name,
      trials: trials.sort((a, b) => a.number - b.number),
      unfinished: file.trials.length - trials.length,
    },
  };
}

const verb = (direction: StudyConfig['objective']['direction']) =>
  direction === 'minimize' ? 'minimizes' : 'maximizes';

/** Phrases for what in `params` the sweep's space would not have sampled: unknown, missing, out of range. */
function paramProblems(params: Params, config: StudyConfig, labelOf: (path: string) => string): string[] {
  const active = activeSpace(config.space, params);
  const searched = new Set(active.map((param) => param.path));
  return [
    ...Object.keys(params)
      .filter((path) => !searched.has(path))
      .map((path) => `has ${path}, which this sweep does not search`),
    ...active.flatMap(({ path, domain }) => {
      const value = params[path];
      if (value === undefined) return [`has no ${labelOf(path)}`];
      return inDomain(value, domain) ? [] : [`has ${labelOf(path)} ${formatValue(value)}, ${outside(domain)}`];
    }),
  ];
}

/** The relative slack a float's bounds and steps get: Optuna writes them through binary floats. */
const TOLERANCE = 1e-9;

function inDomain(value: ParamValue, domain: Domain): boolean {
  if (domain.type === 'categorical') return domain.choices.includes(value);
  if (typeof value !== 'number') return false;
  const slack = TOLERANCE * Math.max(1, Math.abs(domain.low), Math.abs(domain.high));
  if (value < domain.low - slack || value > domain.high + slack) return false;
  if (domain.type === 'int' && !Number.isInteger(value)) return false;
  if (domain.log || domain.step === undefined) return true;
  const steps = (value - domain.low) / domain.step;
  return Math.abs(steps - Math.round(steps)) <= TOLERANCE * Math.max(1, steps);
}

function outside(domain: Domain): string {
  if (domain.type === 'categorical')
    return `not one of the sweep's choices (${domain.choices.map(formatValue).join(', ')})`;
  const kind = domain.type === 'int' ? 'whole numbers' : 'numbers';
  const step =
    !domain.log && domain.step !== undefined && domain.step !== 1 ? ` in steps of ${formatValue(domain.step)}` : '';
  return `outside the sweep's range (${kind} from ${formatValue(domain.low)} to ${formatValue(domain.high)}${step})`;
}
