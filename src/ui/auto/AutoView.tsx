import { useMemo, useState } from 'react';
import { keepTopCounts, MIN_FEATURES_TO_KEEP_TOP } from '../../data/featureRanking';
import { candidateLabel, proposedLearningRates } from '../../sweep/auto/autoSpace';
import { modelFamily } from '../../sweep/auto/families';
import { defaultAutoSettings } from '../../sweep/auto/autoStudy';
import { candidateHistory } from '../../sweep/auto/candidateModels';
import {
  applyLimits,
  candidates,
  compareFinalists,
  finalists,
  hasLimits,
  type Candidate,
} from '../../sweep/auto/leaderboard';
import type { AutoLimits } from '../../sweep/auto/autoStudy';
import { distillStepNote } from '../../sweep/auto/distillStep';
import type { StudyState } from '../../sweep/study';
import type { Objective } from '../../sweep/studyConfig';
import { useAnalysis } from '../../state/analysis';
import { useAutoStore, useProjectStore } from '../../state/StudioProvider';
import { dataKindOf } from '../../model/templates';
import { formatMetric, formatValue } from '../common/format';
import { useThrottledValue } from '../common/useThrottledValue';
import { HistoryCharts } from '../train/MetricCharts';
import { AutoSettingsForm } from './AutoSettingsForm';
import { Leaderboard } from './Leaderboard';
import { ParetoChart } from './ParetoChart';
import { useRankingStatus } from '../data/FeatureRanking';

/** The leaderboard and chart follow the candidates this often: every epoch of several workers is far more than a person reads. */
const LIVE_INTERVAL_MS = 500;

const STOP_REASONS: Record<NonNullable<StudyState['stopReason']>, string> = {
  user: 'stopped by you',
  trials: 'budget spent',
  time: 'time budget spent',
  exhausted: 'every candidate tried',
};

/**
 * Auto: one button from the data to a small good model. A search over model families (sweep/auto)
 * within a time budget; its candidates ranked, filtered by the person's limits and charted metric
 * against size or latency; "Use this model" puts one on the canvas, trained.
 */
export function AutoView() {
  const live = useAutoStore((s) => s.study);
  const error = useAutoStore((s) => s.error);
  const chosen = useProjectStore((s) => s.project.auto);
  const limits = useMemo(() => (chosen ?? defaultAutoSettings(1)).limits, [chosen]);
  const study = useThrottledValue(live, LIVE_INTERVAL_MS);
  const rows = useMemo(
    () => (study ? candidates(study.trials, study.config.objective.direction, candidateLabel) : []),
    [study],
  );
  const limited = hasLimits(limits);
  const { meeting, closest } = useMemo(() => applyLimits(rows, limits), [rows, limits]);
  const unfinished = rows.filter((c) => c.trial.state !== 'complete');
  const complete = rows.length - unfinished.length;
  const shown = !limited ? rows : [...(meeting.length > 0 ? meeting : closest), ...unfinished];
  const [selected, setSelected] = useState<number | null>(null);
  const chosenRow = rows.find((c) => c.trial.number === selected);
  return (
    <div className="sweep-view auto-view" data-testid="auto-view">
      <h2>Auto: the best small model for this data</h2>
      <p className="hint">
        Searches model families (their size, learning rate and batch size) within the time budget, trains each candidate
        on a worker, and measures its size and prediction latency in this browser.
      </p>
      <KeepFeaturesNote />
      <AutoSettingsForm />
      <LearningRatesLine study={live} />
      {error && (
        <p className="sweep-problems" role="alert">
          {error}
        </p>
      )}
      {study && (
        <section className="sweep-results" aria-label="Auto results">
          <StatusLine study={study} rows={rows} />
          {limited && complete > 0 && (
            <p className="hint" data-testid="auto-limits-note">
              {meeting.length > 0
                ? `${meeting.length} of ${complete} finished candidates meet the limits; the others are hidden.`
                : `No finished candidate meets the limits: ${closest.length === 1 ? 'the closest is' : `the ${closest.length} closest are`} shown.`}
            </p>
          )}
          <div className="charts">
            <ParetoChart rows={rows} objective={study.config.objective} limits={limits} />
          </div>
          <FinalistsLine rows={rows} limits={limits} study={study} />
          {study.status === 'stopped' && <DistillLine rows={rows} limits={limits} objective={study.config.objective} />}
          <Leaderboard rows={shown} objective={study.config.objective} selected={selected} onSelect={setSelected} />
          {chosenRow && <CandidateCurves candidate={chosenRow} metric={study.config.objective.metric} />}
        </section>
      )}
    </div>
  );
}

