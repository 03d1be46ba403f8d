/** The fixture writers of the Python tests (`*.fixtures.ts`), with the app's Vite setup: run by scripts/pythonTests.mjs. */
import viteConfig from '../../vite.config';

export default { ...viteConfig, test: { ...viteConfig.test, include: ['tests/python/**/*.fixtures.ts'] } };
