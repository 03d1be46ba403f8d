/**
 * The exported web app's page: plain DOM, no framework. A table model gets a form of its input
 * columns (with paste-a-row) and a CSV drop that returns a predictions CSV; an image model an
 * image drop and a drawing pad; a text model a text box. Results show each class's probability or
 * the predicted value. Every failure is a sentence in the status line; the inputs stay as typed.
 */
import { monitorMarkdown } from '../data/monitor/markdown';
import type { MonitorReport } from '../data/monitor/report';
import type { ModelMetadata } from '../engine/export/metadata';
import { BRUSH, INKS, PAD_SIZE, type Ink } from '../model/drawingPad';
import { formatMetric, formatValue } from '../model/format';
import type { Prediction } from '../model/prediction';
import { readRowsToPredict } from '../data/predictionTable';
import { load, type Predictor, type PredictorInput } from './predictor';

type Child = Node | string;

/** An element with attributes (`on…` functions become listeners) and children. */
function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | ((event: Event) => void)> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value);
  }
  element.append(...children);
  return element;
}

/** Fills `root` with the app for the model exported to `base`. */
export async function mountApp(root: HTMLElement, base: string): Promise<void> {
  const status = h('p', { role: 'status', class: 'status' }, 'Loading the model…');
  root.append(status);
  let predictor: Predictor;
  try {
    predictor = await load(base);
  } catch (error) {
    status.textContent = `The model could not be loaded: ${messageOf(error)}`;
    status.classList.add('error');
    return;
  }
  const { metadata } = predictor;
  const result = h('section', { class: 'result', 'aria-live': 'polite', 'aria-label': 'Prediction' });
  /** Runs a prediction, showing it or why it failed; the inputs are left as they are. */
  const predict = async (input: PredictorInput) => {
    status.textContent = 'Predicting…';
    status.classList.remove('error');
    try {
      showPrediction(result, await predictor.predict(input));
      status.textContent = 'Ready.';
    } catch (error) {
      result.replaceChildren();
      status.textContent = messageOf(error);
      status.classList.add('error');
    }
  };
  const inputs =
    metadata.inputKind === 'image'
      ? imageInputs(predict)
      : metadata.inputKind === 'text'
        ? textInput(metadata, predict)
        : tableInputs(metadata, predict, predictor, status);
  status.textContent = 'Ready.';
  root.append(h('div', { class: 'columns' }, inputs, result), about(metadata));
}

function showPrediction(result: HTMLElement, prediction: Prediction): void {
  result.replaceChildren(
    ...(prediction.label === undefined
      ? []
      : [h('p', {}, 'Predicted class: ', h('strong', { 'data-testid': 'predicted-label' }, prediction.label))]),
    ...(prediction.value === undefined
      ? []
      : [
          h(
            'p',
            {},
            'Predicted value: ',
            h(
              'strong',
              { 'data-testid': 'predicted-value', 'data-value': String(prediction.value) },
              formatMetric(prediction.value),
            ),
          ),
        ]),
    ...(prediction.probabilities ?? []).map(({ label, p }) =>
      h(
        'div',
        { class: 'probability' },
        h('span', {}, label),
        h('meter', { min: '0', max: '1', value: String(p), 'aria-label': `probability of ${label}` }),
        h('span', {}, `${formatValue(p * 100)} %`),
      ),
    ),
  );
}