/** The curves of the candidate chosen in the leaderboard, as the Train view draws a run's. */
function CandidateCurves({ candidate: { trial, label }, metric }: { candidate: Candidate; metric: string }) {
  const history = useMemo(() => candidateHistory(trial, metric), [trial, metric]);
  const name = `Curves of candidate ${trial.number} (${label})`;
  return (
    <section className="auto-curves" aria-label={name}>
      <h3>{name}</h3>
      {history.length > 0 ? (
        <HistoryCharts history={history} logged={history.at(-1)!.logs} />
      ) : (
        <p className="hint">It has not finished an epoch yet.</p>
      )}
    </section>
  );
}

function StatusLine({ study, rows }: { study: StudyState; rows: readonly Candidate[] }) {
  const { metric } = study.config.objective;
  const count = (state: string) => study.trials.filter((t) => t.state === state).length;
  const best = rows.find((c) => c.trial.state === 'complete');
  return (
    <p className="run-status" data-testid="auto-status" data-status={study.status}>
      Search {study.status}
      {study.stopReason && ` (${STOP_REASONS[study.stopReason]})`} · {study.trials.length} candidates:{' '}
      {count('complete')} finished, {count('pruned')} stopped early, {count('failed')} failed
      {best && (
        <>
          {' '}
          · best <strong data-testid="auto-best">{formatMetric(best.trial.value!)}</strong> ({metric}, {best.label})
        </>
      )}
    </p>
  );
}

/** The honest estimate once the search has ended: fold progress, then whether the best beats the runner-up beyond noise, or why that was not checked. */
function FinalistsLine({ rows, limits, study }: { rows: readonly Candidate[]; limits: AutoLimits; study: StudyState }) {
  const check = useAutoStore((s) => s.finalists);
  const [best, runnerUp] = finalists(rows, limits);
  // Read from the attrs, so a reloaded search shows it too.
  const sentence = best && runnerUp ? compareFinalists(best, runnerUp, study.config.objective) : undefined;
  const text =
    check?.status === 'running'
      ? `Cross-validating the finalists: fold ${Math.min(check.ended + 1, check.folds)} of ${check.folds}`
      : check?.status === 'skipped' || check?.status === 'failed'
        ? check.reason
        : sentence && [sentence, best?.cv?.note].filter(Boolean).join(' ');
  return text ? (
    <p className="hint" data-testid="auto-finalists" data-status={check?.status ?? 'done'}>
      {text}
    </p>
  ) : null;
}

/** Auto's last step once the search has ended: the best distilled into a student that meets the limits, or why not. */
function DistillLine({
  rows,
  limits,
  objective,
}: {
  rows: readonly Candidate[];
  limits: AutoLimits;
  objective: Objective;
}) {
  const skipped = useAutoStore((s) => s.distilSkipped);
  const text = distillStepNote(rows, limits, objective, skipped);
  return text ? (
    <p className="hint" data-testid="auto-distillation">
      {text}
    </p>
  ) : null;
}

/** Whether a search started now also tries keeping only the top-ranked columns, and how to make it. */
function KeepFeaturesNote() {
  const ranking = useRankingStatus();
  const { data: context } = useAnalysis();
  const ranked = ranking?.status === 'done' ? ranking.ranking.features.length : undefined;
  if (!context || dataKindOf(context) !== 'tabular') return null;
  if (ranked === undefined)
    return (
      <p className="hint" data-testid="auto-keep-features">
        Rank the features in the Data view’s report to also search how many of the top columns to keep.
      </p>
    );
  return ranked >= MIN_FEATURES_TO_KEEP_TOP ? (
    <p className="hint" data-testid="auto-keep-features">
      The features are ranked: candidates also try keeping the top {keepTopCounts(ranked).slice(1).join(' or ')} of the{' '}
      {ranked} columns.
    </p>
  ) : null;
}

/** The learning rates the range tests found per family: the one being tested, then those found (from the search's space, so a reload shows them) and those not. */
function LearningRatesLine({ study }: { study: StudyState | null }) {
  const finding = useAutoStore((s) => s.rateFinding);
  const space = study?.config.space;
  const found = useMemo(() => Object.entries(space ? proposedLearningRates(space) : {}), [space]);
  if (finding?.status === 'running')
    return (
      <p className="hint" data-testid="auto-learning-rates" data-status="running">
        Finding each family’s learning rate: {finding.family} ({finding.index + 1} of {finding.of})…
      </p>
    );
  const sentences = [
    found.length > 0 &&
      `LR finder: ${found.map(([id, rate]) => `${modelFamily(id)?.label ?? id} ${formatValue(rate)}`).join(', ')}; each family’s learning rate is searched from a tenth to three times its own.`,
    ...(finding?.notFound ?? []),
  ].filter(Boolean);
  return sentences.length > 0 ? (
    <p className="hint" data-testid="auto-learning-rates" data-status="done">
      {sentences.join(' ')}
    </p>
  ) : null;
}
