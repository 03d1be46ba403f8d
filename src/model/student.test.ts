import { describe, expect, it } from 'vitest';
import { inferGraph } from './infer';
import { getLayerKind } from './layers';
import { LEAST_WIDTH_SHARE, proposeStudent, STUDENT_PARAM_SHARE } from './student';
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
      // Only width params changed, each to at most the teacher's.
      teacher.nodes.forEach((node, i) => {
        const narrowed = student.graph.nodes[i]!;
        for (const [key, spec] of Object.entries(getLayerKind(node.type)!.params)) {
          const was = node.params[key];
          const is = narrowed.params[key];
          if (spec.type === 'int' && spec.width && typeof was === 'number' && was > 0) {
            expect(is).toBeLessThanOrEqual(was);
            expect(is).toBeGreaterThanOrEqual(Math.max(1, spec.min));
          } else expect(is).toEqual(was);
        }
      });
    },
  );

  it('narrows the widths that cost most parameters and keeps the cheap ones', () => {
    const teacher = TEMPLATES.find((t) => t.id === 'cnn')!.build(IMAGES);
    const student = proposeStudent(teacher, IMAGES)!;
    const widths = (graph: typeof teacher) =>
      Object.fromEntries(graph.nodes.map((node) => [node.id, node.params.filters ?? node.params.units]));
    const [taught, learning] = [widths(teacher), widths(student.graph)];

    // The first convolution's filters cost 10 parameters each; the Dense layer's units, fed by the flatten, many more.
    expect(learning.conv2d_1).toBe(taught.conv2d_1);
    expect(Number(learning.dense_1) / Number(taught.dense_1)).toBeLessThan(
      Number(learning.conv2d_2) / Number(taught.conv2d_2),
    );
    expect(student.divisor).toBeCloseTo(Number(taught.dense_1) / Number(learning.dense_1), 0);
  });

  it('narrows widths joined by an Add together, and none below its least share', () => {
    const teacher = TEMPLATES.find((t) => t.id === 'transformer-text')!.build(TEXT);
    const student = proposeStudent(teacher, TEXT)!;
    expect(inferGraph(student.graph, TEXT).canTrain).toBe(true);
    expect(student.withinShare).toBe(true);
    teacher.nodes.forEach((node, i) => {
      for (const [key, spec] of Object.entries(getLayerKind(node.type)!.params)) {
        const was = node.params[key];
        if (spec.type === 'int' && spec.width && typeof was === 'number' && was > 0)
          expect(student.graph.nodes[i]!.params[key]).toBeGreaterThanOrEqual(Math.ceil(was * LEAST_WIDTH_SHARE));
      }
    });
  });

  it('narrows until it fits a parameter limit when given one, wider than the share allows when the limit is loose', () => {
    const teacher = TEMPLATES.find((t) => t.id === 'cnn')!.build(IMAGES);
    const share = proposeStudent(teacher, IMAGES)!;
    const tight = proposeStudent(teacher, IMAGES, share.teacherParams / 8)!;
    expect(tight.withinShare).toBe(true);
    expect(tight.params).toBeLessThanOrEqual(share.teacherParams / 8);
    const loose = proposeStudent(teacher, IMAGES, share.teacherParams / 2)!;
    expect(loose.params).toBeLessThanOrEqual(share.teacherParams / 2);
    expect(loose.params).toBeGreaterThan(share.params);
    expect(proposeStudent(teacher, IMAGES, 1)!.withinShare).toBe(false);
  });

  it('proposes nothing for a graph that cannot train on the data', () => {
    const cnn = TEMPLATES.find((t) => t.id === 'cnn')!.build(IMAGES);
    expect(proposeStudent(cnn, TABULAR)).toBeUndefined();
  });
});
