/**
 * What the trained model is asked to predict (one row, one image, a pasted table) and what it
 * answers. Shared by the engine that predicts and the run store and panels that show it.
 */

export interface Prediction {
  /** Classification: the label and every class's probability; regression: the value. */
  readonly label?: string;
  readonly probabilities?: readonly { readonly label: string; readonly p: number }[];
  readonly value?: number;
}

/** What a prediction is made from: a row typed as in the CSV, or an image file's bytes (uploaded or drawn). */
export type PredictInput =
  | { readonly kind: 'row'; readonly raw: Readonly<Record<string, string>> }
  | { readonly kind: 'image'; readonly bytes: Uint8Array };

/** Rows pasted or dropped as CSV, to predict all at once; `columns`: the data set's, in order, for rows without a header. */
export interface TableToPredict {
  readonly text: string;
  readonly columns: readonly string[];
}

/** Every row of a table predicted: `csv` is what the download holds, the first rows what the panel shows. */
export interface PredictedTable {
  readonly csv: string;
  readonly header: readonly string[];
  readonly firstRows: readonly (readonly string[])[];
  readonly rowCount: number;
  /** Rows that could not be read: their reason is in the `error` column. */
  readonly failedRows: number;
}
