import { useEffect, useMemo, useState } from 'react';
import {
  buildDataReport,
  pendingSuggestions,
  type DataChange,
  type ReportFinding,
  type ColumnTreatment,
} from '../../data/dataReport';
import type { RowFindings } from '../../data/rowFindings';
import type { DatasetMeta } from '../../data/schema';
import type { Result } from '../../model/result';
import { planCached } from '../../state/analysis';
import { useProjectStore } from '../../state/StudioProvider';
import { useActions } from '../common/ActionsContext';
import { formatCount, shortened } from '../common/format';
import { FeatureRanking } from './FeatureRanking';

/** Findings listed at most: a wide table may leave out thousands of constant columns, and the column table lists them all. */
const FINDINGS_SHOWN = 50;
/** Treatments listed at most once opened; the column table has every column. */
const TREATMENTS_SHOWN = 200;
const NAME_CHARS = 60;

const KIND_LABELS: Record<ReportFinding['kind'], string> = {
  id: 'ID',
  constant: 'constant',
  leftOut: 'left out',
  leakage: 'likely leak',
  imbalance: 'imbalance',
  tinyClasses: 'tiny class',
  imageSizes: 'sizes',
};

/**
 * The data report of a table: what the studio found (IDs, constant columns, likely leaks, classes
 * out of balance), each with its change or the way back, "Apply suggestions" for all of them as one
 * undo step, and how each column is prepared, in words. Self-contained: the Data view and the Auto
 * view both show it.
 */
export function DataReport({ meta }: { meta: DatasetMeta }) {
  const actions = useActions();
  const target = useProjectStore((s) => s.project.data.target);
  const choices = useProjectStore((s) => s.project.data.columns);
  const classWeights = useProjectStore((s) => s.project.training.classWeights);
  const isImages = meta.kind === 'images';
  // An image folder's findings need no rows: its classes and sizes are in its meta.
  const rows = useRowFindings(meta, isImages ? null : target);
  const report = useMemo(
    () =>
      buildDataReport({
        meta,
        target,
        choices,
        plan: planCached(meta, { target, columns: choices }),
        classWeights,
        ...(rows?.ok ? { rows: rows.value } : {}),
      }),
    [meta, target, choices, classWeights, rows],
  );
  const pending = pendingSuggestions(report);
  const apply = (change: DataChange) =>
    void (change.kind === 'column'
      ? actions.perform('chooseColumn', change.choice)
      : actions.perform('setTrainingSettings', { classWeights: change.classWeights }));

  return (
    <section className="data-report" aria-labelledby="data-report-title" data-testid="data-report">
      <header className="data-report-header">
        <h3 id="data-report-title">Data report</h3>
        <button
          type="button"
          className="primary"
          data-testid="apply-suggestions"
          disabled={pending.length === 0}
          title={pending.length === 0 ? 'No suggestion is left to apply.' : undefined}
          onClick={() =>
            void actions.perform(
              'applyDataSuggestions',
              pending.map((finding) => finding.action.change),
            )
          }
        >
          Apply suggestions{pending.length > 0 && ` (${pending.length})`}
        </button>
      </header>
      <p className="hint" role="status" data-testid="data-report-status">
        {isImages ? 'Checked the classes and the sizes the images came in.' : rowsStatus(rows, target, meta.rowCount)}
      </p>
      {report.findings.length === 0 ? (
        <p className="hint">Nothing to decide: every column is used as the studio prepares it below.</p>
      ) : (
        <ul className="report-findings" aria-label="Findings">
          {report.findings.slice(0, FINDINGS_SHOWN).map((finding) => (
            <Finding key={`${finding.kind}:${finding.column ?? ''}`} finding={finding} onAct={apply} />
          ))}
        </ul>
      )}
      {report.findings.length > FINDINGS_SHOWN && (
        <p className="hint">
          And {formatCount(report.findings.length - FINDINGS_SHOWN)} more: the column table says why each column is left
          out.
        </p>
      )}
      {!isImages && <FeatureRanking />}
      <Treatments treatments={report.treatments} />
    </section>
  );
}

function Finding({ finding, onAct }: { finding: ReportFinding; onAct: (change: DataChange) => void }) {
  const { action } = finding;
  const subject = finding.column === undefined ? 'the classes' : `"${finding.column}"`;
  return (
    <li className={`report-finding ${finding.kind}`} data-testid="report-finding" data-kind={finding.kind}>
      <span className="pill small">{KIND_LABELS[finding.kind]}</span>{' '}
      {finding.column !== undefined && <strong title={finding.column}>{shortened(finding.column, NAME_CHARS)}</strong>}
      {finding.column !== undefined && ': '}
      <span>{finding.text}</span>{' '}
      {action && (
        <button
          type="button"
          aria-label={`${action.label}: ${subject}`}
          className={finding.suggested ? 'suggested' : undefined}
          onClick={() => onAct(action.change)}
        >
          {action.label}
        </button>
      )}
    </li>
  );
}

function Treatments({ treatments }: { treatments: readonly ColumnTreatment[] }) {
  const [open, setOpen] = useState(false);
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>How each column is prepared, and why</summary>
      {open && (
        <ul className="report-treatments" data-testid="column-treatments">
          {treatments.slice(0, TREATMENTS_SHOWN).map(({ column, text }) => (
            <li key={column}>
              <strong title={column}>{shortened(column, NAME_CHARS)}</strong>: {text}
            </li>
          ))}
          {treatments.length > TREATMENTS_SHOWN && (
            <li className="hint">
              The other {formatCount(treatments.length - TREATMENTS_SHOWN)} columns are in the column table.
            </li>
          )}
        </ul>
      )}
    </details>
  );
}

/** The findings in the rows of this data set for this target, read in the data worker; undefined while it reads. */
function useRowFindings(meta: DatasetMeta, target: string | null): Result<RowFindings> | undefined {
  const { workers } = useActions().ctx;
  const [answer, setAnswer] = useState<{
    readonly meta: DatasetMeta;
    readonly target: string;
    readonly result: Result<RowFindings>;
  }>();
  useEffect(() => {
    if (target === null) return;
    let current = true;
    void workers.findInRows(meta.id, target).then((result) => current && setAnswer({ meta, target, result }));
    return () => {
      current = false;
    };
  }, [workers, meta, target]);
  return answer?.meta === meta && answer.target === target ? answer.result : undefined;
}

function rowsStatus(rows: Result<RowFindings> | undefined, target: string | null, rowCount: number): string {
  if (target === null) return 'Choose a target to check the columns against it.';
  if (!rows) return 'Reading the rows for IDs and for columns that give the target away…';
  if (!rows.ok) return `The rows could not be read for IDs and leaks: ${rows.error}`;
  const read = rows.value.rowsRead;
  const which =
    read < rowCount
      ? `${formatCount(read)} of its ${formatCount(rowCount)} rows, spread evenly`
      : `all ${formatCount(read)} rows`;
  return `Checked for IDs and for columns that give the target away over ${which}.`;
}
