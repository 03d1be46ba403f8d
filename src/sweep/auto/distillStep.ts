/**
 * What the Auto view says of its last step once a search has ended: the best candidate distilled
 * into a student that meets the limits (and how the two compare), or why nothing was distilled.
 */
import { formatCount, formatMetric, formatValue } from '../../model/format';
import type { Objective } from '../studyConfig';
import type { AutoLimits } from './autoStudy';
import { distilledFrom } from './autoSpace';
import { applyLimits, DISTILL_TOLERANCE, excess, hasLimits, teacherToDistil, type Candidate } from './leaderboard';

/** The limits `candidate` breaks, in words ("the 2,000-parameter limit and the 1 ms latency limit"); "the limits" when none is known now. */
export function brokenLimits(candidate: Candidate, limits: AutoLimits): string {
  const broken = [
    limits.maxParams !== undefined &&
      excess(candidate, { maxParams: limits.maxParams }) > 0 &&
      `the ${formatCount(limits.maxParams)}-parameter limit`,
    limits.maxKb !== undefined &&
      excess(candidate, { maxKb: limits.maxKb }) > 0 &&
      `the ${formatValue(limits.maxKb)} kB size limit`,
    limits.maxLatencyMs !== undefined &&
      excess(candidate, { maxLatencyMs: limits.maxLatencyMs }) > 0 &&
      `the ${formatValue(limits.maxLatencyMs)} ms latency limit`,
  ].filter((words): words is string => typeof words === 'string');
  return broken.length > 0 ? broken.join(' and ') : 'the limits';
}

/** The attr set on a student stopped at distilTimeLimitMs: it keeps what it learnt by then. */
export const DISTIL_CAPPED_ATTR = 'distilCapped';

const paramsOf = (c: Candidate) =>
  c.measures.params === undefined ? '' : ` (${formatCount(c.measures.params)} params)`;

/**
 * The sentence on Auto's last step for a search that has ended, from its candidates (ranked as
 * `candidates` ranks them) and the limits set now; undefined while nothing is to be said. A student
 * is read from the journal, so a reload shows it; `skipped` is why the step distilled nothing though
 * the limits asked for it, which lasts the session.
 */
export function distillStepNote(
  list: readonly Candidate[],
  limits: AutoLimits,
  { metric }: Objective,
  skipped: string | null,
): string | undefined {
  const student = list.find((c) => distilledFrom(c.trial.params) !== undefined);
  if (student) {
    const teacher = list.find((c) => c.trial.number === distilledFrom(student.trial.params));
    const best = teacher
      ? `The best candidate${paramsOf(teacher)} breaks ${brokenLimits(teacher, limits)}`
      : 'The best candidate breaks the limits';
    const { state, value, error } = student.trial;
    if (state === 'running' || state === 'waiting')
      return `${best}, and none within them scores within ${DISTILL_TOLERANCE * 100} % of it: distilling it into a smaller student (candidate ${student.trial.number})…`;
    if (state !== 'complete') return `${best}; distilling it into a smaller student failed: ${error ?? 'it stopped'}`;
    const studentParams =
      student.measures.params === undefined ? '' : `${formatCount(student.measures.params)}-parameter `;
    const versus = teacher ? ` vs teacher ${formatMetric(teacher.trial.value!)}` : '';
    const still =
      hasLimits(limits) && excess(student, limits) > 0
        ? ` The student still breaks ${brokenLimits(student, limits)}.`
        : '';
    const capped = student.trial.attrs?.[DISTIL_CAPPED_ATTR]
      ? ' It was stopped at the step’s time limit, before its last epoch.'
      : '';
    return `${best}; distilled it into a ${studentParams}student (candidate ${student.trial.number}): ${metric} ${formatMetric(value!)}${versus}.${capped}${still}`;
  }
  if (skipped) return skipped;
  const best = list.find((c) => c.trial.state === 'complete');
  if (!best) return undefined;
  if (!hasLimits(limits)) return 'No limits are set, so no candidate is distilled into a smaller one.';
  if (excess(best, limits) === 0) return 'The best candidate meets the limits: nothing to distil.';
  // One to distil says so with its student.
  if (teacherToDistil(list, limits)) return undefined;
  // The best of those within the limits is within the tolerance, or none would be.
  const close = applyLimits(list, limits).meeting[0];
  return close
    ? `Candidate ${close.trial.number} meets the limits and scores within ${DISTILL_TOLERANCE * 100} % of the best (${metric} ${formatMetric(close.trial.value!)} vs ${formatMetric(best.trial.value!)}): nothing to distil.`
    : undefined;
}
