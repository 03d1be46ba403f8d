"""The PyTorch export (src/engine/export/formats/pytorch.ts) of every template and of graphs using
every other palette layer: model.py with weights.npz computes what TF.js computes, to 1e-4."""
import json
import os
import unittest

from harness import fixtures, import_fresh, needs

TOLERANCE = 1e-4


@needs("torch", "numpy")
class TorchExportTest(unittest.TestCase):
    def test_every_export_computes_what_tfjs_computes(self):
        import numpy as np

        exports = fixtures("torch")
        self.assertIn("transformer-text", exports)
        for name, folder in exports.items():
            with self.subTest(name):
                predict, = import_fresh(folder, "rows", "model", "predict")[2:]
                loaded = predict.load(folder)
                self.assertFalse(loaded.module.training)
                x = np.load(os.path.join(folder, "x.npy"))
                expected = np.load(os.path.join(folder, "expected.npy"))
                got = predict.predict(loaded, x)
                self.assertEqual(got.shape, expected.shape)
                np.testing.assert_allclose(got, expected, rtol=0, atol=TOLERANCE)

    def test_a_raw_row_is_predicted_as_the_studio_predicts_it(self):
        tables = {name: folder for name, folder in fixtures("torch").items() if os.path.exists(os.path.join(folder, "row.json"))}
        self.assertIn("mlp", tables)
        for name, folder in tables.items():
            with self.subTest(name):
                predict, = import_fresh(folder, "rows", "model", "predict")[2:]
                with open(os.path.join(folder, "row.json"), encoding="utf-8") as f:
                    case = json.load(f)
                answer = predict.predict_raw(predict.load(folder), case["row"])
                self.assertEqual(answer["label"], case["studio"]["label"])
                for entry in case["studio"]["probabilities"]:
                    self.assertAlmostEqual(answer["probabilities"][entry["label"]], entry["p"], delta=TOLERANCE)

    def test_the_weights_must_fit_the_module(self):
        import numpy as np

        folder = fixtures("torch")["mlp"]
        model, = import_fresh(folder, "model")
        arrays = dict(np.load(os.path.join(folder, "weights.npz")))
        arrays.pop("dense_1.bias")
        broken = os.path.join(folder, "broken.npz")
        np.savez(broken, **arrays)
        with self.assertRaisesRegex(ValueError, "missing.*dense_1.bias"):
            model.load_weights(model.TensorloomModel(), broken)

    def test_a_swept_module_reads_its_widths_from_the_params(self):
        import torch

        swept, = import_fresh(os.path.join(os.environ["TENSORLOOM_PYTHON_FIXTURES"], "torch-swept"), "swept")
        for units, activation in [(3, "tanh"), (40, "relu")]:
            params = {"nodes.dense_1.params.units": units, "nodes.dense_1.params.activation": activation, "nodes.dropout_1.params.rate": 0.1}
            module = swept.Swept(params).eval()
            self.assertEqual(module.dense_1.out_features, units)
            self.assertEqual(module.dense_2.in_features, units)
            self.assertEqual(tuple(module(torch.zeros(5, 4)).shape), (5, 3))


if __name__ == "__main__":
    unittest.main()
