import { useMemo } from 'react';
import { smoothedLoss, type LrRangeResult } from '../../sweep/lrRange';
import { useRunStore } from '../../state/StudioProvider';
import { ActionButton } from '../common/ActionsContext';
import { formatMetric, formatValue } from '../common/format';
import { Plot, TrialMark } from '../sweep/Plot';
import { logTicks, numericAxis, valueAxis, xSpan, ySpan, type Frame } from '../sweep/plotLayout';

/** The settings column's width, so that the chart's text reads at about its own size. */
const FRAME: Frame = { width: 260, height: 170, left: 40, right: 10, top: 10, bottom: 30 };

/**
 * The learning-rate finder beside the learning-rate setting: the button, the test's progress (with Cancel),
 * then its curve, the proposed rate and a button that uses it, or the sentence saying why there is none.
 */
export function LearningRateFinder() {
  const test = useRunStore((s) => s.learningRateTest);
  return (
    <div className="lr-finder" data-testid="lr-finder">
      <div className="button-row">
        <ActionButton name="findLearningRate" />
        {test?.status === 'running' && <ActionButton name="cancelFindLearningRate" />}
      </div>
      {test?.status === 'running' && (
        <div className="lr-finder-progress">
          <progress max={test.steps} value={test.step} aria-label="Learning-rate finder progress" />
          <small className="hint">
            Step {test.step} of at most {test.steps}: one batch at each rate, the rate growing until the loss explodes.
          </small>
        </div>
      )}
      {test?.status === 'failed' && (
        <p className="field-error" role="alert">
          {test.error}
        </p>
      )}
      {test?.status === 'done' && <RangeTestOutcome result={test.result} />}
    </div>
  );
}

function RangeTestOutcome({ result }: { result: LrRangeResult }) {
  const { proposal } = result;
  return (
    <>
      <LossAgainstRate result={result} />
      {proposal.ok ? (
        <>
          <p className="hint" data-testid="lr-proposal">
            Proposed {formatValue(proposal.value.rate)}: the loss falls fastest there
            {proposal.value.divergedAt !== undefined &&
              `, and it blew up from ${formatValue(proposal.value.divergedAt)} on`}
            .
          </p>
          <ActionButton name="applyProposedLearningRate">Use {formatValue(proposal.value.rate)}</ActionButton>
        </>
      ) : (
        <p className="hint" role="status" data-testid="lr-proposal">
          {proposal.error}
        </p>
      )}
    </>
  );
}

/** The smoothed loss against the rate on a log axis, up to where it diverged, the proposed rate marked. */
function LossAgainstRate({ result }: { result: LrRangeResult }) {
  const plot = useMemo(() => {
    const { rates, losses, proposal } = result;
    const { smoothed } = proposal.ok ? proposal.value : smoothedLoss(rates, losses);
    if (smoothed.length < 2) return undefined;
    const [low, high] = [rates[0]!, rates[smoothed.length - 1]!];
    const x = numericAxis({ low, high, log: true, ticks: logTicks(low, high), format: formatValue }, xSpan(FRAME));
    const y = valueAxis(smoothed, ySpan(FRAME), formatMetric, { count: 4 });
    const line = smoothed
      .map((loss, i) => `${i === 0 ? 'M' : 'L'}${x.place(rates[i]!).toFixed(1)},${y.place(loss).toFixed(1)}`)
      .join('');
    // The proposal is rounded: mark the rate tried nearest to it.
    const distance = (i: number) => (proposal.ok ? Math.abs(Math.log(rates[i]! / proposal.value.rate)) : 0);
    const proposed = proposal.ok
      ? smoothed.reduce((nearest, _, i) => (distance(i) < distance(nearest) ? i : nearest), 0)
      : -1;
    const lowest = smoothed.indexOf(Math.min(...smoothed));
    return { x, y, line, smoothed, proposed, lowest, low, high };
  }, [result]);
  if (!plot) return null;
  const { x, y, line, smoothed, proposed, lowest, low, high } = plot;
  const rates = result.rates;
  const label =
    `Loss against learning rate, from ${formatValue(low)} to ${formatValue(high)}: ` +
    `lowest ${formatMetric(smoothed[lowest]!)} at ${formatValue(rates[lowest]!)}` +
    (proposed >= 0 ? `; proposed rate ${formatValue(rates[proposed]!)}` : '');
  return (
    <figure className="chart" data-testid="lr-finder-chart">
      <figcaption>Loss against learning rate</figcaption>
      <Plot frame={FRAME} x={x} y={y} xTitle="learning rate (log)" label={label}>
        <path className="plot-line" d={line} />
        {proposed >= 0 && (
          <TrialMark x={x.place(rates[proposed]!)} y={y.place(smoothed[proposed]!)} best>
            Proposed {formatValue(rates[proposed]!)}: loss {formatMetric(smoothed[proposed]!)}
          </TrialMark>
        )}
      </Plot>
    </figure>
  );
}
