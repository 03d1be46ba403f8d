import { useEffect, useRef, useState, type PointerEvent } from 'react';
import { BRUSH, INKS, PAD_SIZE, type Ink } from '../../model/drawingPad';

/**
 * An image to predict from: a file the person picks, or a drawing on a pad. Either way the bytes go
 * to the training worker, which decodes and resizes them exactly as the import did.
 */
export function ImagePredictInput({ onImage, disabled }: { onImage: (bytes: Uint8Array) => void; disabled: boolean }) {
  const pad = useRef<HTMLCanvasElement>(null);
  /** The stroke's last point; null when no stroke is being drawn. */
  const last = useRef<{ x: number; y: number } | null>(null);
  const [ink, setInk] = useState<Ink>('light');
  const [preview, setPreview] = useState<{ url: string; fileName: string } | null>(null);

  const clear = () => {
    const context = pad.current?.getContext('2d');
    if (!context) return;
    context.fillStyle = INKS[ink].paper;
    context.fillRect(0, 0, PAD_SIZE, PAD_SIZE);
  };
  // A new ink starts a clean pad in its paper colour.
  useEffect(clear, [ink]);
  useEffect(() => () => void (preview && URL.revokeObjectURL(preview.url)), [preview]);

  /** Draws from the last point to the pointer (a dot when the stroke starts), in the pad's own pixels. */
  const strokeTo = (event: PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const point = {
      x: ((event.clientX - box.left) / box.width) * PAD_SIZE,
      y: ((event.clientY - box.top) / box.height) * PAD_SIZE,
    };
    const from = last.current ?? point;
    const context = event.currentTarget.getContext('2d')!;
    Object.assign(context, { strokeStyle: INKS[ink].ink, lineWidth: BRUSH, lineCap: 'round' });
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(point.x + (from === point ? 0.01 : 0), point.y);
    context.stroke();
    last.current = point;
  };

  const predictDrawing = () =>
    pad.current?.toBlob(async (blob) => {
      if (blob) onImage(new Uint8Array(await blob.arrayBuffer()));
    }, 'image/png');

  return (
    <div className="image-predict">
      <div className="field">
        <label htmlFor="predict-image-file">An image file</label>
        <input
          id="predict-image-file"
          type="file"
          accept="image/png,image/jpeg,image/gif,image/bmp,image/webp"
          data-testid="predict-image-file"
          disabled={disabled}
          onChange={async (e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            setPreview({ url: URL.createObjectURL(file), fileName: file.name });
            onImage(new Uint8Array(await file.arrayBuffer()));
          }}
        />
        {preview && (
          <img
            className="predict-preview"
            src={preview.url}
            alt={`The image predicted from, ${preview.fileName}`}
            data-testid="predict-image-preview"
          />
        )}
      </div>
      <div className="field">
        <span>…or draw one</span>
        <canvas
          ref={pad}
          className="draw-pad"
          data-testid="draw-pad"
          width={PAD_SIZE}
          height={PAD_SIZE}
          aria-label="Drawing pad: draw with the mouse, a pen or a finger"
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            last.current = null;
            strokeTo(e);
          }}
          onPointerMove={(e) => last.current && strokeTo(e)}
          onPointerUp={() => (last.current = null)}
        />
        <div className="field inline">
          <select aria-label="Ink" data-testid="draw-ink" value={ink} onChange={(e) => setInk(e.target.value as Ink)}>
            {(Object.keys(INKS) as Ink[]).map((key) => (
              <option key={key} value={key}>
                {INKS[key].label}
              </option>
            ))}
          </select>
          <button type="button" onClick={clear} data-testid="draw-clear">
            Clear
          </button>
          <button type="button" onClick={predictDrawing} disabled={disabled} data-testid="predict-drawing">
            Predict the drawing
          </button>
        </div>
      </div>
    </div>
  );
}
