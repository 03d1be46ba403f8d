import type { ExportFormat } from '../../../model/exportFormats';
import type { ExportWriter } from './exportWriter';
import { keras } from './keras';
import { onnx } from './onnx';
import { pytorch } from './pytorch';
import { tfjs } from './tfjs';
import { webapp } from './webapp';

/**
 * The writer of every export format, by the id of its entry in src/model/exportFormats.ts (which
 * holds its label and help for the UI): the type asks for one writer per entry, each under its own
 * id. Adding one means adding it here; nothing registers itself on import (see ../README.md).
 */
export const exportWriters: { readonly [F in ExportFormat]: ExportWriter<F> } = { tfjs, onnx, keras, pytorch, webapp };
