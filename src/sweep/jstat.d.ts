/** The part of jStat (https://github.com/jstat/jstat, no types of its own) the studio uses. */
declare module 'jstat' {
  export const jStat: {
    readonly studentt: {
      /** P(T ≤ x) for Student's t with `dof` degrees of freedom. */
      cdf(x: number, dof: number): number;
    };
    readonly chisquare: {
      /** P(X ≤ x) for χ² with `dof` degrees of freedom. */
      cdf(x: number, dof: number): number;
    };
  };
}
