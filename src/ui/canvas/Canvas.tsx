import {
  Background,
  Controls,
  MarkerType,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  getViewportForBounds,
  useReactFlow,
  useStore as useFlowStore,
  useStoreApi,
  type Connection,
  type Edge as FlowEdge,
  type EdgeChange,
  type NodeChange,
  type OnConnectEnd,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import { connectionProblem } from '../../model/connections';
import type { LayerNode } from '../../model/graph';
import { FIT, graphBounds, type Size } from '../../model/layout';
import { useStudioStores, useProjectStore, useSessionStore } from '../../state/StudioProvider';
import { useActions } from '../common/ActionsContext';
import { useShownColourScheme } from '../common/colourScheme';
import { CanvasToolbar } from './CanvasToolbar';
import { Inspector } from './Inspector';
import { LayerNodeView, type LayerFlowNode } from './LayerNodeView';
import { LAYER_DRAG_TYPE, Palette } from './Palette';
import { ShapeEdge } from './ShapeEdge';

const NODE_TYPES = { layer: LayerNodeView };
const EDGE_TYPES = { shape: ShapeEdge };
const EDGE_MARKER = { type: MarkerType.ArrowClosed, width: 16, height: 16 };
const MULTI_SELECT_KEYS = ['Meta', 'Control', 'Shift'];
const FIT_DURATION_MS = 200;
/** Frames a template's new cards get to be measured before it is laid out with whatever sizes are known. */
const MEASURE_FRAMES = 20;
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
  const actions = useActions();
  const { screenToFlowPosition } = useReactFlow();
  const addAtCentre = useCallback(
    (type: string) => {
      const pane = document.querySelector('.graph-canvas')?.getBoundingClientRect();
      const position = pane
        ? screenToFlowPosition({ x: pane.left + pane.width / 2, y: pane.top + pane.height / 2 })
        : { x: 0, y: 0 };
      void actions.perform('addLayer', { type, position });
    },
    [actions, screenToFlowPosition],
  );
  return <Palette onAdd={addAtCentre} />;
}

/**
 * The document graph drawn with React Flow. The graph lives in the project store; selection and
 * measured sizes live in the session store, so React Flow is fully controlled by both.
 */
