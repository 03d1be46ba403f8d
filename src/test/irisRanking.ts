import { rankingSplit, type FeatureImportance, type FeatureRanking } from '../data/featureRanking';
import { DEFAULT_DATA_CONFIG, type DataConfig } from '../data/schema';

/** A feature ranking of the Iris sample (150 rows, target species) made on `data`'s split, its `features` as given. */
export function irisRanking(
  features: readonly FeatureImportance[],
  data: DataConfig = DEFAULT_DATA_CONFIG,
): FeatureRanking {
  return {
    datasetId: 'sample:iris',
    target: 'species',
    rows: 150,
    split: rankingSplit(data),
    score: 'accuracy',
    baseline: 0.9,
    repeats: 5,
    features,
  };
}