function tableInputs(
  metadata: ModelMetadata,
  predict: (input: PredictorInput) => Promise<void>,
  predictor: Predictor,
  status: HTMLElement,
): HTMLElement {
  const fields = metadata.pipeline.features.map((feature) => {
    const id = `column-${feature.name}`;
    const options = feature.kind === 'oneHot' || feature.kind === 'ordinal' ? feature.categories : [];
    const input = h('input', {
      id,
      name: feature.name,
      autocomplete: 'off',
      ...(options.length > 0 && { list: `${id}-values` }),
    });
    return {
      name: feature.name,
      input,
      element: h(
        'div',
        { class: 'field' },
        h('label', { for: id }, feature.name),
        input,
        ...(options.length > 0
          ? [h('datalist', { id: `${id}-values` }, ...options.map((value) => h('option', { value })))]
          : []),
      ),
    };
  });
  const form = h(
    'form',
    {
      'aria-label': 'One row',
      onsubmit: (event) => {
        event.preventDefault();
        void predict(Object.fromEntries(fields.map(({ name, input }) => [name, input.value])));
      },
    },
    ...fields.map((field) => field.element),
    h('button', { type: 'submit' }, 'Predict'),
  );

  const pasted = h('textarea', { id: 'paste-row', rows: '2' });
  const paste = h(
    'div',
    { class: 'field' },
    h('label', { for: 'paste-row' }, 'Paste a row (CSV, or cells copied from a spreadsheet)'),
    pasted,
    h(
      'button',
      {
        type: 'button',
        onclick: () => {
          const names = fields.map((field) => field.name);
          const read = readRowsToPredict(pasted.value, names, names);
          if (!read.ok) {
            status.textContent = read.error;
            status.classList.add('error');
            return;
          }
          const { header, rows } = read.value;
          fields.forEach(({ name, input }) => (input.value = rows[0]![header.indexOf(name)] ?? ''));
          form.requestSubmit();
        },
      },
      'Fill the form and predict',
    ),
  );
  return h('section', { class: 'inputs', 'aria-label': 'Inputs' }, form, paste, csvDrop(predictor, status));
}

/**
 * A CSV file in, its rows predicted, a predictions CSV to download; and, when the person asks and
 * metadata.json profiles the training data, the file's drift against it, all in this browser.
 */
function csvDrop(predictor: Predictor, status: HTMLElement): HTMLElement {
  const summary = h('p', { 'aria-live': 'polite' });
  const drift = h('section', { class: 'drift', 'aria-label': 'Drift report', 'aria-live': 'polite' });
  const checkDrift = h('input', { type: 'checkbox', id: 'check-drift' });
  const predictFile = async (file: File) => {
    status.textContent = `Predicting ${file.name}…`;
    status.classList.remove('error');
    drift.replaceChildren();
    try {
      const text = await file.text();
      const table = await predictor.predictCsv(text);
      const url = URL.createObjectURL(new Blob([table.csv], { type: 'text/csv' }));
      const name = `${file.name.replace(/\.[^.]*$/, '')}-predictions.csv`;
      summary.replaceChildren(
        `${table.rowCount} rows predicted${table.failedRows > 0 ? `; ${table.failedRows} could not be read (the error column says why)` : ''}. `,
        h('a', { href: url, download: name }, 'Download predictions (CSV)'),
      );
      if (checkDrift.checked) showDrift(drift, await predictor.driftReport(text), file.name);
      status.textContent = 'Ready.';
    } catch (error) {
      status.textContent = messageOf(error);
      status.classList.add('error');
    }
  };
  const optIn = predictor.metadata.reference
    ? [
        h(
          'p',
          {},
          checkDrift,
          h('label', { for: 'check-drift' }, ' Also check the file for drift against the training data'),
        ),
      ]
    : [];
  return h(
    'div',
    { class: 'field' },
    dropZone(
      'Predict a CSV file (with a header row): drop it here or choose it',
      '.csv,.tsv,.txt,text/csv',
      predictFile,
    ),
    ...optIn,
    summary,
    drift,
  );
}

/** Each column's drift in a sentence, the predictions' too, and the report as Markdown to download. */
function showDrift(section: HTMLElement, report: MonitorReport, fileName: string): void {
  const markdown = URL.createObjectURL(new Blob([monitorMarkdown(report, fileName)], { type: 'text/markdown' }));
  section.replaceChildren(
    h('h2', {}, 'Drift report'),
    h(
      'ul',
      {},
      ...report.columns.map((column) => h('li', { 'data-level': column.level }, column.sentence)),
      h('li', { 'data-level': report.predictions.level }, report.predictions.sentence),
    ),
    h(
      'a',
      { href: markdown, download: `${fileName.replace(/\.[^.]*$/, '')}-drift.md` },
      'Download drift report (Markdown)',
    ),
  );
}

