/** ONNX: one model.onnx (opset 17) that onnxruntime runs in any language, written from the model's own layers. */
import { inputCode, OUTPUT } from '../readme';
import type { ExportWriter } from './exportWriter';

export const onnx: ExportWriter<'onnx'> = {
  format: 'onnx',
  // Loaded on first use: the protobuf code stays out of the worker until someone exports ONNX.
  unsupported: async (model) => (await (await import('../onnx/toOnnx')).convertToOnnx(model)).unsupported,
  write: async ({ model }) => {
    const { toOnnx } = await import('../onnx/toOnnx');
    const bytes = await toOnnx(model);
    if (!bytes.ok) return bytes;
    // The file computes what the model does (to 1e-4, checked in the tests): its metric is the model's.
    return {
      ok: true,
      value: [{ name: 'model.onnx', bytes: bytes.value, holds: 'the network, ONNX opset 17 (onnxruntime), float32' }],
    };
  },
  usage: (pipeline) => `With onnxruntime-web (npm install onnxruntime-web), in a page or Node:

  import * as ort from 'onnxruntime-web';
  const metadata = await (await fetch('metadata.json')).json();
  const session = await ort.InferenceSession.create('model.onnx');
${inputCode(pipeline)}  const input = new ort.Tensor('float32', Float32Array.from(features), [1, ...metadata.pipeline.inputShape]);
  const scores = (await session.run({ [session.inputNames[0]]: input }))[session.outputNames[0]].data;
  // ${OUTPUT[pipeline.target.task]}

In Python: onnxruntime.InferenceSession('model.onnx').run(None, {name: x.astype('float32')}), x encoded as above.
`,
};
