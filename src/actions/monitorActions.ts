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

/** Saves the drift report on screen: a zip of its Markdown and a figure per drift. */
export const downloadMonitorReport: Action = {
  label: 'Download report',
  predicate: ({ runs }) => (runs.getState().monitoring ? true : 'Check a batch first.'),
  perform: async ({ runs, session, workers }) => {
    const monitoring = runs.getState().monitoring;
    if (!monitoring) return;
    const zip = await workers.monitorReportZip(monitoring.report, monitoring.batchName);
    if (!zip.ok) return session.getState().notify({ kind: 'error', text: zip.error });
    saveFile({ name: `${slug(monitoring.batchName)}-drift-report.zip`, bytes: zip.value });
  },
};
