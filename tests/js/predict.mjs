// Load a TF.js layers model from disk with plain @tensorflow/tfjs (cpu backend) and predict.
// Usage: node tests/js/predict.mjs MODEL_DIR INPUTS.f32 OUTPUTS.f32 [FEATURES.f32]
// INPUTS.f32: N*28*28 little-endian float32; OUTPUTS.f32 gets N*classes float32 (the first
// output, softmax), FEATURES.f32 N*width float32 (the second output, the features), if given.
import fs from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";

const [modelDir, inputsPath, outputsPath, featuresPath] = process.argv.slice(2);
if (!outputsPath) {
  console.error("usage: predict.mjs MODEL_DIR INPUTS.f32 OUTPUTS.f32 [FEATURES.f32]");
  process.exit(2);
}

const modelJson = JSON.parse(fs.readFileSync(path.join(modelDir, "model.json"), "utf8"));
const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
const shards = modelJson.weightsManifest.flatMap((group) =>
  group.paths.map((p) => fs.readFileSync(path.join(modelDir, p))),
);
const all = Buffer.concat(shards);
const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);

await tf.setBackend("cpu");
const model = await tf.loadLayersModel(
  tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData }),
);
const raw = fs.readFileSync(inputsPath);
const inputs = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
const n = inputs.length / 784;
const results = tf.tidy(() => {
  const predicted = model.predict(tf.tensor4d(inputs, [n, 28, 28, 1]));
  return (Array.isArray(predicted) ? predicted : [predicted]).map((t) => t.dataSync());
});
const write = (file, values) =>
  fs.writeFileSync(file, Buffer.from(values.buffer, values.byteOffset, values.byteLength));
write(outputsPath, results[0]);
if (featuresPath) {
  if (results.length < 2) {
    console.error(`${modelDir}: the model has no second output (features)`);
    process.exit(1);
  }
  write(featuresPath, results[1]);
}
console.log(
  `predicted ${n} images with backend ${tf.getBackend()}, input ${model.inputs[0].shape}, ` +
    `outputs ${model.outputs.map((o) => o.shape).join(" and ")}`,
);
