/**
 * Knowledge distillation's loss (Hinton, Vinyals and Dean, "Distilling the knowledge in a neural network", 2015):
 * a student learns from the labels and from a trained teacher's outputs at once. For classification,
 *   α · CE(labels, student) + (1 − α) · T² · KL(soften(teacher, T) ‖ soften(student, T)),
 * where soften(p, T) = softmax(log p / T) spreads the probabilities so the student also learns how the teacher
 * ranks the wrong classes, and T² keeps that term's gradients on the labels' scale. A binary output p is read as
 * the two classes [1 − p, p]. For regression, α · MSE(labels, student) + (1 − α) · MSE(teacher, student).
 * The models' outputs are probabilities, not logits: log p is a logit up to a per-example constant, which the
 * softmax ignores, so the student's graph stays as it is.
 */
import * as tf from '@tensorflow/tfjs';
import type { DistillSettings } from '../model/distillation';
import type { Task } from '../model/task';

/** Probabilities are clipped to this before a log, as Keras's cross-entropy does. */
const EPSILON = 1e-7;

/** The targets a distilling step takes: the labels as the task's loss takes them, then the teacher's outputs, on the last axis. */
export function distillationTargets(labels: tf.Tensor, teacherOutputs: tf.Tensor): tf.Tensor {
  return tf.concat([labels.toFloat(), teacherOutputs], -1);
}

/** The labels part of `distillationTargets`' targets, for the metric, which compares with the labels only. */
export function labelsOf(targets: tf.Tensor): tf.Tensor {
  const width = targets.shape.at(-1)! / 2;
  return targets.slice([0, 0], [-1, width]);
}

/** Per-example distillation loss of the student's outputs against `distillationTargets`' targets. */
export function distillationLoss(
  task: Task,
  { alpha, temperature }: DistillSettings,
): (targets: tf.Tensor, studentOutputs: tf.Tensor) => tf.Tensor {
  return (targets, student) =>
    tf.tidy(() => {
      const width = student.shape.at(-1)!;
      const labels = targets.slice([0, 0], [-1, width]);
      const teacher = targets.slice([0, width], [-1, width]);
      if (task === 'regression') {
        return tf.add(
          tf.mul(alpha, tf.metrics.meanSquaredError(labels, student)),
          tf.mul(1 - alpha, tf.metrics.meanSquaredError(teacher, student)),
        );
      }
      const asClasses = (p: tf.Tensor) => (task === 'binary' ? tf.concat([tf.sub(1, p), p], -1) : p);
      const logOf = (p: tf.Tensor) => tf.log(tf.clipByValue(asClasses(p), EPSILON, 1));
      const hard = tf.neg(tf.sum(tf.mul(asClasses(labels), logOf(student)), -1));
      const softTeacher = tf.softmax(tf.div(logOf(teacher), temperature));
      const logSoftStudent = tf.logSoftmax(tf.div(logOf(student), temperature));
      const logSoftTeacher = tf.logSoftmax(tf.div(logOf(teacher), temperature));
      const kl = tf.sum(tf.mul(softTeacher, tf.sub(logSoftTeacher, logSoftStudent)), -1);
      return tf.add(tf.mul(alpha, hard), tf.mul((1 - alpha) * temperature * temperature, kl));
    });
}

/** Rows per `predict` call: large enough to be cheap, small enough to bound the memory of one call. */
const PREDICT_CHUNK = 1024;

/**
 * The teacher's outputs on every example, row-major (count × its output width): computed once,
 * before the student trains, so a step costs no teacher forward pass. Leaves no tensors behind.
 */
export async function teacherOutputs(
  teacher: tf.LayersModel,
  examples: { readonly x: Float32Array; readonly count: number },
  inputShape: readonly number[],
): Promise<Float32Array> {
  const size = inputShape.reduce((a, b) => a * b, 1);
  const chunks: Float32Array[] = [];
  for (let start = 0; start < examples.count; start += PREDICT_CHUNK) {
    const count = Math.min(PREDICT_CHUNK, examples.count - start);
    const outputs = tf.tidy(() => {
      const x = tf.tensor(examples.x.subarray(start * size, (start + count) * size), [count, ...inputShape]);
      return teacher.predict(x) as tf.Tensor;
    });
    try {
      chunks.push((await outputs.data()) as Float32Array);
    } finally {
      outputs.dispose();
    }
  }
  const all = new Float32Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return all;
}
