import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
  type Connection,
  type Edge as FlowEdge,
  type EdgeChange,
  type NodeChange,
  type OnConnectEnd,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, type DragEvent } from 'react';
import { connectionProblem } from '../../model/connections';
import { beginGesture, endGesture } from '../../state/projectStore';
import { useStudioStores, useProjectStore, useSessionStore } from '../../state/StudioProvider';
import { useActions } from '../common/ActionsContext';
import { CanvasToolbar } from './CanvasToolbar';
import { Inspector } from './Inspector';
import { LayerNodeView, type LayerFlowNode } from './LayerNodeView';
import { LAYER_DRAG_TYPE, Palette } from './Palette';
import { ShapeEdge } from './ShapeEdge';

const NODE_TYPES = { layer: LayerNodeView };
const EDGE_TYPES = { shape: ShapeEdge };
const EDGE_MARKER = { type: MarkerType.ArrowClosed, width: 16, height: 16 };
const MULTI_SELECT_KEYS = ['Meta', 'Control', 'Shift'];
/** About a layer card's size: what fitting and culling assume until React Flow has measured it. */
const NODE_SIZE = { width: 190, height: 80 };
// Below half size a layer card cannot be read: a long graph is shown from its start instead (fitGraph).
const FIT_VIEW_OPTIONS = { padding: 0.2, minZoom: 0.5, maxZoom: 1.2, duration: 200, includeHiddenNodes: true };
/** Screen pixels left of a long graph's first layer once it is fitted from its start. */
const LONG_GRAPH_MARGIN = 40;

export function DesignView() {
  return (
    <ReactFlowProvider>
      <div className="design-view">
        <DesignPalette />
        <GraphCanvas />
        <Inspector />
      </div>
    </ReactFlowProvider>
  );
}

function DesignPalette() {
  const addNode = useProjectStore((s) => s.addNode);
  const select = useSessionStore((s) => s.select);
  const { screenToFlowPosition } = useReactFlow();
  const addAtCentre = useCallback(
    (type: string) => {
      const pane = document.querySelector('.graph-canvas')?.getBoundingClientRect();
      const position = pane
        ? screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 })
        : { x: 0, y: 0 };
      select([addNode(type, position)], []);
    },
    [addNode, screenToFlowPosition, select],
  );
  return <Palette onAdd={addAtCentre} />;
}

/**
 * The document graph drawn with React Flow. The graph lives in the project store; selection and
 * measured sizes live in the session store, so React Flow is fully controlled by both.
 */
