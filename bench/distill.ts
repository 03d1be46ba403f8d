/**
 * Knowledge distillation on the digits sample, through the studio's own training session in Node
 * (tfjs's cpu backend): the CNN template trained as the teacher, then the proposed student (the
 * same layers, narrowed to at most a quarter of the parameters) distilled from it with the
 * studio's default α and temperature, trained as the studio trains it (studentTraining); on each
 * of SEEDS, which the accuracies are averaged over, since one split's validation rows are few
 * enough for a seed to move the student's share by a point or two. The images are read from public/samples/digits.zip and
 * imported as the app imports them (8×8 grayscale), the PNGs decoded here since Node has no
 * canvas. Its `result` is the JSON line bench/distill.mjs prints.
 */
import { readFile } from 'node:fs/promises';
import { inflateSync } from 'node:zlib';
import * as tf from '@tensorflow/tfjs';
import { unzipSync } from 'fflate';
import { createColumnAssembler } from '../src/data/chunks';
import { importImageFiles } from '../src/data/import/images';
import { dataContextFromMeta } from '../src/data/preprocess';
import { DEFAULT_DATA_CONFIG, type ChunkColumns, type DataConfig, type StoredDataset } from '../src/data/schema';
import { createTrainingSession } from '../src/engine/session/trainingSession';
import { DEFAULT_DISTILL_SETTINGS, studentTraining, type Distillation } from '../src/model/distillation';
import type { Result } from '../src/model/result';
import { DEFAULT_TRAINING } from '../src/model/project';
import type { TrainEvent, TrainRequest } from '../src/model/run';
import { proposeStudent } from '../src/model/student';
import { TEMPLATES } from '../src/model/templates';

const EPOCHS = Number(process.env.BENCH_DISTILL_EPOCHS ?? 30);

/** An 8-bit grayscale, non-interlaced PNG (what the digits sample holds) as RGBA; anything else is refused. */
async function decodePng(bytes: Uint8Array, _format: unknown, size: number): Promise<Result<Uint8ClampedArray>> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  if (bytes[24] !== 8 || bytes[25] !== 0 || bytes[28] !== 0 || width !== size || height !== size)
    return { ok: false, error: 'not an 8-bit grayscale PNG of the imported size' };
  const idat: Uint8Array[] = [];
  for (let at = 8; at < bytes.length;) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (type === 'IDAT') idat.push(bytes.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const rgba = new Uint8ClampedArray(width * height * 4);
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (width + 1)]!;
    for (let x = 0; x < width; x++) {
      const left = x > 0 ? pixels[y * width + x - 1]! : 0;
      const up = y > 0 ? pixels[(y - 1) * width + x]! : 0;
      const upLeft = x > 0 && y > 0 ? pixels[(y - 1) * width + x - 1]! : 0;
      const paeth = () => {
        const p = left + up - upLeft;
        const [a, b, c] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        return a <= b && a <= c ? left : b <= c ? up : upLeft;
      };
      const predictor = [0, left, up, (left + up) >> 1, paeth()][filter]!;
      pixels[y * width + x] = (raw[y * (width + 1) + 1 + x]! + predictor) & 0xff;
    }
  }
  pixels.forEach((grey, i) => rgba.set([grey, grey, grey, 255], i * 4));
  return { ok: true, value: rgba };
}

async function digitsDataset(): Promise<StoredDataset> {
  const zip = await readFile(new URL('../public/samples/digits.zip', import.meta.url));
  const entries = unzipSync(new Uint8Array(zip));
  const files = Object.entries(entries).map(([path, bytes]) => ({
    path,
    read: async () => ({ ok: true as const, value: bytes }),
  }));
  const chunks: ChunkColumns[] = [];
  const imported = await importImageFiles(files, {
    origin: { id: 'sample:digits', name: 'digits.zip', source: 'sample', bytes: zip.byteLength, createdAt: 0 },
    container: 'zip',
    settings: { size: 8, color: 'grayscale' },
    decode: decodePng,
    writeChunk: async (index, chunk) => {
      chunks[index] = chunk;
      return { ok: true, value: undefined };
    },
  });
  if (!imported.ok) throw new Error(imported.error);
  const { meta, layout } = imported.value;
  const assembler = createColumnAssembler(layout, meta.rowCount);
  chunks.forEach((chunk, index) => assembler.add(index, chunk));
  return { meta, columns: assembler.columns() };
}

async function train(session: ReturnType<typeof createTrainingSession>, request: TrainRequest) {
  let last: TrainEvent | undefined;
  await session.train(request, { postMessage: (event) => (last = event), close: () => {} });
  if (last?.type !== 'train/done') throw new Error(last?.type === 'train/error' ? last.message : 'the run did not end');
  return last;
}

/** The seeds the bench averages over: each seeds the split, both models' initial weights and shuffles. */
const SEEDS = [42, 7, 1];

async function benchDistill() {
  await tf.setBackend('cpu');
  const digits = await digitsDataset();
  const context = dataContextFromMeta(digits.meta, { columns: [], target: 'label' });
  if (!context.ok) throw new Error(context.error);
  const session = createTrainingSession({
    decodeImage: decodePng,
    getDataset: async (id) => (id === digits.meta.id ? digits : undefined),
    checkpointEveryMs: Number.POSITIVE_INFINITY,
  });
  const teacher = TEMPLATES.find((template) => template.id === 'cnn')!.build(context.value);
  const student = proposeStudent(teacher, context.value);
  if (!student) throw new Error('the CNN template cannot train on the digits');
  const settings = { ...DEFAULT_TRAINING, epochs: EPOCHS, backend: 'cpu' as const };
  const startedAt = performance.now();
  const accuracy = (figures: Distillation['teacher']) => figures.metrics.validation?.value.value ?? Number.NaN;
  const seeds = [];
  let distillation: Distillation | undefined;
  for (const seed of SEEDS) {
    const data: DataConfig = { ...DEFAULT_DATA_CONFIG, datasetId: digits.meta.id, target: 'label', seed };
    await train(session, { runId: `teacher-${seed}`, graph: teacher, data, settings });
    const done = await train(session, {
      runId: `student-${seed}`,
      graph: student.graph,
      data,
      settings: studentTraining(settings),
      distill: DEFAULT_DISTILL_SETTINGS,
    });
    distillation = done.distillation as Distillation;
    const [teacherAcc, studentAcc] = [accuracy(distillation.teacher), accuracy(distillation.student)];
    seeds.push({ seed, teacherAcc, studentAcc, kept: round(studentAcc / teacherAcc) });
  }
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const teacherAcc = mean(seeds.map((run) => run.teacherAcc));
  const studentAcc = mean(seeds.map((run) => run.studentAcc));
  return {
    bench: 'distill',
    dataset: 'digits',
    teacherParams: distillation!.teacher.measures.params,
    studentParams: distillation!.student.measures.params,
    teacherAcc: round(teacherAcc),
    studentAcc: round(studentAcc),
    kept: round(studentAcc / teacherAcc),
    leastKept: Math.min(...seeds.map((run) => run.kept)),
    seeds,
    alpha: distillation!.settings.alpha,
    temperature: distillation!.settings.temperature,
    epochs: EPOCHS,
    seconds: Math.round((performance.now() - startedAt) / 1000),
  };
}

const round = (value: number) => Math.round(value * 10_000) / 10_000;

// Training yields through an unref'd MessageChannel (engine/train.ts), which alone would let Node exit mid-run.
const keepAlive = setInterval(() => {}, 1000);
export const result = await benchDistill().finally(() => clearInterval(keepAlive));
