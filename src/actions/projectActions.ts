import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { getDatasetMeta } from '../data/storage';
import { sampleOfDataset } from '../data/samples';
import { parseProjectFile, serializeProject, withoutStaleRanking, type Project } from '../model/project';
import { amendLastStep } from '../state/projectStore';
import { detailsOf } from '../state/sessionStore';
import { loadSample } from './dataActions';
import type { Action, ActionContext } from './types';

/** The hash key of a share link: `#project=<lz-string of the project JSON>`. */
export const SHARE_HASH_KEY = 'project';

const mod = (e: KeyboardEvent) => e.ctrlKey || e.metaKey;

/**
 * Makes `incoming` the current project. Its dataset comes along when this browser has it (or it
 * is a sample); otherwise the current dataset stays, and the person is told.
 */
export async function adoptProject(ctx: ActionContext, incoming: Project, from: string): Promise<void> {
  const { project, session } = ctx;
  const datasetId = incoming.data.datasetId;
  const known = datasetId ? (session.getState().datasets[datasetId] ?? (await getDatasetMeta(datasetId))) : undefined;
  if (known) session.getState().putDataset(known);
  const sample = sampleOfDataset(datasetId);
  const keepData = !known && !sample;
  project.getState().replaceProject(keepData ? { ...incoming, data: project.getState().project.data } : incoming);
  if (!known && sample) {
    await loadSample.perform(ctx, sample.id);
    if (incoming.data.target) project.getState().setData({ target: incoming.data.target });
  }
  // Checked against the data as opened (the current data set when the project's is not here).
  const opened = project.getState().project;
  const rows = opened.data.datasetId ? session.getState().datasets[opened.data.datasetId]?.rowCount : undefined;
  const { project: kept, dropped } = withoutStaleRanking(opened, rows);
  if (dropped) amendLastStep(project, (state) => state.replaceProject(kept));
  session.getState().select([], []);
  session.getState().requestFitView();
  const opening = keepData
    ? `Opened ${from}. Its dataset is not in this browser, so the current dataset stays: import the original file to use it.`
    : `Opened ${from}.`;
  session
    .getState()
    .notify(dropped ? { kind: 'warning', text: `${opening} ${dropped}` } : { kind: 'info', text: opening });
}

export const saveProjectFile: Action = {
  label: 'Save project file',
  shortcut: 'Ctrl+S',
  keyTest: (e) => mod(e) && e.key.toLowerCase() === 's',
  perform: ({ project, session }) => {
    const doc = project.getState().project;
    const datasetId = doc.data.datasetId;
    const name = (datasetId && session.getState().datasets[datasetId]?.name.replace(/\.[^.]+$/, '')) || 'project';
    const url = URL.createObjectURL(new Blob([serializeProject(doc)], { type: 'application/json' }));
    Object.assign(document.createElement('a'), { href: url, download: `${name}.tensorloom.json` }).click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  },
};

export const openProjectFile: Action<File> = {
  label: 'Open project file',
  perform: async (ctx, file) => {
    const parsed = parseProjectFile(await file.text());
    if (!parsed.ok)
      return ctx.session
        .getState()
        .notify({ kind: 'error', text: `Could not open ${file.name}: ${parsed.error}`, ...detailsOf(parsed) });
    await adoptProject(ctx, parsed.project, file.name);
  },
};

export const copyShareLink: Action = {
  label: 'Copy share link',
  perform: async ({ project, session }) => {
    const hash = `${SHARE_HASH_KEY}=${compressToEncodedURIComponent(serializeProject(project.getState().project))}`;
    const link = `${location.origin}${location.pathname}#${hash}`;
    try {
      await navigator.clipboard.writeText(link);
      session
        .getState()
        .notify({ kind: 'info', text: 'Share link copied: it holds the graph and settings, not the data.' });
    } catch {
      session.getState().notify({ kind: 'error', text: `The clipboard is not available here; the link is: ${link}` });
    }
  },
};

/** Opens the project carried by a share link's hash (`#project=…`); ignores any other hash. */
export const openShareLink: Action<string> = {
  label: 'Open share link',
  perform: async (ctx, hash) => {
    const encoded = new URLSearchParams(hash.replace(/^#/, '')).get(SHARE_HASH_KEY);
    if (encoded === null) return;
    const text = decompressFromEncodedURIComponent(encoded);
    const parsed = text
      ? parseProjectFile(text)
      : { ok: false as const, error: 'the link is damaged (it may have been cut short).' };
    if (!parsed.ok)
      return ctx.session
        .getState()
        .notify({ kind: 'error', text: `Could not open the shared project: ${parsed.error}`, ...detailsOf(parsed) });
    await adoptProject(ctx, parsed.project, 'the shared project');
  },
};
