// The whole file's SHA-256, in a Web Worker so that the page stays responsive while a large file is
// digested (app/sha256.js runs at roughly 85 MB/s: seconds of work for a file of a few hundred MB).
// The page posts { file } (a File or Blob); the worker reads it in slices, in order, never the whole
// file at once, and answers { progress: bytes } now and then, then { sha256: '<hex>' } or
// { error: '<message>' }. One worker per file; the page terminates it when the file is removed.
import { Sha256 } from './sha256.js';

const SLICE_BYTES = 4 * 1024 * 1024;

self.addEventListener('message', async (event) => {
  const { file } = event.data;
  try {
    const hash = new Sha256();
    for (let offset = 0; offset < file.size; offset += SLICE_BYTES) {
      hash.update(await file.slice(offset, offset + SLICE_BYTES).arrayBuffer());
      self.postMessage({ progress: Math.min(file.size, offset + SLICE_BYTES) });
    }
    self.postMessage({ sha256: hash.hex() });
  } catch (e) {
    self.postMessage({ error: String(e?.message ?? e) });
  }
});
