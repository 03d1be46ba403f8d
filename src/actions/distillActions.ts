/**
 * Knowledge distillation from the Train view: the model the training worker holds (the last run,
 * or a kept run loaded to evaluate) teaches a smaller student, trained as a normal run.
 */
import { distillSettingsProblem, studentTraining, type DistillSettings } from '../model/distillation';
import { formatCount, formatValue } from '../model/format';
import type { Graph } from '../model/graph';
import { inferGraph } from '../model/infer';
import { proposeStudent, type StudentProposal } from '../model/student';
import type { Result } from '../model/result';
import { analyseCached } from '../state/analysis';
import { hasTrainedWeights, isActive } from '../state/runStore';
import { trainBlocker, trainProject } from './trainActions';
import type { Action, ActionContext } from './types';

/** Which graph the student is: the proposed narrower copy of the teacher's, or the graph on the canvas. */
export type StudentChoice = 'proposed' | 'canvas';

/** The students a distillation can train, with their parameter counts beside the teacher's. */
export interface DistillChoices {
  readonly teacherParams: number;
  readonly proposed: StudentProposal;
  /** Set when the canvas holds another graph than the teacher's (edited since, or another one). */
  readonly canvas?: { readonly graph: Graph; readonly params: number };
}

/**
 * What the person may distil into now, or why they cannot. The teacher's graph is its kept run's
 * (the project as the run started); an imported model, which has none kept, is taken to be the canvas's.
 */
export function distillChoices(ctx: ActionContext): Result<DistillChoices> {
  const { runs, project, session, archive } = ctx;
  const run = runs.getState().run;
  if (isActive(run)) return { ok: false, error: 'A run is in progress; distil when it has ended.' };
  if (!hasTrainedWeights(run)) return { ok: false, error: 'Train a model first: it will be the teacher.' };
  const { graph, data } = project.getState().project;
  const meta = data.datasetId ? session.getState().datasets[data.datasetId] : undefined;
  const analysis = analyseCached(graph, meta, data);
  if (!analysis.data) return { ok: false, error: analysis.dataProblem ?? 'Choose a dataset and a target first.' };
  const teacherGraph = archive.getState().runs?.find((kept) => kept.id === run.id)?.project.graph ?? graph;
  const proposed = proposeStudent(teacherGraph, analysis.data);
  if (!proposed)
    return {
      ok: false,
      error: 'The teacher’s graph does not fit the data chosen now: choose the data it was trained on to distil it.',
    };
  const sameGraph = JSON.stringify(structureOf(teacherGraph)) === JSON.stringify(structureOf(graph));
  return {
    ok: true,
    value: {
      teacherParams: proposed.teacherParams,
      proposed,
      ...(sameGraph || !analysis.inference.canTrain
        ? {}
        : { canvas: { graph, params: inferGraph(graph, analysis.data).totalParams } }),
    },
  };
}

/** What a graph computes: its layers and connections, not where they sit on the canvas. */
function structureOf({ nodes, edges }: Graph) {
  return { nodes: nodes.map(({ id, type, params, trainable }) => ({ id, type, params, trainable })), edges };
}

const canDistil = (ctx: ActionContext): true | string => {
  const choices = distillChoices(ctx);
  return choices.ok ? true : choices.error;
};

export const openDistill: Action = {
  label: 'Distill into a smaller model…',
  predicate: canDistil,
  perform: ({ session }) => session.getState().openDialog('distill'),
};

/**
 * Puts the student on the canvas (the proposed one, as one undo step, with a notice; or the
 * canvas's as it is) and trains it as a run whose teacher is the model the worker holds.
 */
export const distill: Action<{ readonly student: StudentChoice; readonly settings: DistillSettings }> = {
  label: 'Start distilling',
  predicate: canDistil,
  perform: async (ctx, { student, settings }) => {
    const { project, session } = ctx;
    const choices = distillChoices(ctx);
    const problem = choices.ok ? distillSettingsProblem(settings) : choices.error;
    if (problem !== undefined || !choices.ok) return session.getState().notify({ kind: 'error', text: problem! });
    session.getState().openDialog(null);
    if (student === 'proposed') {
      const { proposed, teacherParams } = choices.value;
      const teaching = project.getState().project;
      const training = studentTraining(teaching.training);
      project.getState().replaceProject({ ...teaching, graph: proposed.graph, training });
      session.getState().notify({
        kind: 'change',
        text: `Put the student on the canvas: the teacher’s layers, ${formatValue(proposed.divisor)}× narrower at most, ${formatCount(proposed.params)} parameters against ${formatCount(teacherParams)}, to train with a cosine schedule. Undo (Ctrl+Z) brings back the teacher’s graph and settings.`,
      });
    }
    const blocked = trainBlocker(ctx);
    if (blocked !== true) return session.getState().notify({ kind: 'error', text: blocked });
    await trainProject(ctx, settings);
  },
};
