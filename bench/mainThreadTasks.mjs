// The CPU time of a page's main-thread tasks, from a Chromium trace: unlike wall-clock long tasks, it is not
// inflated when other processes share the cores. Shared by the benches that count long tasks.

/** The trace categories that record each main-thread task (RunTask) with its thread time. */
export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline'];

/** The CPU time of each task the page's main thread ran, in ms, from a trace's RunTask events (tdur: thread time, in µs). */
export function mainThreadTaskCpuMs(traceEvents) {
  const threads = traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const tasks = (thread) => traceEvents.filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.pid === thread.pid && e.tid === thread.tid);
  // Other renderers (a blank first tab) have a main thread too: the page's is the busy one.
  const page = threads.map(tasks).sort((a, b) => b.length - a.length)[0] ?? [];
  return page.map((task) => (task.tdur ?? task.dur) / 1000);
}
