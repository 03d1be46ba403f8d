/**
 * Auto's search space: the model family as a choice, each family's size knobs conditional on it,
 * and the training knobs; and the project a candidate's params describe.
 */
import { keepTopCounts, MIN_FEATURES_TO_KEEP_TOP } from '../../data/featureRanking';
import type { ColumnChoice } from '../../data/schema';
import { studentTraining } from '../../model/distillation';
import type { Graph } from '../../model/graph';
import { inferGraph } from '../../model/infer';
import type { Project } from '../../model/project';
import type { Result } from '../../model/result';
import { narrowestWidth, proposeStudent, STUDENT_PARAM_SHARE, type StudentProposal } from '../../model/student';
import type { DataContext } from '../../model/task';
import { dataKindOf, type DataKind } from '../../model/templates';
import { applyParams, type Params } from '../space';
import type { FloatDomain, ParamValue, SearchParam, SearchSpace } from '../studyConfig';
import { familiesFor, modelFamily } from './families';
import { FAMILY_PATH, KEEP_FEATURES_PATH, knobPath, learningRatePath, type ModelFamily } from './families/family';

const LEARNING_RATE: SearchParam = {
  path: 'training.learningRate',
  domain: { type: 'float', low: 3e-4, high: 3e-2, log: true },
};
const BATCH_SIZE: SearchParam = { path: 'training.batchSize', domain: { type: 'categorical', choices: [16, 32, 64] } };

/** Learning rate and batch size, with ranges where every family trains. */
export const AUTO_TRAINING_SPACE: SearchSpace = [LEARNING_RATE, BATCH_SIZE];

/**
 * How far below and above the range test's proposal a family's learning rate is searched. The
 * proposal is where the loss falls fastest, a rate near the fast end of those that train: slower
 * ones often settle lower over a full run, while three times faster is about where losses diverge.
 */
const BELOW_PROPOSAL = 10;
const ABOVE_PROPOSAL = 3;

/** The learning-rate range searched around a range test's `proposal`, on a log scale; its ends to two digits, as the proposal. */
export function centredLearningRate(proposal: number): FloatDomain {
  const twoDigits = (rate: number) => Number(rate.toPrecision(2));
  return {
    type: 'float',
    low: twoDigits(proposal / BELOW_PROPOSAL),
    high: twoDigits(proposal * ABOVE_PROPOSAL),
    log: true,
  };
}

/** The rates the range tests proposed, by family id, as `space` searches around them (autoSpace's `proposals`). */
export function proposedLearningRates(space: SearchSpace): Readonly<Record<string, number>> {
  const prefix = learningRatePath('');
  return Object.fromEntries(
    space.flatMap(({ path, domain }) =>
      path.startsWith(prefix) && domain.type === 'float'
        ? [[path.slice(prefix.length), Number((domain.low * BELOW_PROPOSAL).toPrecision(2))] as const]
        : [],
    ),
  );
}

/**
 * Epochs a candidate trains, by data kind: enough for these small models to settle on the sample
 * data sets, few enough that a few minutes try many; ASHA stops the poor ones early.
 */
export const AUTO_EPOCHS: Readonly<Record<DataKind, number>> = { tabular: 40, image: 12, text: 12 };

/** Why Auto cannot search for a model for `data`; undefined when it can. */
export function autoMismatch(data: DataContext | null): string | undefined {
  if (!data) return 'Choose a dataset and target first.';
  if (dataKindOf(data) === undefined)
    return 'Auto has no model family for this data: its examples are neither table rows, images nor texts.';
  return undefined;
}

/** The families Auto searches for `data`, or why it cannot search. */
export function autoFamilies(data: DataContext | null): Result<readonly ModelFamily[]> {
  const kind = data && dataKindOf(data);
  return kind ? { ok: true, value: familiesFor(kind) } : { ok: false, error: autoMismatch(data)! };
}

/**
 * The space Auto searches for `data`: `auto.family` over the families for its kind, learning rate
 * and batch size, then each family's knobs, active only while that family is chosen. A family with
 * a rate in `proposals` (by family id: the range test's) searches its own learning rate around it
 * (centredLearningRate); the shared range is left to the others. For a table whose features were
 * ranked (`featureOrder`, at least 4), also how many of the top ones to keep: all, half or a quarter.
 */
