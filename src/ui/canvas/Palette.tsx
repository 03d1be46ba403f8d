import { useState } from 'react';
import { layerKinds } from '../../model/layers';
import type { LayerCategory, LayerKind } from '../../model/layers/layerKind';

export const LAYER_DRAG_TYPE = 'application/x-tensorloom-layer';

const CATEGORY_LABELS: Record<LayerCategory, string> = {
  io: 'Input & output',
  core: 'Core',
  regularization: 'Regularisation',
  normalization: 'Normalisation',
  reshape: 'Reshaping',
  convolution: 'Convolution',
  pooling: 'Pooling',
  embedding: 'Embedding',
  recurrent: 'Recurrent',
  attention: 'Attention',
  merge: 'Merging',
};

/** Every word typed must appear in the kind's name, category or summary ("conv 2d", "pool"). */
function matches(kind: LayerKind, query: string): boolean {
  const text = `${kind.label} ${kind.type} ${CATEGORY_LABELS[kind.category]} ${kind.doc.summary}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .every((word) => text.includes(word));
}

/** Layer kinds grouped by category; drag one onto the canvas, or click to add it. */
export function Palette({ onAdd }: { onAdd: (type: string) => void }) {
  const [query, setQuery] = useState('');
  const shown = layerKinds.filter((kind) => kind.placeable !== false && matches(kind, query));
  const categories = [...new Set(shown.map((k) => k.category))];
  return (
    <aside className="palette" aria-label="Layer palette">
      <h2>Layers</h2>
      <input
        type="search"
        className="palette-search"
        placeholder="Search layers…"
        aria-label="Search layers"
        data-testid="palette-search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      {shown.length === 0 && <p className="hint">No layer matches “{query}”.</p>}
      {categories.map((category) => (
        <section key={category}>
          <h3>{CATEGORY_LABELS[category]}</h3>
          {shown
            .filter((k) => k.category === category)
            .map((kind) => (
              <button
                key={kind.type}
                type="button"
                className={`palette-item category-${kind.category}`}
                data-testid={`palette-${kind.type}`}
                draggable
                title={kind.doc.summary}
                onDragStart={(event) => {
                  event.dataTransfer.setData(LAYER_DRAG_TYPE, kind.type);
                  event.dataTransfer.effectAllowed = 'copy';
                }}
                onClick={() => onAdd(kind.type)}
              >
                <span className="palette-item-label">{kind.label}</span>
                <span className="palette-item-doc">{kind.doc.summary}</span>
              </button>
            ))}
        </section>
      ))}
      <p className="hint">Drag a layer onto the canvas, then connect its handles. Delete removes the selection.</p>
    </aside>
  );
}
