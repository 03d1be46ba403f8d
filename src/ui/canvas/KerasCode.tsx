import { useMemo, useState } from 'react';
import { toKerasScript } from '../../model/codegen/keras';
import { useProjectStore } from '../../state/StudioProvider';
import { useAnalysis } from '../../state/analysis';

/** The current graph as a Keras script: the same layers, shapes and parameter counts, in Python. */
export function KerasCodeButton() {
  const [open, setOpen] = useState(false);
  const { data, trainBlocker } = useAnalysis();
  return (
    <>
      <button
        type="button"
        data-testid="show-keras"
        disabled={trainBlocker !== undefined}
        title={trainBlocker ?? 'Python that builds the same model with Keras'}
        onClick={() => setOpen(true)}
      >
        Keras code
      </button>
      {open && data && <KerasCodePanel onClose={() => setOpen(false)} data={data} />}
    </>
  );
}

function KerasCodePanel({
  onClose,
  data,
}: {
  onClose: () => void;
  data: NonNullable<ReturnType<typeof useAnalysis>['data']>;
}) {
  const graph = useProjectStore((s) => s.project.graph);
  const code = useMemo(() => toKerasScript(graph, data), [graph, data]);
  const [copied, setCopied] = useState(false);
  return (
    <div className="keras-panel" role="dialog" aria-label="Keras code" data-testid="keras-code">
      <div className="keras-panel-bar">
        <strong>Keras code</strong>
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard.writeText(code).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" onClick={onClose} aria-label="Close">
          ×
        </button>
      </div>
      <pre>{code}</pre>
    </div>
  );
}
