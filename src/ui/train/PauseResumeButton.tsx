import { useRunStore } from '../../state/StudioProvider';
import { ActionButton } from '../common/ActionsContext';

/** Pause while a run trains, Resume while it is paused: one place for both. */
export function PauseResumeButton({ testIds }: { testIds?: { pause: string; resume: string } }) {
  const paused = useRunStore((s) => s.run?.status === 'paused');
  return paused ? (
    <ActionButton name="resumeTraining" testId={testIds?.resume} />
  ) : (
    <ActionButton name="pauseTraining" testId={testIds?.pause} />
  );
}
