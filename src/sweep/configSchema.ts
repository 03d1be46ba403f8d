/**
 * A sweep's settings as stored: in a sweep's journal and in the project document. Imports nothing
 * but zod, so that the project schema (src/model/project.ts) can check them without a cycle.
 */
import { z } from 'zod';

export const SAMPLERS = ['tpe', 'random', 'grid'] as const;
export const PRUNERS = ['none', 'median', 'asha'] as const;
export const AIMS = ['metric', 'trade-off'] as const;

export const paramValueSchema = z.union([z.number(), z.string(), z.boolean()]);

const domainSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('float'),
    low: z.number(),
    high: z.number(),
    log: z.boolean(),
    step: z.number().optional(),
  }),
  z.object({ type: z.literal('int'), low: z.number(), high: z.number(), log: z.boolean(), step: z.number() }),
  z.object({ type: z.literal('categorical'), choices: z.array(paramValueSchema) }),
]);

/**
 * The shape of a StudyConfig (src/sweep/studyConfig.ts). Values that cannot start a sweep (0 trials, a
 * range upside down) pass here: `configProblems` names them, in words, before a sweep starts.
 */
export const studyConfigSchema = z.object({
  space: z.array(
    z.object({
      path: z.string(),
      domain: domainSchema,
      when: z.object({ path: z.string(), values: z.array(paramValueSchema) }).optional(),
    }),
  ),
  objective: z.object({ metric: z.string(), direction: z.enum(['minimize', 'maximize']) }),
  sampler: z.enum(SAMPLERS),
  pruner: z.enum(PRUNERS),
  seed: z.number().int(),
  budget: z.object({ trials: z.number().optional(), minutes: z.number().optional() }),
  parallel: z.number().int(),
  featureOrder: z.array(z.string()).optional(),
  aim: z.enum(AIMS).optional(),
});
