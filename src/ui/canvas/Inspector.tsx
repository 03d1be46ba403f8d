import { getLayerKind } from '../../model/layers';
import { checkParam, paramSpecLabel, type ParamSpec } from '../../model/schema';
import { formatShape } from '../../model/shapes';
import { useProjectStore, useSessionStore } from '../../state/StudioProvider';
import { useAnalysis } from '../../state/analysis';
import { useActions } from '../common/ActionsContext';
import { KerasCodeButton } from './KerasCode';
import { formatCompact, formatCount } from '../common/format';

/** The selected layer's params, as a form generated from its kind's params schema. */
export function Inspector() {
  const selected = useSessionStore((s) => s.selectedNodeIds);
  const node = useProjectStore((s) =>
    selected.length === 1 ? s.project.graph.nodes.find((n) => n.id === selected[0]) : undefined,
  );
  const actions = useActions();
  const analysis = useAnalysis();

  if (!node) {
    return (
      <aside className="inspector" aria-label="Inspector">
        <h2>Model</h2>
        <dl className="facts">
          <dt>Layers</dt>
          <dd>{analysis.inference.order.length}</dd>
          <dt>Parameters</dt>
          <dd data-testid="total-params">{formatCount(analysis.inference.totalParams)}</dd>
          <dt>Size (float32)</dt>
          <dd>{((analysis.inference.totalParams * 4) / 1024).toFixed(1)} KB</dd>
          <dt>FLOPs / example</dt>
          <dd data-testid="total-flops">{formatCompact(analysis.inference.totalFlops)}</dd>
        </dl>
        <p className="hint">Select a layer to edit its settings.</p>
        <KerasCodeButton />
      </aside>
    );
  }

  const kind = getLayerKind(node.type);
  const info = analysis.inference.nodes[node.id];
  const specs = Object.entries(kind?.params ?? {});
  return (
    <aside className="inspector" aria-label="Inspector" data-testid="inspector">
      <h2>{node.opaque?.className ?? kind?.label ?? node.type}</h2>
      <p className="hint">{kind?.doc.summary}</p>
      {specs.length === 0 && <p className="hint">{kind?.role ? roleHint(kind.role) : 'No settings.'}</p>}
      {specs.map(([key, spec]) => (
        <ParamField
          key={`${node.id}.${key}`}
          name={key}
          spec={spec}
          value={node.params[key] ?? spec.default}
          onChange={(value) => void actions.perform('setLayerParams', { nodeId: node.id, params: { [key]: value } })}
        />
      ))}
      {/* Only layers with weights can be frozen; a frozen one keeps its box, to be unfrozen. */}
      {((info?.params ?? 0) > 0 || node.trainable === false) && (
        <label
          className="field checkbox"
          title="Unchecked, the layer is frozen: training leaves its weights as they are (fine-tuning an imported model)."
        >
          <input
            type="checkbox"
            data-testid="layer-trainable"
            checked={node.trainable !== false}
            onChange={(e) =>
              void actions.perform('setLayerTrainable', { nodeId: node.id, trainable: e.target.checked })
            }
          />
          Train this layer’s weights
        </label>
      )}
      <dl className="facts">
        <dt>Output shape</dt>
        <dd>{info?.shape ? formatShape(info.shape) : '—'}</dd>
        <dt>Parameters</dt>
        <dd>{formatCount(info?.params ?? 0)}</dd>
        <dt>FLOPs / example</dt>
        <dd>{formatCompact(info?.flops ?? 0)}</dd>
      </dl>
      {kind?.doc.keras && (
        <a className="doc-link" href={kind.doc.keras} target="_blank" rel="noreferrer">
          Keras documentation
        </a>
      )}
    </aside>
  );
}

function roleHint(role: 'input' | 'output'): string {
  return role === 'input'
    ? 'Its shape follows the features of the chosen dataset.'
    : 'Its units and activation follow the task: softmax over the classes, a sigmoid for two classes, linear for regression.';
}

function ParamField({
  name,
  spec,
  value,
  onChange,
}: {
  name: string;
  spec: ParamSpec;
  value: unknown;
  onChange: (value: unknown) => void;
}) {
  const error = checkParam(name, spec, value);
  const id = `param-${name}`;
  return (
    <div className="field">
      <label htmlFor={id} title={spec.help}>
        {paramSpecLabel(name, spec)}
      </label>
      {spec.type === 'enum' ? (
        <select id={id} value={String(value)} onChange={(e) => onChange(e.target.value)}>
          {spec.options.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
      ) : spec.type === 'bool' ? (
        <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />
      ) : (
        <NumberInput id={id} spec={spec} value={value} onChange={onChange} />
      )}
      <small className="field-help">{spec.help}</small>
      {error && (
        <small className="field-error" role="alert">
          {error}
        </small>
      )}
    </div>
  );
}

function NumberInput({
  id,
  spec,
  value,
  onChange,
}: {
  id: string;
  spec: Extract<ParamSpec, { type: 'int' | 'float' }>;
  value: unknown;
  onChange: (value: unknown) => void;
}) {
  return (
    <input
      id={id}
      type="number"
      min={spec.min}
      max={spec.max}
      step={spec.type === 'int' ? 1 : (spec.step ?? 'any')}
      value={typeof value === 'number' && Number.isFinite(value) ? value : ''}
      // Keep what the person typed, even out of range: the error under the field says why.
      onChange={(e) => onChange(e.target.value === '' ? Number.NaN : Number(e.target.value))}
    />
  );
}
