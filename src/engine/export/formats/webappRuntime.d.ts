/** The web app's script, built from src/webapp by build/webappRuntime.ts. */
declare module 'virtual:webapp-runtime' {
  const source: string;
  export default source;
}
