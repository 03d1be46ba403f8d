import type { PythonFramework } from '../../sweep/codegen/python';

/** Which framework a study's Python export trains with: the Sweep view's and the Auto view's. */
export function FrameworkSelect({
  value,
  onChange,
  testId,
}: {
  value: PythonFramework;
  onChange: (framework: PythonFramework) => void;
  testId: string;
}) {
  return (
    <select
      aria-label="Framework of the Python export"
      data-testid={testId}
      value={value}
      onChange={(e) => onChange(e.target.value as PythonFramework)}
    >
      <option value="keras">Keras</option>
      <option value="pytorch">PyTorch</option>
    </select>
  );
}
