/**
 * A laid-out figure (model/card/confusionFigure.ts) drawn onto an OffscreenCanvas and encoded as
 * PNG: the confusion matrix beside the Markdown model card. Runs in the training worker; where
 * there is no OffscreenCanvas (Node), there is no PNG.
 */
import type { Figure } from '../../model/card/confusionFigure';

/** Drawn at twice the layout's size, so the image stays sharp on high-density screens. */
const SCALE = 2;

export function canDrawPng(): boolean {
  return typeof OffscreenCanvas !== 'undefined';
}

export async function figurePng(figure: Figure): Promise<Uint8Array> {
  const canvas = new OffscreenCanvas(figure.width * SCALE, figure.height * SCALE);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw on an OffscreenCanvas.');
  ctx.scale(SCALE, SCALE);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, figure.width, figure.height);
  for (const rect of figure.rects) {
    ctx.fillStyle = rect.fill;
    ctx.fillRect(rect.x, rect.y, rect.width, rect.height);
  }
  ctx.textBaseline = 'middle';
  for (const text of figure.texts) {
    ctx.save();
    ctx.font = `${text.size}px system-ui, sans-serif`;
    ctx.fillStyle = text.fill;
    ctx.textAlign = text.anchor === 'middle' ? 'center' : text.anchor;
    ctx.translate(text.x, text.y);
    if (text.vertical) ctx.rotate(-Math.PI / 2);
    ctx.fillText(text.text, 0, 0);
    ctx.restore();
  }
  const blob = await canvas.convertToBlob({ type: 'image/png' });
  return new Uint8Array(await blob.arrayBuffer());
}
