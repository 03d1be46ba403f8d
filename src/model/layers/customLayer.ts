import type { Tf, TfLayer } from './layerKind';

/** What every tfjs layer's constructor takes besides its own config (name, trainable …). */
export type LayerArgs = NonNullable<ConstructorParameters<Tf['layers']['Layer']>[0]>;

/** The shapes a tfjs layer's `build` and `computeOutputShape` receive: one, or one per input. */
export type TfShapes = Parameters<TfLayer['computeOutputShape']>[0];
export type TfKwargs = Parameters<TfLayer['call']>[1];

/** A custom layer class, as `new` and `tf.serialization.registerClass` need it. */
export type CustomLayerClass<C> = (new (config: C & LayerArgs) => TfLayer) &
  Parameters<Tf['serialization']['registerClass']>[0];

/**
 * The class of a layer tfjs lacks, for the kind's `build` and `register`. model/ may not import
 * tfjs at run time, so the class is made from the injected `tf` the first time it is asked for,
 * registered with `tf.serialization.registerClass` then (so a saved model.json that uses it loads
 * back), and kept per tfjs instance: every call with the same `tf` returns the same class.
 */
export function customLayerClass<C>(make: (tf: Tf) => CustomLayerClass<C>): (tf: Tf) => CustomLayerClass<C> {
  const classes = new WeakMap<Tf, CustomLayerClass<C>>();
  return (tf) => {
    let cls = classes.get(tf);
    if (cls === undefined) {
      cls = make(tf);
      tf.serialization.registerClass(cls);
      classes.set(tf, cls);
    }
    return cls;
  };
}

/** The (batch, steps, features) shapes of a layer's inputs, whether tfjs passed one or several. */
export function shapesOf(shapes: TfShapes): readonly (readonly (number | null)[])[] {
  return Array.isArray(shapes[0]) ? (shapes as (number | null)[][]) : [shapes as (number | null)[]];
}
