import { describe, expect, it } from 'vitest';
import { inferGraph } from './infer';
import { getLayerKind } from './layers';
import { DIVISOR_STEP, narrowedGraph, proposeStudent, STUDENT_PARAM_SHARE } from './student';
import type { DataContext } from './task';
import { TEMPLATES } from './templates';

const TABULAR: DataContext = { inputShape: [4], task: 'multiclass', labels: ['a', 'b', 'c'] };
const IMAGES: DataContext = { inputShape: [8, 8, 1], task: 'multiclass', labels: ['0', '1', '2'] };
const TEXT: DataContext = { inputShape: [16], task: 'binary', labels: ['no', 'yes'], vocabularySize: 60 };
const BY_KIND = { tabular: TABULAR, image: IMAGES, text: TEXT } as const;

describe('proposeStudent', () => {
  it.each(TEMPLATES.map((t) => [t.name, t] as const))(
    '%s: the same layers and connections, narrower, with at most a quarter of the parameters',
    (_name, template) => {
      const data = BY_KIND[template.dataKind];
      const teacher = template.build(data);
      const student = proposeStudent(teacher, data)!;
      const inference = inferGraph(student.graph, data);

      expect(inference.reason).toBeUndefined();
      expect(student.teacherParams).toBe(inferGraph(teacher, data).totalParams);
      expect(student.params).toBe(inference.totalParams);
      expect(student.withinShare).toBe(true);
      expect(student.params).toBeLessThanOrEqual(student.teacherParams * STUDENT_PARAM_SHARE);
      expect(student.graph.edges).toEqual(teacher.edges);
      expect(student.graph.nodes.map(({ id, type }) => [id, type])).toEqual(
        teacher.nodes.map(({ id, type }) => [id, type]),
      );
      // Every width param is the teacher's divided by the same factor; nothing else changed.
      teacher.nodes.forEach((node, i) => {
        const narrowed = student.graph.nodes[i]!;
        for (const [key, spec] of Object.entries(getLayerKind(node.type)!.params)) {
          const was = node.params[key];
          const is = narrowed.params[key];
          if (spec.type === 'int' && spec.width && typeof was === 'number' && was > 0)
            expect(is).toBe(Math.max(1, Math.round(was / student.divisor)));
          else expect(is).toEqual(was);
        }
      });
    },
  );

  it.each(TEMPLATES.map((t) => [t.name, t] as const))('%s: divided no more than it must', (_name, template) => {
    const data = BY_KIND[template.dataKind];
    const teacher = template.build(data);
    const { divisor, teacherParams } = proposeStudent(teacher, data)!;
    if (divisor === DIVISOR_STEP) return;
    const wider = inferGraph(narrowedGraph(teacher, divisor / DIVISOR_STEP), data).totalParams;
    expect(wider).toBeGreaterThan(teacherParams * STUDENT_PARAM_SHARE);
  });

  it('proposes nothing for a graph that cannot train on the data', () => {
    const cnn = TEMPLATES.find((t) => t.id === 'cnn')!.build(IMAGES);
    expect(proposeStudent(cnn, TABULAR)).toBeUndefined();
  });
});