function imageInputs(predict: (input: PredictorInput) => Promise<void>): HTMLElement {
  return h(
    'section',
    { class: 'inputs', 'aria-label': 'Inputs' },
    dropZone('An image: drop it here or choose it', 'image/png,image/jpeg,image/gif,image/bmp,image/webp', predict),
    drawingPad(predict),
  );
}

function textInput(metadata: ModelMetadata, predict: (input: PredictorInput) => Promise<void>): HTMLElement {
  const text = h('textarea', { id: 'text', rows: '5' });
  const name = metadata.pipeline.features[0]?.name ?? 'text';
  return h(
    'section',
    { class: 'inputs', 'aria-label': 'Inputs' },
    h(
      'form',
      {
        'aria-label': 'Text',
        onsubmit: (event) => {
          event.preventDefault();
          void predict(text.value);
        },
      },
      h('div', { class: 'field' }, h('label', { for: 'text' }, name), text),
      h('button', { type: 'submit' }, 'Predict'),
    ),
  );
}

let dropZones = 0;

/** A file input that also takes a drop. */
function dropZone(label: string, accept: string, onFile: (file: File) => Promise<void>): HTMLElement {
  const id = `file-${dropZones++}`;
  const input = h('input', {
    id,
    type: 'file',
    accept,
    onchange: () => {
      const file = input.files?.[0];
      input.value = '';
      if (file) void onFile(file);
    },
  });
  return h(
    'div',
    {
      class: 'drop',
      ondragover: (event) => event.preventDefault(),
      ondrop: (event) => {
        event.preventDefault();
        const file = (event as DragEvent).dataTransfer?.files[0];
        if (file) void onFile(file);
      },
    },
    h('label', { for: id }, label),
    input,
  );
}

function drawingPad(predict: (input: PredictorInput) => Promise<void>): HTMLElement {
  const pad = h('canvas', {
    width: String(PAD_SIZE),
    height: String(PAD_SIZE),
    class: 'pad',
    'aria-label': 'Drawing pad: draw with the mouse, a pen or a finger',
  });
  const context = pad.getContext('2d')!;
  const ink = h(
    'select',
    { 'aria-label': 'Ink', onchange: () => clear() },
    ...Object.entries(INKS).map(([value, { label }]) => h('option', { value }, label)),
  );
  const colours = () => INKS[ink.value as Ink];
  const clear = () => {
    context.fillStyle = colours().paper;
    context.fillRect(0, 0, PAD_SIZE, PAD_SIZE);
  };
  clear();
  let last: { x: number; y: number } | null = null;
  const strokeTo = (event: PointerEvent) => {
    const box = pad.getBoundingClientRect();
    const point = {
      x: ((event.clientX - box.left) / box.width) * PAD_SIZE,
      y: ((event.clientY - box.top) / box.height) * PAD_SIZE,
    };
    const from = last ?? point;
    Object.assign(context, { strokeStyle: colours().ink, lineWidth: BRUSH, lineCap: 'round' });
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(point.x + (from === point ? 0.01 : 0), point.y);
    context.stroke();
    last = point;
  };
  pad.addEventListener('pointerdown', (event) => {
    pad.setPointerCapture(event.pointerId);
    last = null;
    strokeTo(event);
  });
  pad.addEventListener('pointermove', (event) => last && strokeTo(event));
  pad.addEventListener('pointerup', () => (last = null));
  return h(
    'div',
    { class: 'field' },
    h('span', {}, '…or draw one'),
    pad,
    h(
      'div',
      { class: 'row' },
      ink,
      h('button', { type: 'button', onclick: clear }, 'Clear'),
      h('button', { type: 'button', onclick: () => void predict(pad) }, 'Predict the drawing'),
    ),
  );
}

function about(metadata: ModelMetadata): HTMLElement {
  const { test } = metadata.metrics;
  const measured =
    test.value.value === null ? `not measured (${test.value.undefinedBecause})` : formatMetric(test.value.value);
  return h(
    'footer',
    {},
    `Predicts "${metadata.pipeline.target.name}" (${metadata.task}). Test ${test.name}: ${measured}. ` +
      `Trained in Tensorloom ${metadata.appVersion}; runs in this page with TensorFlow.js ${metadata.tfjsVersion}, offline.`,
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
