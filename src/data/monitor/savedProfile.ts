/** metadata.json's `reference` (model format 4 on), read back field by field: it comes from a file. */
import { z } from 'zod';
import type { ReferenceProfile } from './profile';

const name = z.string().max(1000);
const shares = z.array(z.number().min(0).max(1)).max(100_000);
const count = z.number().int().min(0);
const binned = { edges: z.array(z.number()).max(1000), shares, count };

const columnSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('numeric'), name, missingShare: z.number().min(0).max(1), ...binned }),
  z.object({ kind: z.literal('categorical'), name, categories: z.array(z.string()).max(100_000), shares, count }),
  z.object({ kind: z.literal('text'), name, oovRate: z.number().min(0).max(1), ...binned }),
  z.object({
    kind: z.literal('image'),
    name,
    mean: z.array(z.number()).max(3),
    std: z.array(z.number()).max(3),
    count,
    // Optional: profiles saved before images were checked for drift have mean and std alone.
    imageMeans: z.array(z.object(binned)).max(3).optional(),
    imageStds: z.array(z.object(binned)).max(3).optional(),
    sourceSizes: z.object({ sizes: z.array(z.string().max(100)).max(1000), shares, count }).optional(),
  }),
]);

const profileSchema = z.object({
  version: z.literal(1),
  rows: count,
  columns: z.array(columnSchema).max(100_000),
  predictions: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('classes'), labels: z.array(z.string()).max(100_000), shares, count }),
    z.object({ kind: z.literal('values'), ...binned }),
  ]),
});

/** The saved profile, or undefined when there is none (formats before 4) or it is not valid. */
export function parseSavedProfile(raw: unknown): ReferenceProfile | undefined {
  const parsed = profileSchema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}
