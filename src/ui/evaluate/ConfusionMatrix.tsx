import { useState } from 'react';
import type { ClassificationEvaluation } from '../../model/evaluation';
import { formatCount, formatMetric } from '../common/format';

interface Cell {
  readonly actual: number;
  readonly predicted: number;
}

/**
 * The confusion matrix as a heat map: each cell shaded by its share of the true class's rows (so
 * a row reads as that class's recall breakdown), and a button that lists the cell's rows.
 */
export function ConfusionMatrix({ evaluation }: { evaluation: ClassificationEvaluation }) {
  const [selected, setSelected] = useState<Cell | null>(null);
  const { labels, confusion, report } = evaluation;
  return (
    <section className="confusion-section">
      <h3>Confusion matrix</h3>
      <p className="hint">Rows: the true class; columns: the predicted class. Click a cell to list its rows.</p>
      <table className="confusion" data-testid="confusion-matrix">
        <thead>
          <tr>
            <th scope="col" className="confusion-corner">
              true ╲ predicted
            </th>
            {labels.map((label) => (
              <th scope="col" key={label}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {confusion.map((row, actual) => {
            const support = report.perClass[actual]!.support;
            return (
              <tr key={labels[actual]}>
                <th scope="row">{labels[actual]}</th>
                {row.map((count, predicted) => {
                  const share = support === 0 ? 0 : count / support;
                  const isSelected = selected?.actual === actual && selected.predicted === predicted;
                  return (
                    <td key={labels[predicted]}>
                      <button
                        type="button"
                        className="confusion-cell"
                        data-testid={`confusion-cell-${actual}-${predicted}`}
                        data-count={count}
                        aria-pressed={isSelected}
                        aria-label={`True ${labels[actual]}, predicted ${labels[predicted]}: ${count} of ${support} rows`}
                        title={`True ${labels[actual]}, predicted ${labels[predicted]}: ${count} of ${support} rows (${Math.round(share * 100)}%)`}
                        // One text colour for every shade: --heat is chosen so that it stays readable on the fullest (styles.css).
                        style={{
                          background: `color-mix(in srgb, var(--heat) ${Math.round(share * 100)}%, var(--panel))`,
                        }}
                        onClick={() => setSelected(isSelected ? null : { actual, predicted })}
                      >
                        {formatCount(count)}
                      </button>
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      {selected && <CellExamples evaluation={evaluation} cell={selected} />}
    </section>
  );
}

function CellExamples({
  evaluation,
  cell: { actual, predicted },
}: {
  evaluation: ClassificationEvaluation;
  cell: Cell;
}) {
  const { labels, columns } = evaluation;
  const examples = evaluation.examples[actual]![predicted]!;
  const count = evaluation.confusion[actual]![predicted]!;
  const misclassified = actual !== predicted;
  return (
    <div className="cell-examples" data-testid="cell-examples">
      <h4>
        True {labels[actual]}, predicted {labels[predicted]}: {formatCount(count)} row{count === 1 ? '' : 's'}
        {count > examples.length && `, the first ${examples.length} listed`}
      </h4>
      {count > 0 && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th title="The row's number in the data set, as in the Data view's preview">#</th>
                {columns.map((column) => (
                  <th key={column}>{column}</th>
                ))}
                <th>true</th>
                <th>predicted</th>
                <th>p(predicted)</th>
                {misclassified && <th>p(true)</th>}
              </tr>
            </thead>
            <tbody>
              {examples.map((example) => (
                <tr key={example.row} data-testid="cell-example">
                  <td className="row-number">{example.row + 1}</td>
                  {example.values.map((value, i) => (
                    <td key={columns[i]}>{value}</td>
                  ))}
                  <td>{labels[actual]}</td>
                  <td>{labels[predicted]}</td>
                  <td>{formatMetric(example.probabilities[predicted])}</td>
                  {misclassified && <td>{formatMetric(example.probabilities[actual])}</td>}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
