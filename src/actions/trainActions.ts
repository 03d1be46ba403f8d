import { analyseCached } from '../state/analysis';
import { hasTrainedWeights, isActive } from '../state/runStore';
import type { Action, ActionContext } from './types';

function trainBlocker({ project, session, runs }: ActionContext): true | string {
  if (isActive(runs.getState().run)) return 'A training run is already in progress.';
  const { graph, data } = project.getState().project;
  const meta = data.datasetId ? session.getState().datasets[data.datasetId] : undefined;
  return analyseCached(graph, meta, data).trainBlocker ?? true;
}

export const train: Action = {
  label: 'Train',
  shortcut: 'Ctrl+Enter',
  keyTest: (e) => (e.ctrlKey || e.metaKey) && e.key === 'Enter',
  predicate: trainBlocker,
  perform: async ({ project, runs, session, workers }) => {
    const runId = `run-${Date.now().toString(36)}`;
    const { graph, data, training } = project.getState().project;
    runs.getState().startRun(runId);
    session.getState().setView('train');
    try {
      await workers.train({ runId, graph, data, settings: training }, (event) => runs.getState().apply(event));
    } catch (error) {
      runs.getState().fail(runId, `The training worker stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}`);
    }
  },
};

export const stopTraining: Action = {
  label: 'Stop',
  predicate: ({ runs }) => (isActive(runs.getState().run) ? true : 'Nothing is training.'),
  perform: ({ runs, workers }) => {
    runs.getState().markStopping();
    workers.stopTraining();
  },
};

export const pauseTraining: Action = {
  label: 'Pause',
  predicate: ({ runs }) => {
    const status = runs.getState().run?.status;
    if (status === 'running') return true;
    return status === 'pausing' || status === 'paused' ? 'The run is already paused.' : 'Nothing is training.';
  },
  perform: ({ runs, workers }) => {
    runs.getState().markPausing();
    workers.pauseTraining();
  },
};

export const resumeTraining: Action = {
  label: 'Resume',
  predicate: ({ runs }) => (runs.getState().run?.status === 'paused' ? true : 'Nothing is paused.'),
  perform: ({ runs, workers }) => {
    runs.getState().markResumed();
    workers.resumeTraining();
  },
};

const hasTrainedModel = ({ runs }: ActionContext): true | string => (hasTrainedWeights(runs.getState().run) ? true : 'Train a model first.');

export const downloadModel: Action = {
  label: 'Download model',
  predicate: hasTrainedModel,
  perform: async ({ workers, session, project }) => {
    const zip = await workers.exportModel();
    if (!zip.ok) return session.getState().notify({ kind: 'error', text: `Could not export the model: ${zip.error}` });
    const datasetId = project.getState().project.data.datasetId;
    const name = (datasetId && session.getState().datasets[datasetId]?.name) || 'model';
    const url = URL.createObjectURL(new Blob([zip.value as Uint8Array<ArrayBuffer>], { type: 'application/zip' }));
    const link = Object.assign(document.createElement('a'), { href: url, download: `${slug(name)}-model.zip` });
    link.click();
    // Revoke later: Chromium reads the blob asynchronously after the click.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  },
};

export const predict: Action<Readonly<Record<string, string>>> = {
  label: 'Predict',
  predicate: hasTrainedModel,
  perform: async ({ workers, runs, session }, raw) => {
    const prediction = await workers.predict(raw);
    if (!prediction.ok) {
      runs.getState().setPrediction(null);
      return session.getState().notify({ kind: 'error', text: prediction.error });
    }
    session.getState().notify(null);
    runs.getState().setPrediction(prediction.value);
  },
};

function slug(name: string): string {
  return name.toLowerCase().replace(/\.[a-z0-9]+$/, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'model';
}
