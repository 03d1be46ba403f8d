/** The app's version from package.json, set at build time by vite.config.ts's `define`. */
declare const __APP_VERSION__: string;
