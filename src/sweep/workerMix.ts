/**
 * Which backends a sweep's trial workers train on. Several trials on one GPU contend for it
 * (and for its memory) without training faster together, while the CPU cores sit idle; so with
 * a real GPU one worker trains there and the others on the CPU backends (wasm, cpu). Without a
 * real GPU (none, or a software fallback such as SwiftShader) every worker takes the engine's
 * own choice, which is a CPU backend then. A backend the person chose by hand in the training
 * settings still wins on every worker (engine/backend.ts `rankBackends`).
 */

/** 'any': the engine's own choice (WebGPU on a real GPU); 'cpu': the CPU backends only. */
export type TrialWorkerRole = 'any' | 'cpu';

/** Each of a pool's `size` workers' role, in the order the pool starts them (the first may take the GPU). */
export function trialWorkerRoles(size: number, realGpu: boolean): readonly TrialWorkerRole[] {
  return Array.from({ length: Math.max(0, size) }, (_, index) => (realGpu && index > 0 ? 'cpu' : 'any'));
}

/**
 * Threads each of a sweep's `workers` trial workers trains on with wasm: the cores shared out, so
 * trials side by side do not fight over them, and a trial gets several threads only where cores
 * outnumber trials. Measured on two cores (trials per minute, trials in workers, after warm-up):
 * two single-threaded workers and one two-threaded worker came out level within noise (MLP 274
 * against 250, Iris-sized 435 against 493, Transformer 326 against 325): a second trial worker
 * gained only 7–22 % over one here, and threads add as much to one worker. So the person's count
 * of workers decides, and the threads fill the cores it leaves; fewer workers hold less memory.
 */
export function trialThreadBudget(cores: number, workers: number): number {
  return Math.max(1, Math.floor(cores / Math.max(1, workers)));
}
