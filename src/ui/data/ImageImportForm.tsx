import { useState } from 'react';
import {
  DEFAULT_IMAGE_SETTINGS,
  IMAGE_SIZES,
  type ImageColor,
  type ImageImportSettings,
} from '../../data/imageSettings';

/** Asked before an image import starts: the size every image is resized to, and grayscale or colour. */
export function ImageImportForm({
  name,
  onImport,
  onCancel,
}: {
  name: string;
  onImport: (settings: ImageImportSettings) => void;
  onCancel: () => void;
}) {
  const [settings, setSettings] = useState(DEFAULT_IMAGE_SETTINGS);
  return (
    <form
      className="image-import-form"
      data-testid="image-import-form"
      onSubmit={(event) => {
        event.preventDefault();
        onImport(settings);
      }}
    >
      <strong>Import {name} as images</strong>
      <p className="hint">
        Each sub-folder is a class — or, when it holds one CSV, each row of the CSV names its image (a path relative to
        the CSV) and the CSV's other columns come along. Every image is resized (stretched) to one square size.
      </p>
      <label>
        Size{' '}
        <select
          data-testid="image-size"
          value={settings.size}
          onChange={(e) => setSettings({ ...settings, size: Number(e.target.value) })}
        >
          {IMAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}×{size}
            </option>
          ))}
        </select>
      </label>{' '}
      <label>
        Colour{' '}
        <select
          data-testid="image-color"
          value={settings.color}
          onChange={(e) => setSettings({ ...settings, color: e.target.value as ImageColor })}
        >
          <option value="grayscale">grayscale</option>
          <option value="rgb">RGB</option>
        </select>
      </label>
      <div className="form-buttons">
        <button type="submit" data-testid="image-import-start">
          Import images
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
