/**
 * The exported web app's one script (webapp-runtime.js), built from src/webapp by
 * build/webappRuntime.ts as an IIFE and included in the "Web app" export. On a page it defines
 * `Tensorloom.load` and, where the page has `#tensorloom-app`, fills it with the app; inside the
 * worker it makes (after tf.min.js), it serves predictions.
 */
import { serveAppWorker, type AppWorkerScope } from './appWorker';
import { mountApp } from './app';
import { load } from './predictor';

export { load };

if (typeof document === 'undefined') {
  serveAppWorker(self as unknown as AppWorkerScope);
} else {
  const root = document.getElementById('tensorloom-app');
  if (root) void mountApp(root, root.dataset.base ?? './');
}
