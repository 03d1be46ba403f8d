import { fail } from '../shapes';
import { defineLayerKind, noMultiplyAdds } from './layerKind';

/** Why an opaque node cannot run, appended to what the import said about it. */
export const OPAQUE_CONSEQUENCE = 'kept as an opaque node; it cannot be trained or exported';

/**
 * A layer from an imported model.json that no kind can hold (a class the studio lacks, or a
 * setting it does not offer). It keeps the file's class name, config and output shape on the
 * node (`LayerNode.opaque`), so the graph around it stays whole and its shapes known; shape
 * inference reports it on the node, and the graph cannot train until it is replaced. Only an
 * import makes one.
 */
export const opaque = defineLayerKind({
  type: 'Opaque',
  label: 'Imported layer',
  category: 'core',
  placeable: false,
  doc: {
    summary: 'A layer from an imported model that the studio cannot run: replace it with a layer the palette offers.',
    keras: 'https://keras.io/api/layers/',
  },
  params: {},
  arity: { min: 0, max: Infinity },
  // Reached only for a node that lost the file's description (`LayerNode.opaque`): inference
  // reads a described node's shape from the description itself.
  inferShape: () => fail(`This imported layer no longer says what it was; ${OPAQUE_CONSEQUENCE}`),
  paramCount: () => 0,
  flops: noMultiplyAdds,
  build: () => {
    throw new Error('An opaque layer cannot be built; inference refuses any graph that holds one.');
  },
  toKeras: () => {
    throw new Error('An opaque layer has no Keras twin; inference refuses any graph that holds one.');
  },
});
