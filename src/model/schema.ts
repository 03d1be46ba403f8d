/**
 * The params schema: one declaration per layer kind yields its TypeScript type, defaults,
 * validation (with Keras-style messages), the inspector form and, later, the sweep search space.
 */

interface ParamBase<T> {
  readonly default: T;
  /** One line shown as the inspector tooltip. */
  readonly help: string;
  /** The name people read, where the key in sentence case ("useBias" → "Use bias") does not say it well. */
  readonly label?: string;
  /** A sweep may search over this param. */
  readonly tunable?: boolean;
}

export interface IntParam extends ParamBase<number> {
  readonly type: 'int';
  readonly min: number;
  readonly max: number;
  /** Searched on a log scale in sweeps (units, filters …). */
  readonly log?: boolean;
  /** How wide the layer is (units, filters, a vector's length): a proposed smaller model (model/student.ts) divides it. */
  readonly width?: true;
}

export interface FloatParam extends ParamBase<number> {
  readonly type: 'float';
  readonly min: number;
  readonly max: number;
  readonly step?: number;
  readonly log?: boolean;
}

export interface EnumParam<T extends string = string> extends ParamBase<T> {
  readonly type: 'enum';
  readonly options: readonly T[];
}

export interface BoolParam extends ParamBase<boolean> {
  readonly type: 'bool';
}

export type ParamSpec = IntParam | FloatParam | EnumParam | BoolParam;
export type ParamSchema = Readonly<Record<string, ParamSpec>>;

type ValueOf<S extends ParamSpec> = S extends EnumParam<infer T> ? T : S['default'];
export type Infer<S extends ParamSchema> = { -readonly [K in keyof S]: ValueOf<S[K]> };

type Options<T> = Omit<ParamBase<T>, 'default'> & { default: T };

export const p = {
  int: (o: Options<number> & { min: number; max: number; log?: boolean; width?: true }): IntParam => ({
    type: 'int',
    ...o,
  }),
  float: (o: Options<number> & { min: number; max: number; step?: number; log?: boolean }): FloatParam => ({
    type: 'float',
    ...o,
  }),
  enum: <T extends string>(options: readonly T[], o: Options<NoInfer<T>>): EnumParam<T> => ({
    type: 'enum',
    options,
    ...o,
  }),
  bool: (o: Options<boolean>): BoolParam => ({ type: 'bool', ...o }),
};

/** How the Inspector, the Sweep view and their messages name a param: its label, else its key in sentence case. */
export function paramSpecLabel(key: string, spec: ParamSpec): string {
  if (spec.label !== undefined) return spec.label;
  const words = key.replace(/([a-z])([A-Z0-9])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function defaultsOf<S extends ParamSchema>(schema: S): Infer<S> {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(schema)) out[key] = spec.default;
  return out as Infer<S>;
}

/** Why one param value is not acceptable, in Keras's wording; undefined when it is. */
export function checkParam(key: string, spec: ParamSpec, value: unknown): string | undefined {
  const received = typeof value === 'string' ? JSON.stringify(value) : String(value);
  switch (spec.type) {
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value) || value < spec.min || value > spec.max)
        return `\`${key}\`: expected an integer in [${spec.min}, ${spec.max}], received ${received}`;
      return undefined;
    case 'float':
      if (typeof value !== 'number' || !Number.isFinite(value) || value < spec.min || value > spec.max)
        return `\`${key}\`: expected a number in [${spec.min}, ${spec.max}], received ${received}`;
      return undefined;
    case 'enum':
      if (typeof value !== 'string' || !spec.options.includes(value))
        return `\`${key}\`: expected one of ${spec.options.join(', ')}, received ${received}`;
      return undefined;
    case 'bool':
      return typeof value === 'boolean' ? undefined : `\`${key}\`: expected true or false, received ${received}`;
  }
}

export interface ParamsCheck<S extends ParamSchema> {
  /** Every key of the schema, unknown keys dropped, missing or invalid ones replaced by defaults. */
  readonly params: Infer<S>;
  readonly errors: readonly string[];
}

/** Validates raw params against a schema; never throws. */
export function checkParams<S extends ParamSchema>(schema: S, raw: Readonly<Record<string, unknown>>): ParamsCheck<S> {
  const params: Record<string, unknown> = {};
  const errors: string[] = [];
  for (const [key, spec] of Object.entries(schema)) {
    const value = Object.hasOwn(raw, key) ? raw[key] : spec.default;
    const error = checkParam(key, spec, value);
    if (error) errors.push(error);
    params[key] = error ? spec.default : value;
  }
  return { params: params as Infer<S>, errors };
}
