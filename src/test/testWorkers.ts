import type { StudioWorkers } from '../actions/types';
import type { TrainRequest } from '../model/run';
import type { TrialPool } from '../workers/trialPool';

/** Workers for an action test: every command throws unless the test supplies it. */
export function testWorkers(supplied: Partial<StudioWorkers>): StudioWorkers {
  const unused = (): never => {
    throw new Error('not in this test');
  };
  return {
    importCsv: unused,
    importImages: unused,
    cancelImport: unused,
    readRows: unused,
    findInRows: unused,
    train: unused,
    stopTraining: unused,
    pauseTraining: unused,
    resumeTraining: unused,
    predict: unused,
    predictTable: unused,
    monitorBatch: unused,
    monitorImages: unused,
    monitorReportZip: unused,
    exportModel: unused,
    exportModelCard: unused,
    previewExport: unused,
    evaluate: unused,
    sweepData: unused,
    importModel: unused,
    findLearningRate: unused,
    stopFindingLearningRate: unused,
    rankFeatures: unused,
    createTrialPool: unused,
    ...supplied,
  };
}

/** A trial pool that records each trial it is asked to train and holds it until the sweep stops it. */
export function holdingTrialPool(trials: TrainRequest[]): () => TrialPool {
  return () => ({
    train: (request, onEvent) => {
      trials.push(request);
      let stopped!: () => void;
      const finished = new Promise<void>((resolve) => (stopped = resolve));
      return {
        finished,
        stop: () => (
          onEvent({ type: 'train/done', runId: request.runId, reason: 'stopped', epochsRun: 0, logs: {} }),
          stopped()
        ),
      };
    },
    dispose: () => undefined,
  });
}
