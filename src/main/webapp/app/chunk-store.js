// The browser's buffer: uploads and their chunks in IndexedDB, so that an upload outlives a reload,
// a closed tab or a server that is down. A chunk is deleted only once the server has accepted it.
//
// Store "uploads": one record per file, keyed by a generated id:
//   { id, uploadId, name, size, type, lastModified, chunkSize, chunkCount, sha256, buffered, state, error,
//     actualFilename, addedAt, completedAt }
//   uploadId (the X-Upload-Id the server knows the upload by; equal to id) and sha256 (hex digest of the
//   whole file) are missing in records written by the page before protocol v2: those go as plain uploads.
// Store "chunks": the bytes still to send, keyed by [uploadId, index]:
//   { uploadId, index, data: ArrayBuffer, digest: 'sha-256=:<base64>:' (missing in older rows) }

const DB_NAME = 'indexedcp-uploader';
const DB_VERSION = 1;
const UPLOADS = 'uploads';
const CHUNKS = 'chunks';

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function finished(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new DOMException('transaction aborted', 'AbortError'));
  });
}

function chunksOf(uploadId) {
  return IDBKeyRange.bound([uploadId, 0], [uploadId, Number.MAX_SAFE_INTEGER]);
}

/**
 * A random (version 4) UUID: the upload's id here and on the server (X-Upload-Id). crypto.randomUUID
 * exists only in secure contexts (https, localhost); getRandomValues everywhere.
 */
export function newUploadId() {
  if (typeof crypto.randomUUID === 'function') {
    return crypto.randomUUID();
  }
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export class ChunkStore {
  constructor(db) {
    this.db = db;
  }

  static async open() {
    const open = indexedDB.open(DB_NAME, DB_VERSION);
    open.onupgradeneeded = () => {
      const db = open.result;
      if (!db.objectStoreNames.contains(UPLOADS)) {
        db.createObjectStore(UPLOADS, { keyPath: 'id' });
      }
      if (!db.objectStoreNames.contains(CHUNKS)) {
        db.createObjectStore(CHUNKS, { keyPath: ['uploadId', 'index'] });
      }
    };
    return new ChunkStore(await request(open));
  }

  async putUpload(upload) {
    const tx = this.db.transaction(UPLOADS, 'readwrite');
    tx.objectStore(UPLOADS).put(upload);
    await finished(tx);
  }

  async uploads() {
    const tx = this.db.transaction(UPLOADS, 'readonly');
    const all = await request(tx.objectStore(UPLOADS).getAll());
    return all.sort((a, b) => a.addedAt - b.addedAt);
  }

  /** Forgets the upload and whatever of its bytes is still here. */
  async deleteUpload(uploadId) {
    const tx = this.db.transaction([UPLOADS, CHUNKS], 'readwrite');
    tx.objectStore(UPLOADS).delete(uploadId);
    tx.objectStore(CHUNKS).delete(chunksOf(uploadId));
    await finished(tx);
  }

  async deleteChunksOf(uploadId) {
    const tx = this.db.transaction(CHUNKS, 'readwrite');
    tx.objectStore(CHUNKS).delete(chunksOf(uploadId));
    await finished(tx);
  }

  /** digest: the chunk's Content-Digest value, computed once when the chunk is stored. */
  async putChunk(uploadId, index, data, digest) {
    const tx = this.db.transaction(CHUNKS, 'readwrite');
    tx.objectStore(CHUNKS).put({ uploadId, index, data, digest });
    await finished(tx);
  }

  /** { data, digest } of the chunk, or undefined when it is no longer here (the server has it). */
  async chunk(uploadId, index) {
    const tx = this.db.transaction(CHUNKS, 'readonly');
    const row = await request(tx.objectStore(CHUNKS).get([uploadId, index]));
    return row ? { data: row.data, digest: row.digest } : undefined;
  }

  async deleteChunk(uploadId, index) {
    const tx = this.db.transaction(CHUNKS, 'readwrite');
    tx.objectStore(CHUNKS).delete([uploadId, index]);
    await finished(tx);
  }

  /** Indexes of the chunks still held for this upload, ascending. */
  async chunkIndexes(uploadId) {
    const tx = this.db.transaction(CHUNKS, 'readonly');
    const keys = await request(tx.objectStore(CHUNKS).getAllKeys(chunksOf(uploadId)));
    return keys.map((key) => key[1]);
  }

  /** Chunks whose upload record is gone (a tab closed between the two deletes): dropped. */
  async deleteOrphanChunks(knownIds) {
    const tx = this.db.transaction(CHUNKS, 'readwrite');
    const store = tx.objectStore(CHUNKS);
    const keys = await request(store.getAllKeys());
    const orphans = new Set(keys.map((key) => key[0]).filter((id) => !knownIds.has(id)));
    orphans.forEach((id) => store.delete(chunksOf(id)));
    await finished(tx);
  }
}
