import { keepTopCounts, type FeatureRanking as Ranking } from '../../data/featureRanking';
import { rankingStatusFor, type RankingView } from '../../state/sessionStore';
import { useProjectStore, useSessionStore } from '../../state/StudioProvider';
import { ActionButton, useActions, useCan } from '../common/ActionsContext';
import { formatCount, formatMetric, shortened } from '../common/format';

/** Columns listed at most: a wide table's long tail matters little, and the column table has every column. */
const RANKED_SHOWN = 30;
const NAME_CHARS = 40;

const SCORE_NAMES: Record<Ranking['score'], string> = { accuracy: 'accuracy', r2: 'R²' };

/** The ranking of the project's data as it is now: in progress, failed, made, or why the saved one no longer holds. */
export function useRankingStatus(): RankingView | undefined {
  const status = useSessionStore((s) => s.featureRanking);
  const data = useProjectStore((s) => s.project.data);
  const featureRanking = useProjectStore((s) => s.project.featureRanking);
  const rows = useSessionStore((s) => (data.datasetId ? s.datasets[data.datasetId]?.rowCount : undefined));
  return rankingStatusFor(status, { data, featureRanking }, rows);
}

/**
 * The data report's feature ranking: the button, its progress, then each column's importance (how far a quick
 * model's validation score falls when the column is shuffled, mean ± sd) as a table with bars, and "Keep the
 * top k" for half and a quarter of the columns.
 */
export function FeatureRanking() {
  const current = useRankingStatus();
  return (
    <section className="feature-ranking" aria-label="Feature ranking" data-testid="feature-ranking">
      <div className="button-row">
        <ActionButton name="rankFeatures" />
        {current?.status === 'running' && (
          <progress
            max={current.progress?.steps ?? 1}
            value={current.progress?.done ?? 0}
            aria-label="Feature ranking progress"
          />
        )}
      </div>
      {current?.status === 'running' && (
        <p className="hint" role="status">
          Fitting a quick model, then shuffling each column in turn on the validation rows…
        </p>
      )}
      {current?.status === 'failed' && (
        <p className="field-error" role="alert">
          {current.error}
        </p>
      )}
      {current?.status === 'stale' && (
        <p className="hint" data-testid="ranking-stale">
          {current.reason} Rank the features again to keep the top columns.
        </p>
      )}
      {current?.status === 'done' && <RankingTable ranking={current.ranking} />}
    </section>
  );
}

function RankingTable({ ranking }: { ranking: Ranking }) {
  const actions = useActions();
  const canKeep = useCan('keepTopFeatures');
  const { features, score, baseline, repeats } = ranking;
  const largest = Math.max(Number.MIN_VALUE, ...features.map((feature) => feature.mean));
  const scoreName = SCORE_NAMES[score];
  return (
    <>
      <p className="hint" data-testid="ranking-summary">
        A quick model reaches {scoreName} {formatMetric(baseline)} on the validation rows; each column’s importance is
        how far that falls when the column is shuffled ({repeats} times, mean ± sd). At or below 0: the model does not
        need it.
      </p>
      <table
        className="ranking-table"
        aria-label="Feature importance, most important first"
        data-testid="ranking-table"
      >
        <thead>
          <tr>
            <th scope="col">#</th>
            <th scope="col">Column</th>
            <th scope="col">Fall in {scoreName}</th>
          </tr>
        </thead>
        <tbody>
          {features.slice(0, RANKED_SHOWN).map((feature, i) => (
            <tr key={feature.name}>
              <td>{i + 1}</td>
              <th scope="row" title={feature.name}>
                {shortened(feature.name, NAME_CHARS)}
              </th>
              <td>
                <span
                  className="ranking-bar"
                  aria-hidden="true"
                  style={{ width: `${Math.max(0, feature.mean / largest) * 100}%` }}
                />
                {formatMetric(feature.mean)} ± {formatMetric(feature.sd)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {features.length > RANKED_SHOWN && (
        <p className="hint">And {formatCount(features.length - RANKED_SHOWN)} more columns, less important.</p>
      )}
      <div className="button-row">
        {keepTopCounts(features.length)
          .filter((k) => k < features.length)
          .map((k) => (
            <button
              key={k}
              type="button"
              disabled={canKeep !== true}
              title={canKeep === true ? `Leave out the other ${formatCount(features.length - k)} columns` : canKeep}
              onClick={() => void actions.perform('keepTopFeatures', k)}
            >
              Keep the top {formatCount(k)}
            </button>
          ))}
      </div>
    </>
  );
}
