import { useEffect, useRef } from 'react';
import type { ClassThumbnails, DatasetMeta, ImageChannels, ImageImportReport } from '../../data/schema';
import { formatCount } from '../common/format';
import { DataReport } from './DataReport';
import { SplitSettings } from './SplitSettings';

/** An image data set on the Data view: per class its count and first images, the size, and what was skipped. */
export function ImageDatasetDetails({ meta }: { meta: DatasetMeta }) {
  const report = meta.images;
  if (!report) return null;
  const { width, height, channels, thumbnails } = report;
  return (
    <>
      <header className="dataset-header">
        <h2 data-testid="dataset-name">{meta.name}</h2>
        <span className="pill" data-testid="row-count">
          {formatCount(meta.rowCount)} images
        </span>
        <span className="pill" data-testid="class-total">
          {thumbnails.length} classes
        </span>
        <span className="pill" data-testid="image-shape">
          {width}×{height} {channels === 1 ? 'grayscale' : 'RGB'}
        </span>
      </header>
      <p className="task-line" data-testid="image-sizes-note">
        {sizesNote(report)} Target: <strong>label</strong>, the folder each image was in.
      </p>
      {meta.readingNotes?.map((note) => (
        <p className="hint" key={note} data-testid="reading-note">
          {note}
        </p>
      ))}
      <SplitSettings meta={meta} />
      <DataReport meta={meta} />
      <h3>Classes</h3>
      <ImageGroups report={report} />
      <SkippedFiles report={report} />
    </>
  );
}

/**
 * The images of a table whose CSV named image files: their size, a few of them per group (by the
 * label, when the CSV has one), and the rows left out for want of an image.
 */
export function TableImages({ report }: { report: ImageImportReport }) {
  return (
    <section data-testid="table-images">
      <h3>Images</h3>
      <p className="task-line" data-testid="image-sizes-note">
        {sizesNote(report)}
      </p>
      <ImageGroups report={report} />
      <SkippedFiles report={report} unit="row" />
    </section>
  );
}

function ImageGroups({ report: { thumbnails, width, height, channels } }: { report: ImageImportReport }) {
  return (
    <ul className="image-classes">
      {thumbnails.map((sample) => (
        <ClassCard key={sample.label} sample={sample} width={width} height={height} channels={channels} />
      ))}
    </ul>
  );
}

function sizesNote({ sourceSizes, sourceSizeCount, width, height }: ImageImportReport): string {
  const target = `${width}×${height}`;
  const [only] = sourceSizes;
  if (sourceSizeCount === 1 && only) {
    return only.width === width && only.height === height
      ? `Every image was ${target}, as stored.`
      : `Every image was ${only.width}×${only.height}; all were resized to ${target}.`;
  }
  const listed = sourceSizes.map((s) => `${s.width}×${s.height} (${formatCount(s.count)})`).join(', ');
  const more = sourceSizeCount > sourceSizes.length ? ', …' : '';
  return `The images came in ${sourceSizeCount} sizes (${listed}${more}); all were resized (stretched) to ${target}.`;
}

function ClassCard({
  sample,
  width,
  height,
  channels,
}: {
  sample: ClassThumbnails;
  width: number;
  height: number;
  channels: ImageChannels;
}) {
  const bytesPerImage = width * height * channels;
  const images = Array.from({ length: sample.pixels.length / bytesPerImage }, (_, i) =>
    sample.pixels.subarray(i * bytesPerImage, (i + 1) * bytesPerImage),
  );
  return (
    <li className="image-class" data-testid="image-class" data-label={sample.label}>
      <div className="image-class-title">
        <strong>{sample.label}</strong> <span data-testid="class-count">{formatCount(sample.count)}</span>
      </div>
      <div className="thumbnails">
        {images.map((pixels, i) => (
          <Thumbnail
            key={i}
            pixels={pixels}
            width={width}
            height={height}
            channels={channels}
            name={`${sample.label} — image ${i + 1} of ${formatCount(sample.count)}`}
          />
        ))}
      </div>
    </li>
  );
}

/**
 * Draws stored pixels (grayscale or RGB, HWC) as they are, scaled up by CSS without smoothing.
 * `name` is what a screen reader says in place of the picture ("cat — image 3 of 40").
 */
function Thumbnail({
  pixels,
  width,
  height,
  channels,
  name,
}: {
  pixels: Uint8Array;
  width: number;
  height: number;
  channels: ImageChannels;
  name: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    const image = context.createImageData(width, height);
    for (let p = 0; p < width * height; p++) {
      for (let c = 0; c < 3; c++) image.data[4 * p + c] = pixels[channels === 1 ? p : 3 * p + c]!;
      image.data[4 * p + 3] = 255;
    }
    context.putImageData(image, 0, 0);
  }, [pixels, width, height, channels]);
  return (
    <canvas
      ref={canvas}
      className="thumbnail"
      data-testid="thumbnail"
      role="img"
      aria-label={name}
      width={width}
      height={height}
    />
  );
}

/** Files skipped by an import of class folders; rows left out by an import of a CSV naming images. */
function SkippedFiles({ report, unit = 'file' }: { report: ImageImportReport; unit?: 'file' | 'row' }) {
  const { skipped, skippedCount } = report;
  if (skippedCount === 0) return null;
  return (
    <section data-testid="skipped-files">
      <h3>
        {formatCount(skippedCount)} {skippedCount === 1 ? `${unit} was` : `${unit}s were`}{' '}
        {unit === 'row' ? 'left out: no image could be read for them' : 'skipped'}
      </h3>
      <ul className="skipped-files">
        {skipped.map((file, i) => (
          <li key={i} data-testid="skipped-file">
            <code>{file.path}</code> — {file.reason}
          </li>
        ))}
      </ul>
      {skippedCount > skipped.length && <p className="hint">…and {formatCount(skippedCount - skipped.length)} more.</p>}
    </section>
  );
}