function GraphCanvas() {
  const stores = useStudioStores();
  const graph = useProjectStore((s) => s.project.graph);
  const selectedNodeIds = useSessionStore((s) => s.selectedNodeIds);
  const selectedEdgeIds = useSessionStore((s) => s.selectedEdgeIds);
  const measured = useSessionStore((s) => s.measured);
  const fitViewRequest = useSessionStore((s) => s.fitViewRequest);
  const { screenToFlowPosition, fitView, getViewport, setViewport, getNodes } = useReactFlow();

  /** Fits the graph in view; one too long to fit at a legible size starts at its input end, where it is read from. */
  const fitGraph = useCallback(async () => {
    await fitView(FIT_VIEW_OPTIONS);
    const { y, zoom } = getViewport();
    if (zoom > FIT_VIEW_OPTIONS.minZoom + 1e-3) return;
    const left = Math.min(...getNodes().map((node) => node.position.x));
    if (Number.isFinite(left)) await setViewport({ x: LONG_GRAPH_MARGIN - left * zoom, y, zoom });
  }, [fitView, getViewport, setViewport, getNodes]);

  // React Flow's store takes the new nodes in its own (child) effects, which run before this one;
  // nodes not yet measured count at their initial size, as off-screen ones are never rendered.
  // The first fit waits for React Flow to be ready (onInit); later ones follow requests.
  const fittedRequest = useRef(0);
  useEffect(() => {
    if (fitViewRequest === fittedRequest.current) return;
    fittedRequest.current = fitViewRequest;
    void fitGraph();
  }, [fitViewRequest, fitGraph]);

  const nodes = useMemo<LayerFlowNode[]>(
    () =>
      graph.nodes.map((n) => ({
        id: n.id,
        type: 'layer',
        position: n.position,
        data: { nodeId: n.id },
        selected: selectedNodeIds.includes(n.id),
        initialWidth: NODE_SIZE.width,
        initialHeight: NODE_SIZE.height,
        ...(measured[n.id] ? { measured: measured[n.id] } : {}),
      })),
    [graph.nodes, selectedNodeIds, measured],
  );
  const edges = useMemo<FlowEdge[]>(
    () =>
      graph.edges.map((e) => ({
        id: e.id,
        source: e.source,
        target: e.target,
        type: 'shape',
        markerEnd: EDGE_MARKER,
        selected: selectedEdgeIds.includes(e.id),
      })),
    [graph.edges, selectedEdgeIds],
  );

  const onNodesChange = useCallback(
    (changes: NodeChange<LayerFlowNode>[]) => {
      const { project, session } = stores;
      for (const change of changes) {
        if (change.type === 'position' && change.position) project.getState().moveNode(change.id, change.position);
        else if (change.type === 'dimensions' && change.dimensions) session.getState().setMeasured(change.id, change.dimensions);
      }
      const nodeIds = applySelection(session.getState().selectedNodeIds, changes);
      if (nodeIds) session.getState().select(nodeIds, session.getState().selectedEdgeIds);
    },
    [stores],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const { session } = stores;
      const edgeIds = applySelection(session.getState().selectedEdgeIds, changes);
      if (edgeIds) session.getState().select(session.getState().selectedNodeIds, edgeIds);
    },
    [stores],
  );

  const onConnect = useCallback(
    ({ source, target }: Connection) => {
      const problem = stores.project.getState().connect(source, target);
      stores.session.getState().notify(problem ? { kind: 'error', text: problem } : null);
    },
    [stores],
  );

  const actions = useActions();
  const onDrop = useCallback(
    (event: DragEvent) => {
      // Files dropped on the canvas are a model to import (an export zip, or model.json with its weights).
      if (event.dataTransfer.files.length > 0) {
        event.preventDefault();
        void actions.perform('importModel', [...event.dataTransfer.files]);
        return;
      }
      const type = event.dataTransfer.getData(LAYER_DRAG_TYPE);
      if (!type) return;
      event.preventDefault();
      const id = stores.project.getState().addNode(type, screenToFlowPosition({ x: event.clientX, y: event.clientY }));
      stores.session.getState().select([id], []);
    },
    [stores, screenToFlowPosition, actions],
  );

  const isValidConnection = useCallback(
    ({ source, target }: FlowEdge | Connection) => connectionProblem(stores.project.getState().project.graph, source, target) === undefined,
    [stores],
  );

  /** A connection dropped on a layer that refused it: say why, rather than nothing happening. */
  const onConnectEnd = useCallback<OnConnectEnd>(
    (_event, { isValid, fromNode, toNode }) => {
      if (isValid !== false || !fromNode || !toNode) return;
      const problem = connectionProblem(stores.project.getState().project.graph, fromNode.id, toNode.id);
      if (problem) stores.session.getState().notify({ kind: 'error', text: problem });
    },
    [stores],
  );

  // A drag is one undo step, however many frames it moves through.
  const onDragStart = useCallback(() => beginGesture(stores.project), [stores]);
  const onDragStop = useCallback(() => endGesture(stores.project), [stores]);

  return (
    <div className="graph-canvas" data-testid="canvas" onDrop={onDrop} onDragOver={allowLayerDrop}>
      <CanvasToolbar />
      <ReactFlow
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        edgeTypes={EDGE_TYPES}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={onConnect}
        isValidConnection={isValidConnection}
        onConnectEnd={onConnectEnd}
        onNodeDragStart={onDragStart}
        onNodeDragStop={onDragStop}
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        // Deletion is the `deleteSelection` action, so the key, the toolbar and tests share one path.
        deleteKeyCode={null}
        onInit={() => void fitGraph()}
        minZoom={0.05}
        // Large graphs: layers off screen are not rendered (about +25% frames per second at 200 layers).
        onlyRenderVisibleElements
        proOptions={{ hideAttribution: true }}
      >
        <Background gap={20} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable />
      </ReactFlow>
    </div>
  );
}

/** The selection after React Flow's select changes; undefined when none of the changes selects anything. */
function applySelection(current: readonly string[], changes: readonly (NodeChange<LayerFlowNode> | EdgeChange)[]): string[] | undefined {
  const selects = changes.filter((c) => c.type === 'select');
  if (selects.length === 0) return undefined;
  const selection = new Set(current);
  for (const change of selects) {
    if (change.selected) selection.add(change.id);
    else selection.delete(change.id);
  }
  return [...selection];
}

function allowLayerDrop(event: DragEvent) {
  if (event.dataTransfer.types.includes(LAYER_DRAG_TYPE) || event.dataTransfer.types.includes('Files')) {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }
}
