import type { ImageFilesSource, PathedFile } from '../data/import/imageFiles';
import { batchFilesKind } from '../data/monitor/batchFile';
import type { MonitorReport } from '../data/monitor/report';
import type { Result } from '../model/result';
import { saveFile, slug } from './download';
import { hasTrainedModel } from './trainActions';
import type { Action, ActionContext } from './types';

/** Shows the report of the batch `batchName`, or why it was refused; the report on screen goes first, so a refusal never shows a stale one. */
async function showReport(
  { runs, session }: ActionContext,
  batchName: string,
  report: () => Promise<Result<MonitorReport>>,
): Promise<void> {
  runs.getState().setMonitoring(null);
  // A batch of images takes seconds to read and predict: say it is being checked, replacing any earlier refusal.
  session.getState().notify({ kind: 'info', text: `Checking ${batchName} against the training data…` });
  const checked = await report();
  if (!checked.ok) return session.getState().notify({ kind: 'error', text: checked.error });
  session.getState().notify(null);
  runs.getState().setMonitoring({ batchName, report: checked.value });
}

/**
 * Checks a batch against the current model's training data: one CSV file of rows, one zip of
 * images, or image files chosen or dropped together (a mix is refused before reading).
 */
export const monitorBatch: Action<readonly File[]> = {
  label: 'Check a batch for drift',
  predicate: hasTrainedModel,
  perform: async (ctx, files) => {
    const kind = batchFilesKind(files);
    if (!kind.ok) return ctx.session.getState().notify({ kind: 'error', text: kind.error });
    const [file] = files;
    const source: ImageFilesSource | undefined =
      kind.value === 'zip'
        ? { kind: 'zip', file: file! }
        : kind.value === 'images'
          ? { kind: 'files', files: files.map((image) => ({ path: image.name, file: image })) }
          : undefined;
    const name = files.length > 1 ? `${files.length} images` : file!.name;
    await showReport(ctx, name, async () =>
      source ? ctx.workers.monitorImages(source) : ctx.workers.monitorBatch(await file!.text()),
    );
  },
};

/** Checks a folder of images (picked or dropped; sub-folders named after the classes give the accuracy) for drift. */
export const monitorFolder: Action<{ readonly name: string; readonly files: readonly PathedFile[] }> = {
  label: 'Check a folder of images for drift',
  predicate: hasTrainedModel,
  perform: (ctx, { name, files }) => showReport(ctx, name, () => ctx.workers.monitorImages({ kind: 'files', files })),
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
