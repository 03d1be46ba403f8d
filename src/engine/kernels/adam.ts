/**
 * Adam's update of a weight as one kernel where a backend has it (wasm, through
 * assembly/adam.ts). tfjs's AdamOptimizer runs about a dozen elementwise kernels per weight per
 * step, each a pass over the weight and a dispatch: for a Transformer block's ~20 small weights
 * that was over a third of the step's kernels, and for the MLP's 784 × 256 kernel a dozen passes
 * over 200,000 floats. The fused kernel computes the same operations in the same order, each
 * rounded to float32 as tfjs's kernels round it, so a run gives the same weights bit for bit.
 */
import * as tf from '@tensorflow/tfjs';
import { addressOf, heapOf, simdKernels, type WasmBackend } from './wasmModule';

/** The kernel's name: inputs {value, gradient, firstMoment, secondMoment, oneMinusAccBeta1, oneMinusAccBeta2}; outputs [value, firstMoment, secondMoment]. */
export const ADAM_UPDATE = 'TensorloomAdamUpdate';

interface AdamAttrs {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly learningRate: number;
}

export const adamUpdateKernel: tf.KernelFunc = ({ inputs, backend: untyped, attrs }) => {
  const { value, gradient, firstMoment, secondMoment, oneMinusAccBeta1, oneMinusAccBeta2 } = inputs as Record<
    string,
    tf.TensorInfo
  >;
  const { beta1, beta2, epsilon, learningRate } = attrs as unknown as AdamAttrs;
  const backend = untyped as unknown as WasmBackend;
  const outputs = [value!, firstMoment!, secondMoment!].map((like) => backend.makeOutput(like.shape, 'float32'));
  const scalarOf = (info: tf.TensorInfo) => new Float32Array(heapOf(backend), addressOf(backend, info), 1)[0]!;
  const [at, out] = [[value!, gradient!, firstMoment!, secondMoment!], outputs].map((infos) =>
    infos.map((info) => addressOf(backend, info)),
  );
  // The constants as tfjs's optimiser makes them: `1 - beta` in double precision, every scalar then rounded to float32 (here by the f32 parameters).
  simdKernels().adamUpdate(
    tf.util.sizeFromShape(value!.shape),
    ...(at as [number, number, number, number]),
    ...(out as [number, number, number]),
    beta1,
    1 - beta1,
    beta2,
    1 - beta2,
    scalarOf(oneMinusAccBeta1!),
    scalarOf(oneMinusAccBeta2!),
    epsilon,
    -learningRate,
  );
  return outputs;
};

/** The AdamOptimizer's own slots (private in its typings). */
interface AdamSlots {
  readonly accBeta1: tf.Variable;
  readonly accBeta2: tf.Variable;
  readonly accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  readonly accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
}

/**
 * tfjs's Adam (the same slots, names, configuration and numbers) whose step runs ADAM_UPDATE once
 * per weight on a backend that has the kernel, and tfjs's own step elsewhere.
 */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (!tf.getKernel(ADAM_UPDATE, tf.getBackend())) {
      super.applyGradients(variableGradients);
      return;
    }
    const slots = this as unknown as AdamSlots;
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((v) => v.name)
      : Object.keys(variableGradients);
    // As tfjs's applyGradients, slot for slot: moments made on first use, named after their weight, one per position.
    tf.tidy(() => {
      const oneMinusAccBeta1 = tf.sub(1, slots.accBeta1);
      const oneMinusAccBeta2 = tf.sub(1, slots.accBeta2);
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        slots.accumulatedFirstMoment[i] ??= {
          originalName: `${name}/m`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        slots.accumulatedSecondMoment[i] ??= {
          originalName: `${name}/v`,
          variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
        };
        const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
        if (gradient == null) return;
        const firstMoment = slots.accumulatedFirstMoment[i].variable;
        const secondMoment = slots.accumulatedSecondMoment[i].variable;
        const [newValue, newFirstMoment, newSecondMoment] = tf
          .engine()
          .runKernel(
            ADAM_UPDATE,
            { value, gradient, firstMoment, secondMoment, oneMinusAccBeta1, oneMinusAccBeta2 },
            { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, learningRate: this.learningRate },
          ) as tf.Tensor[];
        firstMoment.assign(newFirstMoment!);
        secondMoment.assign(newSecondMoment!);
        value.assign(newValue!);
      });
      slots.accBeta1.assign(tf.mul(slots.accBeta1, this.beta1));
      slots.accBeta2.assign(tf.mul(slots.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}