export function autoSpace(
  data: DataContext | null,
  featureOrder: readonly string[] = [],
  proposals: Readonly<Record<string, number>> = {},
): Result<SearchSpace> {
  const families = autoFamilies(data);
  if (!families.ok) return families;
  const only = (family: ModelFamily) => ({ path: FAMILY_PATH, values: [family.id] });
  const unproposed = families.value.filter((family) => proposals[family.id] === undefined);
  const sharedRate =
    unproposed.length === families.value.length
      ? [LEARNING_RATE]
      : unproposed.length > 0
        ? [{ ...LEARNING_RATE, when: { path: FAMILY_PATH, values: unproposed.map((family) => family.id) } }]
        : [];
  const keepFeatures =
    dataKindOf(data!) === 'tabular' && featureOrder.length >= MIN_FEATURES_TO_KEEP_TOP
      ? [
          {
            path: KEEP_FEATURES_PATH,
            domain: { type: 'categorical', choices: keepTopCounts(featureOrder.length) },
          } as const,
        ]
      : [];
  return {
    ok: true,
    value: [
      { path: FAMILY_PATH, domain: { type: 'categorical', choices: families.value.map((family) => family.id) } },
      ...keepFeatures,
      ...sharedRate,
      BATCH_SIZE,
      ...families.value.flatMap((family) => [
        ...(proposals[family.id] === undefined
          ? []
          : [
              {
                path: learningRatePath(family.id),
                domain: centredLearningRate(proposals[family.id]!),
                when: only(family),
              },
            ]),
        ...Object.entries(family.knobs).map(([name, knob]) => ({
          path: knobPath(family.id, name),
          domain: knob.domain,
          when: only(family),
        })),
      ]),
    ],
  };
}

/** The family a candidate's params choose; undefined when they choose none Auto knows. */
export function candidateFamily(params: Params): ModelFamily | undefined {
  const id = params[FAMILY_PATH];
  return typeof id === 'string' ? modelFamily(id) : undefined;
}

/** The candidate's knob values by knob name: its own family's, the others' (inactive) left out. */
function knobsOf(family: ModelFamily, params: Params): Readonly<Record<string, ParamValue>> {
  const prefix = knobPath(family.id, '');
  return Object.fromEntries(
    Object.entries(params).flatMap(([path, value]) =>
      path.startsWith(prefix) ? [[path.slice(prefix.length), value] as const] : [],
    ),
  );
}

/**
 * A distilled student's params (Auto's last step) are its teacher's with these: the teacher's trial
 * number, and the most parameters the student may have (absent: the usual share of the teacher's).
 * The student's graph is proposeStudent's for them, so it is built again the same from its params.
 */
export const DISTILLED_FROM_PATH = 'auto.distilledFrom';
export const STUDENT_MAX_PARAMS_PATH = 'auto.studentMaxParams';

/** The params of the student Auto distils from a finished candidate with `teacherParams`, trial `teacher`. */
export function studentParams(teacherParams: Params, teacher: number, maxParams: number | undefined): Params {
  return {
    ...teacherParams,
    [DISTILLED_FROM_PATH]: teacher,
    ...(maxParams !== undefined && { [STUDENT_MAX_PARAMS_PATH]: maxParams }),
  };
}

/** The trial a distilled student's params name as its teacher; undefined for a searched candidate. */
export function distilledFrom(params: Params): number | undefined {
  const teacher = params[DISTILLED_FROM_PATH];
  return typeof teacher === 'number' ? teacher : undefined;
}

/**
 * "MLP · 2×64": the family and its size, for leaderboards, then "· top 3 columns" when it keeps ranked
 * columns; the path's value when the family is unknown. A distilled student is "MLP (distilled from
 * candidate 4)": its size is its teacher's narrowed, which the leaderboard's parameters show.
 */
export function candidateLabel(params: Params): string {
  const family = candidateFamily(params);
  if (!family) return String(params[FAMILY_PATH] ?? 'No family');
  const knobs = family.knobValues(knobsOf(family, params));
  const keep = params[KEEP_FEATURES_PATH];
  const columns = keep === undefined ? '' : ` · top ${String(keep)} columns`;
  const teacher = distilledFrom(params);
  if (teacher !== undefined) return `${family.label} (distilled from candidate ${teacher})${columns}`;
  return `${knobs.ok ? `${family.label} · ${family.size(knobs.value)}` : family.label}${columns}`;
}

/** A student's layers keep at least this many units (filters, …) where fewer of them can: fewer starve what follows. */
const MIN_STUDENT_WIDTH = 4;

/**
 * The student Auto distils from a candidate with `teacherParams`: of the teacher's family, at most
 * `maxParams` parameters (the usual share of the teacher's without a limit). The teacher's graph
 * narrowed by proposeStudent, unless that squeezes a layer below MIN_STUDENT_WIDTH: then the deepest
 * with fewer blocks or layers (its structural knobs counted down) that keeps that width, or else the
 * one whose narrowest layer is widest. Under a tight limit a shallower student learns where one of the
 * teacher's depth cannot (Iris under 40 parameters: 4 hidden units in one layer rather than 3, 2 and
 * 2 in three, which reached 0.67 accuracy). Undefined when the family does not fit.
 */
