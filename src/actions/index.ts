import { endDrag, layOutMeasured, measureLayers, moveLayers, startDrag } from './canvasActions';
import {
  applyDataSuggestions,
  cancelImport,
  chooseColumn,
  chooseTarget,
  importCsvFile,
  importImageFolder,
  importImageZip,
  loadSample,
  setFirstRowIsHeader,
  setSplit,
} from './dataActions';
import {
  addLayer,
  applyFix,
  applyTemplate,
  autoLayout,
  connectLayers,
  copySelection,
  deleteSelection,
  duplicateSelection,
  paste,
  redo,
  select,
  selectAll,
  setLayerParams,
  setLayerTrainable,
  showShortcuts,
  undo,
} from './graphActions';
import { cancelFindLearningRate, findLearningRate, applyProposedLearningRate } from './learningRateActions';
import { keepTopFeatures, rankFeatures } from './featureRankingActions';
import { importModel } from './modelImportActions';
import { copyShareLink, openProjectFile, openShareLink, saveProjectFile } from './projectActions';
import {
  downloadPredictions,
  pauseTraining,
  predict,
  predictTable,
  resumeTraining,
  setTrainingSettings,
  stopTraining,
  train,
} from './trainActions';
import { downloadMonitorReport, monitorBatch, monitorFolder } from './monitorActions';
import { downloadModel, downloadModelCard, openExport, previewExport } from './exportActions';
import { chooseEvaluationSplit, evaluate } from './evaluateActions';
import { estimateWithCrossValidation, stopCrossValidation } from './crossValidationActions';
import { distill, openDistill } from './distillActions';
import {
  applyBestTrial,
  exportSweepPython,
  importOptunaTrials,
  pauseSweep,
  restoreSweep,
  resumeSweep,
  setSweepSettings,
  startSweep,
  stopSweep,
  trainBestFully,
} from './sweepActions';
import {
  exportAutoPython,
  pauseAuto,
  restoreAuto,
  resumeAuto,
  setAutoSettings,
  startAuto,
  stopAuto,
  useAutoCandidate,
} from './autoActions';
import { deleteDataset, openDataset, refreshLibrary } from './libraryActions';
import {
  deleteRun,
  evaluateKeptRun,
  loadRuns,
  renameRun,
  restoreRunSettings,
  toggleRunCompared,
  toggleRunStar,
} from './runArchiveActions';
import { closeDialog, dismissNotice, openView, setColourScheme } from './sessionActions';
import type { Action, ActionContext } from './types';

/** The catalog of user operations. */
export const actions = {
  openView,
  closeDialog,
  dismissNotice,
  setColourScheme,
  saveProjectFile,
  openProjectFile,
  copyShareLink,
  openShareLink,
  importModel,
  loadSample,
  importCsvFile,
  importImageZip,
  importImageFolder,
  setSweepSettings,
  startSweep,
  restoreSweep,
  pauseSweep,
  resumeSweep,
  stopSweep,
  applyBestTrial,
  trainBestFully,
  exportSweepPython,
  importOptunaTrials,
  setAutoSettings,
  startAuto,
  restoreAuto,
  pauseAuto,
  resumeAuto,
  stopAuto,
  useAutoCandidate,
  exportAutoPython,
  cancelImport,
  chooseTarget,
  chooseColumn,
  applyDataSuggestions,
  rankFeatures,
  keepTopFeatures,
  setFirstRowIsHeader,
  setSplit,
  refreshLibrary,
  openDataset,
  deleteDataset,
  addLayer,
  connectLayers,
  setLayerParams,
  setLayerTrainable,
  select,
  startDrag,
  moveLayers,
  endDrag,
  measureLayers,
  layOutMeasured,
  deleteSelection,
  undo,
  redo,
  selectAll,
  copySelection,
  paste,
  duplicateSelection,
  autoLayout,
  applyTemplate,
  applyFix,
  showShortcuts,
  setTrainingSettings,
  train,
  stopTraining,
  openDistill,
  distill,
  openExport,
  previewExport,
  pauseTraining,
  resumeTraining,
  estimateWithCrossValidation,
  stopCrossValidation,
  findLearningRate,
  cancelFindLearningRate,
  applyProposedLearningRate,
  downloadModel,
  downloadModelCard,
  predict,
  predictTable,
  monitorBatch,
  monitorFolder,
  downloadMonitorReport,
  downloadPredictions,
  chooseEvaluationSplit,
  evaluate,
  loadRuns,
  renameRun,
  toggleRunStar,
  toggleRunCompared,
  deleteRun,
  restoreRunSettings,
  evaluateKeptRun,
} as const;

export type ActionName = keyof typeof actions;
type DataOf<N extends ActionName> = (typeof actions)[N] extends Action<infer D> ? D : never;
/** Actions that take no data: the ones a plain button or shortcut can run. */
export type PlainActionName = { [N in ActionName]: [DataOf<N>] extends [void] ? N : never }[ActionName];

export class ActionManager {
  constructor(readonly ctx: ActionContext) {}

  /** True when `name` can run now, else why not. */
  can(name: ActionName): true | string {
    const action: Action<never> = actions[name];
    return action.predicate?.(this.ctx) ?? true;
  }

  /** Runs the action when its predicate allows; returns whether it ran. */
  async perform<N extends ActionName>(name: N, ...data: DataOf<N> extends void ? [] : [DataOf<N>]): Promise<boolean> {
    if (this.can(name) !== true) return false;
    const action = actions[name] as Action<DataOf<N>>;
    await action.perform(this.ctx, data[0] as DataOf<N>);
    return true;
  }

  /** Runs the one action whose shortcut matches; returns whether one did. */
  handleKey(event: KeyboardEvent): boolean {
    const matches = (Object.keys(actions) as ActionName[]).filter((name) => actions[name].keyTest?.(event));
    if (matches.length !== 1) {
      if (matches.length > 1) console.warn('Cancelling: several actions match this shortcut', matches);
      return false;
    }
    const name = matches[0]!;
    if (this.can(name) !== true) return false;
    event.preventDefault();
    void (actions[name] as Action).perform(this.ctx);
    return true;
  }
}
