// Precompress files for static serving: `node tools/compress.mjs FILE...` writes FILE.br (brotli,
// best quality) and FILE.gz (gzip, level 9) next to each FILE. Node's zlib has both built in;
// Python's standard library has no brotli. tools/vendor.py decides which files need it.
import { readFileSync, writeFileSync } from "node:fs";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

for (const path of process.argv.slice(2)) {
  const data = readFileSync(path);
  const params = {
    [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
    [constants.BROTLI_PARAM_SIZE_HINT]: data.length,
  };
  writeFileSync(`${path}.br`, brotliCompressSync(data, { params }));
  writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
}
