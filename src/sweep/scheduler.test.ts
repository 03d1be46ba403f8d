import { describe, expect, it } from 'vitest';
import { createScheduler, type Runner, type TrialControl } from './scheduler';
import type { Params } from './space';
import { replay, STOPPED_TRIAL, type StudyEvent, type StudyState } from './study';
import type { StudyConfig } from './studyConfig';

const MINUTE = 60_000;

const CONFIG: StudyConfig = {
  space: [
    { path: 'training.learningRate', domain: { type: 'float', low: 1e-4, high: 0.1, log: true } },
    { path: 'nodes.dense_1.params.units', domain: { type: 'int', low: 4, high: 64, log: true, step: 1 } },
  ],
  objective: { metric: 'val_loss', direction: 'minimize' },
  sampler: 'random',
  pruner: 'none',
  seed: 3,
  budget: { trials: 8 },
  parallel: 3,
};

/** A made-up validation loss: best at lr = 0.01 and 32 units. */
const loss = (p: Params) =>
  (Math.log10(p['training.learningRate'] as number) + 2) ** 2 +
  (Math.log2(p['nodes.dense_1.params.units'] as number) - 5) ** 2 / 4;

const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Trains on `objective` in memory: one epoch per turn of the event loop, the loss shrinking
 * towards its final value, stopping as soon as the scheduler gives up on the trial.
 */
function objectiveRunner(objective = loss, epochs = 5) {
  const active = new Set<TrialControl>();
  const runner = {
    maxInFlight: 0,
    aborted: 0,
    async runTrial(params: Params, control: TrialControl) {
      active.add(control);
      runner.maxInFlight = Math.max(runner.maxInFlight, active.size);
      control.onAbort(() => {
        runner.aborted++;
        active.delete(control);
      });
      try {
        for (let epoch = 1; epoch <= epochs; epoch++) {
          await nextTurn();
          if (control.aborted) return NaN;
          control.report(epoch, objective(params) + 1 / epoch);
        }
        return objective(params);
      } finally {
        active.delete(control);
      }
    },
  } satisfies Runner & Record<string, unknown>;
  return runner;
}

/** A runner the test drives by hand: each started trial waits until the test settles it. */
function manualRunner() {
  const runs: {
    params: Params;
    control: TrialControl;
    resolve: (value: number) => void;
    reject: (error: Error) => void;
  }[] = [];
  const runner: Runner = {
    runTrial: (params, control) => new Promise((resolve, reject) => runs.push({ params, control, resolve, reject })),
  };
  return { runner, runs };
}

function journalOf(config: StudyConfig = CONFIG): StudyEvent[] {
  return [{ type: 'created', at: 0, config }];
}

function replayed(events: readonly StudyEvent[]): StudyState {
  const result = replay(events);
  if (!result.ok) throw new Error(result.error);
  return result.value;
}

