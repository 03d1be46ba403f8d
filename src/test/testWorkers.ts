import type { StudioWorkers } from '../actions/types';

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
    train: unused,
    stopTraining: unused,
    pauseTraining: unused,
    resumeTraining: unused,
    predict: unused,
    predictTable: unused,
    exportModel: unused,
    exportModelCard: unused,
    previewExport: unused,
    evaluate: unused,
    sweepData: unused,
    importModel: unused,
    createTrialPool: unused,
    ...supplied,
  };
}
