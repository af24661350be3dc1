// The browser's buffer: uploads and their chunks in IndexedDB, so that an upload outlives a reload,
// a closed tab or a server that is down. A chunk is deleted only once the server has accepted it.
//
// Store "uploads": one record per file, keyed by a generated id:
//   { id, name, size, type, lastModified, chunkSize, chunkCount, buffered, state, error, addedAt, completedAt }
// Store "chunks": the bytes still to send, keyed by [uploadId, index]: { uploadId, index, data: ArrayBuffer }

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

/** A random id; crypto.randomUUID exists only in secure contexts, getRandomValues everywhere. */
export function newUploadId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
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

  async putChunk(uploadId, index, data) {
    const tx = this.db.transaction(CHUNKS, 'readwrite');
    tx.objectStore(CHUNKS).put({ uploadId, index, data });
    await finished(tx);
  }

  /** The chunk's bytes, or undefined when it is no longer here (already accepted by the server). */
  async chunk(uploadId, index) {
    const tx = this.db.transaction(CHUNKS, 'readonly');
    const row = await request(tx.objectStore(CHUNKS).get([uploadId, index]));
    return row?.data;
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
