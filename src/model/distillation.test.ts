import { describe, expect, it } from 'vitest';
import { prepareTrainingData } from '../data/preprocess';
import { DEFAULT_DATA_CONFIG, type DataConfig } from '../data/schema';
import { sampleDataset } from '../test/csvDataset';
import { distillSettingsProblem, teacherMismatch, type TaughtData } from './distillation';

const iris = sampleDataset('iris.csv');
const SPECIES: DataConfig = { ...DEFAULT_DATA_CONFIG, datasetId: iris.meta.id, target: 'species' };

function taught(config: DataConfig): TaughtData {
  const prepared = prepareTrainingData(iris, { ...config, target: config.target! });
  if (!prepared.ok) throw new Error(prepared.error);
  return { datasetId: config.datasetId!, pipeline: prepared.value.pipeline };
}

describe('teacherMismatch', () => {
  it('accepts a teacher trained on the same data set, target, columns and split', () => {
    expect(teacherMismatch(taught(SPECIES), taught(SPECIES))).toBeUndefined();
  });

  it('says why another data set, target, kind of task, columns or split cannot be taught', () => {
    const teacher = taught(SPECIES);
    expect(teacherMismatch(teacher, { ...taught(SPECIES), datasetId: 'other' })).toMatch(/another data set/);
    const regression = taught({ ...SPECIES, target: 'sepal_length' });
    const classifierOfSepals = {
      ...teacher,
      pipeline: { ...teacher.pipeline, target: { ...teacher.pipeline.target, name: 'sepal_length' } },
    };
    expect(teacherMismatch(regression, classifierOfSepals)).toMatch(/regression model and the student a classifier/);
    expect(teacherMismatch(classifierOfSepals, regression)).toMatch(/classifier and the student a regression model/);
    expect(teacherMismatch(teacher, regression)).toMatch(/predicts “species”, the student “sepal_length”/);
    const fewer = taught({ ...SPECIES, columns: [{ name: 'petal_width', use: 'ignore' }] });
    expect(teacherMismatch(teacher, fewer)).toMatch(/columns .*petal_width.*, the student on/);
    expect(teacherMismatch(teacher, taught({ ...SPECIES, seed: 7 }))).toMatch(/another split/);
  });
});

describe('distillSettingsProblem', () => {
  it('accepts α within 0…1 and a temperature of 1 or more, and says what is wrong otherwise', () => {
    expect(distillSettingsProblem({ alpha: 0, temperature: 1 })).toBeUndefined();
    expect(distillSettingsProblem({ alpha: 1.5, temperature: 4 })).toMatch(/expected 0 to 1, received 1.5/);
    expect(distillSettingsProblem({ alpha: 0.5, temperature: 0.5 })).toMatch(/expected 1 or more, received 0.5/);
  });
});