export function candidateStudent(
  data: DataContext,
  teacherParams: Params,
  maxParams: number | undefined,
): StudentProposal | undefined {
  const family = candidateFamily(teacherParams);
  if (!family) return undefined;
  const teacher = family.knobValues(knobsOf(family, teacherParams));
  if (!teacher.ok) return undefined;
  const shapes = Object.entries(family.knobs)
    .filter(([, knob]) => knob.structural)
    .reduce<Readonly<Record<string, number>>[]>(
      (shapes, [name, knob]) =>
        shapes.flatMap((shape) =>
          Array.from({ length: teacher.value[name]! - knob.domain.low + 1 }, (_, i) => ({
            ...shape,
            [name]: teacher.value[name]! - i,
          })),
        ),
      [teacher.value],
    );
  const teacherGraph = family.build(data, teacher.value);
  if (!teacherGraph.ok) return undefined;
  const limit = maxParams ?? inferGraph(teacherGraph.value, data).totalParams * STUDENT_PARAM_SHARE;
  const proposals = shapes.flatMap((shape) => {
    const graph = family.build(data, shape);
    const student = graph.ok ? proposeStudent(graph.value, data, limit) : undefined;
    return student ? [student] : [];
  });
  // Deepest first: the teacher's own shape leads.
  const within = proposals.filter((proposal) => proposal.withinShare);
  return (
    within.find((proposal) => narrowestWidth(proposal.graph) >= MIN_STUDENT_WIDTH) ??
    within.sort((a, b) => narrowestWidth(b.graph) - narrowestWidth(a.graph))[0] ??
    proposals[0]
  );
}

/**
 * The candidate's graph for `data`: its family's, built from its knobs; a distilled student's is
 * candidateStudent's for its teacher's params and its parameter limit.
 */
function candidateGraph(family: ModelFamily, data: DataContext, params: Params): Result<Graph> {
  if (distilledFrom(params) === undefined) return family.build(data, knobsOf(family, params));
  const maxParams = params[STUDENT_MAX_PARAMS_PATH];
  const student = candidateStudent(data, params, typeof maxParams === 'number' ? maxParams : undefined);
  return student
    ? { ok: true, value: student.graph }
    : { ok: false, error: 'The teacher’s graph does not fit this data, so neither does its student.' };
}

/**
 * `base` with the candidate's model: the family's graph built from its knobs for `data`, the
 * training knobs and the data kind's epochs written in, and the columns below its top k of
 * `featureOrder` left out. The base's sweep settings are dropped (their layer paths named the old
 * graph). Never mutates; fails with a sentence when the params name no family, a knob is out of
 * range, the family does not fit the data, or they keep top columns of no ranking.
 */
export function candidateProject(
  base: Project,
  data: DataContext,
  params: Params,
  featureOrder: readonly string[] = [],
): Result<Project> {
  const family = candidateFamily(params);
  if (!family)
    return {
      ok: false,
      error:
        params[FAMILY_PATH] === undefined
          ? 'This candidate names no model family.'
          : `"${String(params[FAMILY_PATH])}" is not a model family Auto knows.`,
    };
  const graph = candidateGraph(family, data, params);
  if (!graph.ok) return graph;
  const columns = keptColumns(base.data.columns, params[KEEP_FEATURES_PATH], featureOrder);
  if (!columns.ok) return columns;
  const kept = columns.value === base.data.columns ? base.data : { ...base.data, columns: columns.value };
  const ownRate = params[learningRatePath(family.id)];
  const searched = { ...base.training, epochs: AUTO_EPOCHS[family.dataKind] };
  const training = {
    ...Object.fromEntries(Object.entries(params).filter(([path]) => !path.startsWith('auto.'))),
    ...(ownRate !== undefined && { 'training.learningRate': ownRate }),
  };
  return applyParams(
    {
      ...base,
      data: kept,
      graph: graph.value,
      // A student trains as a proposed one does: on a cosine to the end.
      training: distilledFrom(params) === undefined ? searched : studentTraining(searched),
      sweep: null,
    },
    training,
  );
}

/** The column choices with the columns ranked below the top `keep` left out; as they are when `keep` is absent. */
function keptColumns(
  columns: readonly ColumnChoice[],
  keep: ParamValue | undefined,
  featureOrder: readonly string[],
): Result<readonly ColumnChoice[]> {
  if (keep === undefined) return { ok: true, value: columns };
  if (typeof keep !== 'number' || !Number.isInteger(keep) || keep < 1)
    return { ok: false, error: `The number of columns to keep must be a whole number from 1; it is ${String(keep)}.` };
  if (featureOrder.length === 0)
    return { ok: false, error: 'This candidate keeps the top columns of a feature ranking, and the search has none.' };
  const leftOut = new Set(featureOrder.slice(keep));
  return {
    ok: true,
    value: [
      ...columns.filter((choice) => !leftOut.has(choice.name)),
      ...[...leftOut].map((name) => ({
        ...columns.find((choice) => choice.name === name),
        name,
        use: 'ignore' as const,
      })),
    ],
  };
}

/** The parameters of the candidate's graph for `data`: what Auto's trade-off aim weighs its metric against. Infinity when its params build no graph. */
export function candidateParamCount(data: DataContext, params: Params): number {
  const family = candidateFamily(params);
  const graph = family && candidateGraph(family, data, params);
  return graph?.ok ? inferGraph(graph.value, data).totalParams : Number.POSITIVE_INFINITY;
}
