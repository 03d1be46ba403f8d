// What the long-task benches share: a fresh studio page, its long tasks, and its main thread's tasks from a Chromium trace.

/** The categories that give each main-thread task (RunTask) with its thread time. */
export const TRACE_CATEGORIES = ['devtools.timeline', 'disabled-by-default-devtools.timeline'];

/** The CPU time of each task the page's main thread ran, in ms, from a trace's RunTask events (tdur: thread time, in µs). */
export function mainThreadTaskCpuMs(traceEvents) {
  const threads = traceEvents.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const tasks = (thread) =>
    traceEvents.filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.pid === thread.pid && e.tid === thread.tid);
  // Other renderers (a blank first tab) have a main thread too: the page's is the busy one.
  const page = threads.map(tasks).sort((a, b) => b.length - a.length)[0] ?? [];
  return page.map((task) => (task.tdur ?? task.dur) / 1000);
}

/** The studio in a page of its own context: its own renderer (another run's teardown does not land in its main thread) and storage. */
export async function openStudioPage(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector('.app[data-ready="true"]');
  return page;
}

/** From now on, the page collects the duration of each of its long tasks (over 50 ms) in `window.__longTasks`. */
export function observeLongTasks(page) {
  return page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) =>
      window.__longTasks.push(...list.getEntries().map((entry) => entry.duration)),
    ).observe({ type: 'longtask' });
  });
}
