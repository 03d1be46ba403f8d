/**
 * The part of jStat (https://github.com/jstat/jstat, no types of its own) the studio uses. It is CommonJS:
 * imported by default, which works in Node's own ESM loader (the benches) as well as in Vite and Vitest.
 */
declare module 'jstat' {
  const jstat: { readonly jStat: JStat };
  export default jstat;
  interface JStat {
    readonly studentt: {
      /** P(T ≤ x) for Student's t with `dof` degrees of freedom. */
      cdf(x: number, dof: number): number;
    };
    readonly chisquare: {
      /** P(X ≤ x) for χ² with `dof` degrees of freedom. */
      cdf(x: number, dof: number): number;
    };
  }
}