describe('the scheduler', () => {
  it('runs the budget with N trials in flight, and its journal replays to the same study', async () => {
    const events = journalOf();
    const runner = objectiveRunner();
    const final = await createScheduler({ journal: events, runner, append: (e) => events.push(e) }).run();
    expect(final.status).toBe('stopped');
    expect(final.stopReason).toBe('trials');
    expect(final.trials).toHaveLength(8);
    expect(
      final.trials.every((t) => t.state === 'complete' && t.value === loss(t.params) && t.intermediate.length === 5),
    ).toBe(true);
    expect(runner.maxInFlight).toBe(3);
    expect(replayed(events)).toEqual(final);
  });

  it('asks a conditional space for the active params only, with TPE and ASHA as configured', async () => {
    const space: StudyConfig['space'] = [
      { path: 'family', domain: { type: 'categorical', choices: ['wide', 'deep'] } },
      ...CONFIG.space,
      {
        path: 'deep.layers',
        domain: { type: 'int', low: 1, high: 4, log: false, step: 1 },
        when: { path: 'family', values: ['deep'] },
      },
    ];
    const config: StudyConfig = { ...CONFIG, space, sampler: 'tpe', pruner: 'asha', budget: { trials: 14 } };
    const events = journalOf(config);
    const final = await createScheduler({
      journal: events,
      runner: objectiveRunner((p) => loss(p) + (p['family'] === 'deep' ? (p['deep.layers'] as number) : 0)),
      append: (e) => events.push(e),
    }).run();
    expect(final.trials).toHaveLength(14);
    for (const { params } of final.trials) expect('deep.layers' in params).toBe(params['family'] === 'deep');
    expect(replayed(events)).toEqual(final);
  });

  it('marks a trial failed with its error and goes on with the sweep', async () => {
    const crashing = objectiveRunner();
    const runner: Runner = {
      runTrial: (params, control) =>
        (params['nodes.dense_1.params.units'] as number) > 16
          ? Promise.reject(new Error('The training worker crashed.'))
          : crashing.runTrial(params, control),
    };
    const final = await createScheduler({ journal: journalOf(), runner }).run();
    expect(final.trials).toHaveLength(8);
    const failed = final.trials.filter((t) => t.state === 'failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(
      failed.every(
        (t) => t.error === 'The training worker crashed.' && (t.params['nodes.dense_1.params.units'] as number) > 16,
      ),
    ).toBe(true);
    expect(final.trials.filter((t) => t.state === 'complete').length).toBe(8 - failed.length);
  });

  it('fails a trial whose metric turns NaN, and one whose runner throws at once', async () => {
    const diverging = objectiveRunner(() => NaN);
    const diverged = await createScheduler({
      journal: journalOf({ ...CONFIG, budget: { trials: 2 } }),
      runner: diverging,
    }).run();
    expect(diverged.trials.map((t) => t.error)).toEqual([
      'val_loss was NaN after epoch 1: the training diverged.',
      'val_loss was NaN after epoch 1: the training diverged.',
    ]);
    const throwing: Runner = {
      runTrial: () => {
        throw new Error('No data set is loaded.');
      },
    };
    const thrown = await createScheduler({
      journal: journalOf({ ...CONFIG, budget: { trials: 2 } }),
      runner: throwing,
    }).run();
    expect(thrown.trials.map((t) => [t.state, t.error])).toEqual([
      ['failed', 'No data set is loaded.'],
      ['failed', 'No data set is loaded.'],
    ]);
  });

  it('prunes after a reported epoch, stopping the run, and the pruned trials were worse than the median', async () => {
    const config: StudyConfig = { ...CONFIG, pruner: 'median', budget: { trials: 20 }, parallel: 1 };
    const runner = objectiveRunner();
    const final = await createScheduler({ journal: journalOf(config), runner }).run();
    const pruned = final.trials.filter((t) => t.state === 'pruned');
    expect(pruned.length).toBeGreaterThan(0);
    expect(runner.aborted).toBe(pruned.length);
    for (const trial of pruned) {
      expect(trial.intermediate.length).toBeLessThan(5);
      const { step } = trial.intermediate.at(-1)!;
      const before = final.trials.filter(
        (t) => t.state === 'complete' && t.endedAt! <= trial.endedAt! && t.number !== trial.number,
      );
      const atStep = before.map((t) => t.intermediate.find((p) => p.step === step)!.value).sort((a, b) => a - b);
      expect(atStep.length).toBeGreaterThanOrEqual(5);
      const median = (atStep[Math.floor((atStep.length - 1) / 2)]! + atStep[Math.ceil((atStep.length - 1) / 2)]!) / 2;
      expect(Math.min(...trial.intermediate.map((p) => p.value))).toBeGreaterThan(median);
    }
  });

  it('with ASHA, prunes trials at rungs and spends fewer epochs than running them all', async () => {
    const config: StudyConfig = { ...CONFIG, pruner: 'asha', budget: { trials: 20 }, parallel: 2 };
    const final = await createScheduler({ journal: journalOf(config), runner: objectiveRunner(loss, 9) }).run();
    const epochs = final.trials.reduce((sum, t) => sum + t.intermediate.length, 0);
    expect(final.trials.some((t) => t.state === 'pruned')).toBe(true);
    expect(epochs).toBeLessThan(20 * 9);
    // Pruning happens only at a rung: after epoch 1, 3 or 9.
    for (const t of final.trials.filter((t) => t.state === 'pruned'))
      expect([1, 3, 9]).toContain(t.intermediate.length);
  });

  it('pauses (interrupting the running trials, asking no more) and resumes them with the same params', async () => {
    const { runner, runs } = manualRunner();
    const events = journalOf({ ...CONFIG, parallel: 2, budget: { trials: 3 } });
    const scheduler = createScheduler({ journal: events, runner, append: (e) => events.push(e) });
    const done = scheduler.run();
    await nextTurn();
    expect(runs).toHaveLength(2);
    runs[0]!.control.report(1, 0.7);
    scheduler.pause();
    expect(runs.every((run) => run.control.aborted)).toBe(true);
    runs[1]!.resolve(0.1);
    await nextTurn();
    expect(scheduler.state().status).toBe('paused');
    expect(scheduler.state().trials.map((t) => t.state)).toEqual(['waiting', 'waiting']);
    expect(runs).toHaveLength(2);

    scheduler.resume();
    await nextTurn();
    expect(runs).toHaveLength(4);
    expect(runs.slice(2).map((run) => run.params)).toEqual(runs.slice(0, 2).map((run) => run.params));
    expect(scheduler.state().trials[0]!.intermediate).toEqual([]);
    runs[2]!.resolve(0.3);
    runs[3]!.resolve(0.2);
    await nextTurn();
    expect(runs).toHaveLength(5);
    runs[4]!.resolve(0.4);
    const final = await done;
    expect(final.trials.map((t) => t.value)).toEqual([0.3, 0.2, 0.4]);
    expect(replayed(events)).toEqual(final);
  });

  it('stops on request: the running trials abandoned and marked failed', async () => {
    const { runner, runs } = manualRunner();
    const scheduler = createScheduler({ journal: journalOf(), runner });
    const done = scheduler.run();
    await nextTurn();
    runs[0]!.resolve(0.5);
    await nextTurn();
    scheduler.stop();
    const final = await done;
    expect(final.status).toBe('stopped');
    expect(final.stopReason).toBe('user');
    expect(final.trials[0]).toMatchObject({ state: 'complete', value: 0.5 });
    expect(final.trials.slice(1).every((t) => t.state === 'failed' && t.error === STOPPED_TRIAL)).toBe(true);
    expect(runs.slice(1).every((run) => run.control.aborted)).toBe(true);
  });

  it('resumes a journal cut off by a reload: finished trials kept, the running one restarted first', async () => {
    const { runner, runs } = manualRunner();
    const events = journalOf({ ...CONFIG, parallel: 2, budget: { trials: 4 } });
    void createScheduler({ journal: events, runner, append: (e) => events.push(e) }).run();
    await nextTurn();
    runs[0]!.resolve(0.5);
    runs[1]!.control.report(1, 0.9);
    await nextTurn();
    // The page closes here: trials 0 (complete), 1 (running) and 2 (just asked).
    const saved = structuredClone(events);
    const reloaded = manualRunner();
    const after = [...saved];
    const scheduler = createScheduler({ journal: saved, runner: reloaded.runner, append: (e) => after.push(e) });
    const done = scheduler.run();
    await nextTurn();
    expect(after.slice(saved.length).map((e) => e.type)).toEqual(['resumed', 'trial-restarted', 'trial-restarted']);
    expect(reloaded.runs.map((run) => run.params)).toEqual([runs[1]!.params, runs[2]!.params]);
    for (const run of reloaded.runs) run.resolve(0.4);
    await nextTurn();
    for (const run of reloaded.runs.slice(2)) run.resolve(0.3);
    const final = await done;
    expect(final.trials.map((t) => [t.state, t.value])).toEqual([
      ['complete', 0.5],
      ['complete', 0.4],
      ['complete', 0.4],
      ['complete', 0.3],
    ]);
  });

  it('stops asking once the time budget is spent, letting running trials finish', async () => {
    let clock = 0;
    const runner: Runner = {
      runTrial: async (params) => {
        await nextTurn();
        clock += MINUTE;
        return loss(params);
      },
    };
    const final = await createScheduler({
      journal: journalOf({ ...CONFIG, parallel: 1, budget: { minutes: 3.5 } }),
      runner,
      now: () => clock,
    }).run();
    expect(final.stopReason).toBe('time');
    expect(final.trials).toHaveLength(4);
  });

  it('ends when a grid has been fully tried', async () => {
    const config: StudyConfig = {
      ...CONFIG,
      sampler: 'grid',
      space: [{ path: 'training.optimizer', domain: { type: 'categorical', choices: ['adam', 'sgd', 'rmsprop'] } }],
      budget: { trials: 10 },
    };
    const final = await createScheduler({ journal: journalOf(config), runner: objectiveRunner(() => 1) }).run();
    expect(final.stopReason).toBe('exhausted');
    expect(final.trials.map((t) => t.params['training.optimizer']).sort()).toEqual(['adam', 'rmsprop', 'sgd']);
  });
});
