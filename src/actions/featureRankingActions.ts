/** The data report's feature ranking: made in the training worker, and "keep the top k" from it. */
import { keepTopChanges, type FeatureRanking } from '../data/featureRanking';
import { isActive } from '../state/runStore';
import { rankingStatusFor } from '../state/sessionStore';
import { applyDataSuggestions } from './dataActions';
import { holdDataset } from './datasetsInUse';
import { stoppedUnexpectedly } from './exportActions';
import type { Action, ActionContext } from './types';

/** The project's ranking while it was made on the data set, target and split as they are now, if there is one. */
export function currentRanking({
  project,
  session,
}: Pick<ActionContext, 'project' | 'session'>): FeatureRanking | undefined {
  const current = project.getState().project;
  const rows = current.data.datasetId ? session.getState().datasets[current.data.datasetId]?.rowCount : undefined;
  const status = rankingStatusFor(session.getState().featureRanking, current, rows);
  return status?.status === 'done' ? status.ranking : undefined;
}

/**
 * Ranks the columns the project uses by permutation importance with a quick model in the training worker, on the
 * backend training would use. The ranking, with what it was made on, becomes the project's: saved with it, and one
 * undo step (as any result that changes the document).
 */
export const rankFeatures: Action = {
  label: 'Rank features',
  predicate: ({ project, session, runs }) => {
    const { datasetId, target } = project.getState().project.data;
    if (datasetId === null || target === null) return 'Choose a dataset and a target first.';
    if (session.getState().datasets[datasetId]?.kind === 'images')
      return 'Features are ranked for tables: an image’s pixels are not columns to keep or leave out.';
    if (session.getState().featureRanking?.status === 'running') return 'The features are being ranked.';
    // The training worker does one thing at a time.
    if (isActive(runs.getState().run)) return 'A training run is in progress; rank the features when it has ended.';
    if (runs.getState().learningRateTest?.status === 'running') return 'The learning-rate finder is running.';
    return true;
  },
  perform: async ({ project, session, workers }) => {
    const { data, training } = project.getState().project;
    const { datasetId, target } = data;
    if (datasetId === null || target === null) return;
    const about = { datasetId, target };
    session.getState().setFeatureRanking({ ...about, status: 'running', progress: null });
    const release = holdDataset(
      session,
      datasetId,
      'its features are being ranked. Delete it once the ranking has ended.',
    );
    // Progress comes through its own message port, so its last report can land after the result: it is dropped then.
    let ended = false;
    const result = await workers
      .rankFeatures(data, training.backend, (progress) => {
        if (!ended) session.getState().setFeatureRanking({ ...about, status: 'running', progress });
      })
      .catch((error: unknown) => ({ ok: false as const, error: stoppedUnexpectedly(error) }))
      .finally(release);
    ended = true;
    if (!result.ok) return session.getState().setFeatureRanking({ ...about, status: 'failed', error: result.error });
    session.getState().setFeatureRanking(null);
    project.getState().replaceProject({ ...project.getState().project, featureRanking: result.value });
  },
};

/** Keeps the ranking's k most important columns and leaves the others out: one undo step, as the report's suggestions. */
export const keepTopFeatures: Action<number> = {
  label: 'Keep the top features',
  predicate: (ctx) => (currentRanking(ctx) ? true : 'Rank the features first.'),
  perform: (ctx, k) => {
    const ranking = currentRanking(ctx);
    if (ranking) return applyDataSuggestions.perform(ctx, keepTopChanges(ranking, k));
  },
};
