import { lazy, Suspense, useEffect } from 'react';
import { useProjectStore, useRunStore, useSessionStore } from '../state/StudioProvider';
import { isActive } from '../state/runStore';
import type { View } from '../state/sessionStore';
import { useAnalysis } from '../state/analysis';
import { ActionButton, useActions } from './common/ActionsContext';
import { ColourSchemeSwitch } from './common/ColourSchemeSwitch';
import { ConfirmDialog } from './common/ConfirmDialog';
import { ProjectMenu } from './common/ProjectMenu';
import { NoticeBar } from './common/NoticeBar';
import { ShortcutsDialog } from './common/ShortcutsDialog';
import { TrainBlocker } from './common/TrainBlocker';
import { PauseResumeButton } from './train/PauseResumeButton';

// Views and the export and distil dialogs load when first shown: the first load carries only the one on screen.
const DataView = lazy(() => import('./data/DataView').then((m) => ({ default: m.DataView })));
const DesignView = lazy(() => import('./canvas/Canvas').then((m) => ({ default: m.DesignView })));
const TrainView = lazy(() => import('./train/TrainView').then((m) => ({ default: m.TrainView })));
const SweepView = lazy(() => import('./sweep/SweepView').then((m) => ({ default: m.SweepView })));
const AutoView = lazy(() => import('./auto/AutoView').then((m) => ({ default: m.AutoView })));
const EvaluateView = lazy(() => import('./evaluate/EvaluateView').then((m) => ({ default: m.EvaluateView })));
const MonitorView = lazy(() => import('./monitor/MonitorView').then((m) => ({ default: m.MonitorView })));
const ExportDialog = lazy(() => import('./export/ExportDialog').then((m) => ({ default: m.ExportDialog })));
const DistillDialog = lazy(() => import('./train/DistillDialog').then((m) => ({ default: m.DistillDialog })));

const VIEWS: readonly { id: View; label: string }[] = [
  { id: 'data', label: 'Data' },
  { id: 'design', label: 'Design' },
  { id: 'train', label: 'Train' },
  { id: 'sweep', label: 'Sweep' },
  { id: 'auto', label: 'Auto' },
  { id: 'evaluate', label: 'Evaluate' },
  { id: 'monitor', label: 'Monitor' },
];

export function App() {
  const view = useSessionStore((s) => s.view);
  const restored = useSessionStore((s) => s.restored);
  const exporting = useSessionStore((s) => s.dialog === 'export');
  const distilling = useSessionStore((s) => s.dialog === 'distill');
  const actions = useActions();

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => actions.handleKey(event);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [actions]);

  return (
    // data-ready: the saved project is in place (e2e and the benches wait for it; nothing on screen marks it).
    <div className="app" data-testid="studio" data-ready={restored}>
      <TopBar />
      <NoticeBar />
      <div className="view">
        <Suspense fallback={<p className="hint view-loading">Loading…</p>}>
          {view === 'data' && <DataView />}
          {view === 'design' && <DesignView />}
          {view === 'train' && <TrainView />}
          {view === 'sweep' && <SweepView />}
          {view === 'auto' && <AutoView />}
          {view === 'evaluate' && <EvaluateView />}
          {view === 'monitor' && <MonitorView />}
        </Suspense>
      </div>
      <ShortcutsDialog />
      <ConfirmDialog />
      {exporting && (
        <Suspense>
          <ExportDialog />
        </Suspense>
      )}
      {distilling && (
        <Suspense>
          <DistillDialog />
        </Suspense>
      )}
    </div>
  );
}

function TopBar() {
  const view = useSessionStore((s) => s.view);
  const actions = useActions();
  const datasetId = useProjectStore((s) => s.project.data.datasetId);
  const datasetName = useSessionStore((s) => (datasetId ? s.datasets[datasetId]?.name : undefined));
  const blocker = useAnalysis().trainBlocker;
  const training = useRunStore((s) => isActive(s.run));
  return (
    <header className="top-bar">
      <h1 className="brand">Tensorloom</h1>
      <nav className="tabs" role="tablist">
        {VIEWS.map((v) => (
          <button
            key={v.id}
            type="button"
            role="tab"
            aria-selected={view === v.id}
            data-testid={`tab-${v.id}`}
            onClick={() => void actions.perform('openView', v.id)}
          >
            {v.label}
          </button>
        ))}
      </nav>
      <ProjectMenu />
      <span className="dataset-chip" title="Current dataset">
        {datasetName ?? 'No dataset'}
      </span>
      {blocker && <TrainBlocker reason={blocker} />}
      <ActionButton name="train" className="primary" testId="train-button" />
      {/* Only while a run is on: a narrow bar has no room for buttons that could do nothing. */}
      {training && (
        <>
          <PauseResumeButton testIds={{ pause: 'pause-button', resume: 'resume-button' }} />
          <ActionButton name="stopTraining" testId="stop-button" />
        </>
      )}
      <ColourSchemeSwitch />
    </header>
  );
}
