/**
 * A monitoring batch of images: files picked together, a folder's or a zip's, read as the import
 * reads them (checked, decoded, resized, made grayscale or RGB) to the model's input, each with its
 * class where the folder holding it is named after one of the model's classes. A file that cannot
 * be read is counted and left out, never the end of the batch.
 */
import { formatCount } from '../../model/format';
import type { Result } from '../../model/result';
import type { ImageBatch } from '../monitor/imageReport';
import { sizeName } from '../monitor/profile';
import {
  fromRgba,
  isIgnoredPath,
  noImagesError,
  preparedInOrder,
  prepareImage,
  SkippedList,
  unsafePathReason,
  type ImageDecoder,
  type ImageFile,
} from './imageColumn';
import type { ImageContainer } from './imageImport';
import { labelFiles } from './images';

/** Images checked at most: the model predicts each, and the batch's pixels are held at once. */
export const MAX_BATCH_IMAGES = 10_000;

/** The model's image input: every image is resized to it. */
export interface ImageInput {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/** The files that are not an archive's furniture (folders, dotfiles), less those with unsafe paths, which are skipped. */
function usableFiles(files: readonly ImageFile[], skipped: SkippedList): ImageFile[] {
  return files.filter((file) => {
    // Before the furniture check, which would pass over `../x.png` silently as a dotfile.
    const unsafe = unsafePathReason(file.path);
    if (unsafe) skipped.add({ path: file.path, reason: unsafe });
    return !unsafe && !isIgnoredPath(file.path);
  });
}

/**
 * Each file's class where its folder (as the import would label it) is one of `classes`; none when
 * no folder is. The note names folders that are not classes, whose images count for drift only.
 */
function classesOf(
  paths: readonly string[],
  classes: readonly string[],
  container: ImageContainer,
): { labels?: (string | undefined)[]; note?: string } {
  const labelled = labelFiles(paths, container);
  if (!labelled.ok) return {};
  const known = new Set(classes);
  const labels = new Array<string | undefined>(paths.length).fill(undefined);
  const others = new Set<string>();
  for (const { index, label } of labelled.value.files) {
    if (known.has(label)) labels[index] = label;
    else others.add(label);
  }
  if (!labels.some((label) => label !== undefined)) return {};
  const listed = [...others].slice(0, 5).join(', ') + (others.size > 5 ? ', …' : '');
  return {
    labels,
    ...(others.size > 0 && {
      note: `Folders not named after one of the model's classes (${listed}): their images are checked for drift, not for accuracy.`,
    }),
  };
}

function skippedNote(skipped: SkippedList): string {
  const examples = skipped.listed.slice(0, 3).map((file) => `${file.path}: ${file.reason}`);
  const more = skipped.count > examples.length ? '; …' : '';
  return skipped.count === 1
    ? `1 file could not be read and was left out (${examples.join('; ')}).`
    : `${skipped.count} files could not be read and were left out (${examples.join('; ')}${more}).`;
}

/** The batch's images as `input` takes them, with the classes of those in class folders. */
export async function readImageBatch(
  allFiles: readonly ImageFile[],
  input: ImageInput,
  classes: readonly string[],
  decode: ImageDecoder,
  container: ImageContainer,
): Promise<Result<ImageBatch>> {
  const skipped = new SkippedList([]);
  const usable = usableFiles(allFiles, skipped);
  if (usable.length === 0 && skipped.count === 0) return { ok: false, error: `The ${container} holds no files.` };
  const files = usable.slice(0, MAX_BATCH_IMAGES);
  const { labels: classOf, note } = classesOf(
    files.map((file) => file.path),
    classes,
    container,
  );
  const channels = input.channels === 3 ? 3 : 1;
  const imageBytes = input.height * input.width * channels;
  const pixels = new Uint8Array(files.length * imageBytes);
  const labels: (string | undefined)[] = [];
  const sourceSizes: string[] = [];
  let count = 0;
  for await (const [index, prepared] of preparedInOrder(
    files.map((_, index) => index),
    (index) => prepareImage(files[index]!, decode, input.height),
  )) {
    if (!prepared.ok) {
      skipped.add({ path: files[index]!.path, reason: prepared.reason });
      continue;
    }
    fromRgba(prepared.rgba, channels, pixels, count++ * imageBytes);
    labels.push(classOf?.[index]);
    sourceSizes.push(sizeName(prepared.sourceSize));
  }
  if (count === 0) return { ok: false, error: noImagesError(skipped) };
  const notes = [
    ...(skipped.count > 0 ? [skippedNote(skipped)] : []),
    ...(usable.length > files.length
      ? [
          `Only the first ${formatCount(MAX_BATCH_IMAGES)} images were checked; ${formatCount(usable.length - files.length)} more were left out.`,
        ]
      : []),
    ...(note ? [note] : []),
  ];
  return {
    ok: true,
    value: {
      pixels: pixels.subarray(0, count * imageBytes),
      count,
      channels,
      imageBytes,
      ...(classOf && { labels }),
      sourceSizes,
      notes,
    },
  };
}