function GraphCanvas() {
  const stores = useStudioStores();
  const actions = useActions();
  const colourScheme = useShownColourScheme();
  const graph = useProjectStore((s) => s.project.graph);
  const selectedNodeIds = useSessionStore((s) => s.selectedNodeIds);
  const selectedEdgeIds = useSessionStore((s) => s.selectedEdgeIds);
  const measured = useSessionStore((s) => s.measured);
  const fitViewRequest = useSessionStore((s) => s.fitViewRequest);
  const layoutRequest = useSessionStore((s) => s.layoutRequest);
  const { screenToFlowPosition, setViewport } = useReactFlow();
  const flowStore = useStoreApi();

  const canvasWidth = useFlowStore((flow) => flow.width);
  const canvasHeight = useFlowStore((flow) => flow.height);
  // Not a user operation: the canvas reports its size, as it reports its cards' (`measureLayers`).
  useEffect(() => {
    if (canvasWidth > 0 && canvasHeight > 0)
      stores.session.getState().setCanvasSize({ width: canvasWidth, height: canvasHeight });
  }, [canvasWidth, canvasHeight, stores]);

  /**
   * Fits the graph in view; one too long to fit at a legible size starts at its input end, where it
   * is read from. Computed from the project's positions and measured sizes, not React Flow's
   * fitView: that waits until every card is measured and its animation never settles when another
   * interrupts it, so nothing may wait on it.
   */
  const fitGraph = useCallback(
    (duration = FIT_DURATION_MS) => {
      const { width, height } = flowStore.getState();
      const bounds = graphBounds(stores.project.getState().project.graph, stores.session.getState().measured);
      if (!bounds || !width || !height) return;
      const { minZoom, maxZoom, padding } = FIT;
      const fitted = getViewportForBounds(bounds, width, height, minZoom, maxZoom, padding);
      // Below FIT.minZoom a card cannot be read: a graph that only fits smaller is shown from its start.
      const long = fitted.zoom <= minZoom + 1e-3;
      void setViewport(long ? { ...fitted, x: LONG_GRAPH_MARGIN - bounds.x * fitted.zoom } : fitted, { duration });
    },
    [flowStore, stores, setViewport],
  );

  const fittedRequest = useRef(0);
  useEffect(() => {
    if (fitViewRequest === fittedRequest.current) return;
    fittedRequest.current = fitViewRequest;
    fitGraph();
  }, [fitViewRequest, fitGraph]);

  // A graph laid out before its cards existed (a template) overlaps where cards came out larger
  // than guessed: fitted at once, its cards come on screen, where React Flow measures them within
  // a few frames; laid out again with those sizes, it is fitted once more. The canvas says
  // `data-layout="pending"` until then.
  const laidOutRequest = useRef(0);
  const [layoutPending, setLayoutPending] = useState(false);
  useEffect(() => {
    if (layoutRequest === laidOutRequest.current) return;
    laidOutRequest.current = layoutRequest;
    setLayoutPending(true);
    void (async () => {
      const { project, session } = stores;
      fitGraph(0);
      const allMeasured = () =>
        project.getState().project.graph.nodes.every((node) => session.getState().measured[node.id]);
      for (let frame = 0; frame < MEASURE_FRAMES && !allMeasured(); frame++) await nextFrame();
      if (laidOutRequest.current !== layoutRequest) return;
      await actions.perform('layOutMeasured');
      fitGraph();
      setLayoutPending(false);
    })();
  }, [layoutRequest, fitGraph, stores, actions]);

  const [flowNodes] = useState(() => new WeakMap<LayerNode, LayerFlowNode>());
  const nodes = useMemo<LayerFlowNode[]>(() => {
    const selected = new Set(selectedNodeIds);
    return graph.nodes.map((n) => {
      const known = flowNodes.get(n);
      if (known && known.selected === selected.has(n.id) && known.measured === measured[n.id]) return known;
      const flowNode: LayerFlowNode = {
        id: n.id,
        type: 'layer',
        position: n.position,
        data: { nodeId: n.id },
        selected: selected.has(n.id),
        ...(measured[n.id] ? { measured: measured[n.id] } : {}),
      };
      flowNodes.set(n, flowNode);
      return flowNode;
    });
  }, [graph.nodes, selectedNodeIds, measured, flowNodes]);
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
      const { session } = stores;
      const positions = new Map<string, LayerNode['position']>();
      const sizes = new Map<string, Size>();
      for (const change of changes) {
        if (change.type === 'position' && change.position) positions.set(change.id, change.position);
        else if (change.type === 'dimensions' && change.dimensions) sizes.set(change.id, change.dimensions);
      }
      if (positions.size > 0) void actions.perform('moveLayers', positions);
      if (sizes.size > 0) void actions.perform('measureLayers', sizes);
      const nodeIds = applySelection(session.getState().selectedNodeIds, changes);
      if (nodeIds) void actions.perform('select', { nodeIds, edgeIds: session.getState().selectedEdgeIds });
    },
    [stores, actions],
  );

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const { session } = stores;
      const edgeIds = applySelection(session.getState().selectedEdgeIds, changes);
      if (edgeIds) void actions.perform('select', { nodeIds: session.getState().selectedNodeIds, edgeIds });
    },
    [stores, actions],
  );

  const onConnect = useCallback(
    ({ source, target }: Connection) => void actions.perform('connectLayers', { source, target }),
    [actions],
  );

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
      void actions.perform('addLayer', {
        type,
        position: screenToFlowPosition({ x: event.clientX, y: event.clientY }),
      });
    },
    [screenToFlowPosition, actions],
  );

  const isValidConnection = useCallback(
    ({ source, target }: FlowEdge | Connection) =>
      connectionProblem(stores.project.getState().project.graph, source, target) === undefined,
    [stores],
  );

  /**
   * A connection dropped on a layer that refused it: `connectLayers` says why, rather than nothing
   * happening. It is passed on only when refused as drawn (from → to), so it never makes one drawn
   * backwards, from an input handle.
   */
  const onConnectEnd = useCallback<OnConnectEnd>(
    (_event, { isValid, fromNode, toNode }) => {
      if (isValid !== false || !fromNode || !toNode) return;
      const connection = { source: fromNode.id, target: toNode.id };
      if (connectionProblem(stores.project.getState().project.graph, connection.source, connection.target))
        void actions.perform('connectLayers', connection);
    },
    [stores, actions],
  );

  // A drag is one undo step, however many frames it moves through.
  const onDragStart = useCallback(() => void actions.perform('startDrag'), [actions]);
  const onDragStop = useCallback(() => void actions.perform('endDrag'), [actions]);

  return (
    <div
      className="graph-canvas"
      data-testid="canvas"
      data-layout={layoutPending ? 'pending' : 'done'}
      onDrop={onDrop}
      onDragOver={allowLayerDrop}
    >
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
        onInit={() => fitGraph(0)}
        minZoom={0.05}
        // Large graphs: layers off screen are not rendered (about +25% frames per second at 200 layers).
        onlyRenderVisibleElements
        proOptions={{ hideAttribution: true }}
        colorMode={colourScheme}
      >
        <Background gap={20} />
        <Controls showInteractive={false} />
        <MiniMap pannable zoomable />
      </ReactFlow>
    </div>
  );
}

/** The selection after React Flow's select changes; undefined when none of the changes selects anything. */
function applySelection(
  current: readonly string[],
  changes: readonly (NodeChange<LayerFlowNode> | EdgeChange)[],
): string[] | undefined {
  const selects = changes.filter((c) => c.type === 'select');
  if (selects.length === 0) return undefined;
  const selection = new Set(current);
  for (const change of selects) {
    if (change.selected) selection.add(change.id);
    else selection.delete(change.id);
  }
  return [...selection];
}

function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

function allowLayerDrop(event: DragEvent) {
  if (event.dataTransfer.types.includes(LAYER_DRAG_TYPE) || event.dataTransfer.types.includes('Files')) {
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  }
}
