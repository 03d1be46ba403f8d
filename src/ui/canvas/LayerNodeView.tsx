import { Handle, Position, type NodeProps, type Node } from '@xyflow/react';
import { memo } from 'react';
import { getLayerKind } from '../../model/layers';
import { formatShape } from '../../model/shapes';
import type { ParamSchema } from '../../model/schema';
import { useProjectStore } from '../../state/StudioProvider';
import { useAnalysis } from '../../state/analysis';
import { useActions } from '../common/ActionsContext';
import { formatCompact, formatCount } from '../common/format';

export type LayerFlowNode = Node<{ readonly nodeId: string }, 'layer'>;

/** One layer on the canvas: its kind, output shape, parameter count and any problem. */
export const LayerNodeView = memo(function LayerNodeView({ id, selected }: NodeProps<LayerFlowNode>) {
  const node = useProjectStore((s) => s.project.graph.nodes.find((n) => n.id === id));
  const info = useAnalysis().inference.nodes[id];
  const actions = useActions();
  const kind = node ? getLayerKind(node.type) : undefined;
  if (!node) return null;
  const issues = info?.issues ?? [];
  const summary = kind ? paramSummary(node.params, kind.params) : '';

  return (
    <div
      className={`layer-node category-${kind?.category ?? 'unknown'}${issues.length ? ' has-issue' : ''}${selected ? ' selected' : ''}`}
      data-testid={`node-${id}`}
      data-layer-type={node.type}
    >
      {kind && kind.arity.max > 0 && (
        <Handle type="target" position={Position.Left} title="Input: drag another layer’s output here" />
      )}
      <div className="layer-node-title">
        {/* An opaque node goes by the class the file named. */}
        <span className="layer-node-kind">{node.opaque?.className ?? kind?.label ?? node.type}</span>
        <span className="layer-node-id">{id}</span>
        {node.trainable === false && (
          <span
            className="layer-node-frozen"
            data-testid="node-frozen"
            title="Frozen: training leaves its weights as they are"
          >
            frozen
          </span>
        )}
      </div>
      {summary && <div className="layer-node-params">{summary}</div>}
      <div className="layer-node-facts">
        <span data-testid="node-shape" title="Output shape (batch first)">
          {info?.shape ? formatShape(info.shape) : '—'}
        </span>
        <span data-testid="node-params" title="Parameters">
          {formatCount(info?.params ?? 0)} params
        </span>
        {(info?.flops ?? 0) > 0 && (
          <span title="Floating-point operations per example">{formatCompact(info!.flops)} FLOPs</span>
        )}
      </div>
      {issues.map((issue) => (
        <div className="layer-node-issue" role="alert" key={issue}>
          {issue}
        </div>
      ))}
      {info?.fix && (
        <button
          type="button"
          className="layer-node-fix nodrag"
          data-testid={`fix-${id}`}
          onClick={() => void actions.perform('applyFix', id)}
        >
          {info.fix.label}
        </button>
      )}
      {kind?.role !== 'output' && (
        <Handle type="source" position={Position.Right} title="Output: drag to another layer’s input to connect" />
      )}
    </div>
  );
});

/**
 * The params as the node card lists them, in schema order. A float that defaults to 0 means "none"
 * (the L1/L2 penalties): it shows, with its name, only when set, so plain layers stay short.
 */
function paramSummary(params: Readonly<Record<string, unknown>>, schema: ParamSchema): string {
  return Object.entries(schema)
    .filter(([key]) => key !== 'useBias')
    .flatMap(([key, spec]) => {
      if (spec.type !== 'float' || spec.default !== 0) return [String(params[key])];
      return params[key] === 0 ? [] : [`${key} ${String(params[key])}`];
    })
    .join(' · ');
}
