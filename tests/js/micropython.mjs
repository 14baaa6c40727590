// Run a Python script in MicroPython (the page's default interpreter, the same WebAssembly build)
// under Node, with the page's modules (site/*.py) importable and TF.js (cpu backend) as
// `window.tf`: a stand-in `pyscript` module gives `window` (globalThis) and `pyscript.ffi`
// (MicroPython's own jsffi), as PyScript does in the page.
// Usage: node tests/js/micropython.mjs SCRIPT.py [MODEL_DIR] [--to-hex]
// MODEL_DIR: a TF.js layers model, loaded as `window.model`. --to-hex: give Uint8Array the
// toHex() of 2025 browsers (Node 20 lacks it), to run the page's other path.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { loadMicroPython } from "@micropython/micropython-webassembly-pyscript";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const args = process.argv.slice(2);
const toHex = args.includes("--to-hex");
const [scriptPath, modelDir] = args.filter((arg) => arg !== "--to-hex");
if (!scriptPath) {
  console.error("usage: micropython.mjs SCRIPT.py [MODEL_DIR] [--to-hex]");
  process.exit(2);
}

if (toHex) {
  Uint8Array.prototype.toHex = function () {
    return Array.from(this, (byte) => byte.toString(16).padStart(2, "0")).join("");
  };
}
await tf.setBackend("cpu");
globalThis.tf = tf;
if (modelDir) {
  const modelJson = JSON.parse(fs.readFileSync(path.join(modelDir, "model.json"), "utf8"));
  const weightSpecs = modelJson.weightsManifest.flatMap((group) => group.weights);
  const all = Buffer.concat(
    modelJson.weightsManifest.flatMap((group) =>
      group.paths.map((p) => fs.readFileSync(path.join(modelDir, p))),
    ),
  );
  const weightData = all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength);
  globalThis.model = await tf.loadLayersModel(
    tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs, weightData }),
  );
}

const mp = await loadMicroPython({
  heapsize: 64 * 1024 * 1024,
  stdout: (line) => process.stdout.write(`${line}\n`),
  stderr: (line) => process.stderr.write(`${line}\n`),
});
const site = path.join(root, "site");
for (const name of fs.readdirSync(site).filter((file) => file.endsWith(".py"))) {
  mp.FS.writeFile(`/${name}`, fs.readFileSync(path.join(site, name)));
}
mp.FS.mkdir("/pyscript");
mp.FS.writeFile("/pyscript/__init__.py", "import js\nwindow = js\ndocument = None\n");
mp.FS.writeFile("/pyscript/ffi.py", "from jsffi import create_proxy, to_js\n");
try {
  await mp.runPythonAsync(fs.readFileSync(scriptPath, "utf8"));
} catch (error) {
  console.error(String(error));
  process.exit(1);
}
