import { batchFileProblem } from '../data/monitor/batchFile';
import { saveFile, slug } from './download';
import { hasTrainedModel } from './trainActions';
import type { Action } from './types';

/** Checks a CSV batch (a chosen or dropped file; several files are refused) for drift against the current model's training data. */
export const monitorBatch: Action<readonly File[]> = {
  label: 'Check a batch for drift',
  predicate: hasTrainedModel,
  perform: async ({ workers, runs, session }, files) => {
    const problem = batchFileProblem(files);
    if (problem) return session.getState().notify({ kind: 'error', text: problem });
    const [file] = files;
    runs.getState().setMonitoring(null);
    const report = await workers.monitorBatch(await file!.text());
    if (!report.ok) return session.getState().notify({ kind: 'error', text: report.error });
    session.getState().notify(null);
    runs.getState().setMonitoring({ batchName: file!.name, report: report.value });
  },
};

/** Saves the drift report on screen as Markdown. */
export const downloadMonitorReport: Action = {
  label: 'Download report',
  predicate: ({ runs }) => (runs.getState().monitoring ? true : 'Check a batch first.'),
  perform: async ({ runs }) => {
    const monitoring = runs.getState().monitoring;
    if (!monitoring) return;
    // Loaded when first used: the report's writer brings the drift statistics (and jStat) with it.
    const { monitorMarkdown } = await import('../data/monitor/markdown');
    const text = monitorMarkdown(monitoring.report, monitoring.batchName);
    saveFile({ name: `${slug(monitoring.batchName)}-drift-report.md`, bytes: new TextEncoder().encode(text) });
  },
};
