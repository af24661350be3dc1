// Sending: the same requests as the Java and Python clients (Bearer key, X-File-Name,
// X-Chunk-Index, octet-stream body), status first, a few chunks at a time, retries with
// exponential backoff, and a full stop on 401 until another key is entered. The key may as well
// be a token (JWT) of the identity provider: it goes in the same header, and GET /me says whose
// it is and what it may do (issue 14).
//
// Protocol v2 (PROTOCOL.md) where the server offers it: every upload has its own id (X-Upload-Id),
// every chunk carries its SHA-256 (Content-Digest, computed when it was stored), and once every
// chunk is in, POST /upload/complete hands the server the totals and the whole file's SHA-256; the
// server checks them and only then puts the file in place. An old server ignores the headers and
// answers the completion 404/405: the upload then ends as it always did.
import { newUploadId } from './chunk-store.js';
import { sha256 } from './sha256.js';

export const CHUNK_SIZE = 1024 * 1024;
const CONCURRENCY = 3;
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 16000;
const RATE_WINDOW_MS = 5000;
/** A request that has not been answered by then is given up and retried (a TimeoutError, not an abort). */
const REQUEST_TIMEOUT_MS = 120000;
/** Where a server that lists its uploads answers; a server without it says 404 and the list stays hidden. */
const LISTING_PATH = 'uploads';
/** While chunks go out, the server's list is asked again at most this often. */
const LISTING_INTERVAL_MS = 2000;
/** How often a completion that finds chunks missing (409) is repaired and asked again. */
const COMPLETION_ROUNDS = 3;
/** Where the server says whose the key or token is: { principal, role }. An older server says 404. */
const CALLER_PATH = 'me';
/** The role that may list and read status but not upload or cancel (the server answers it 403). */
const READER = 'reader';
/** Why a file waits while the key may only look. */
const READ_ONLY_NOTE = 'this key may only look; enter one that may upload';
/** Cancellations (DELETE /upload) not yet answered, kept across reloads: { filename, uploadId, owner? }[]. */
const PENDING_CANCELS_ITEM = 'indexedcp.pendingCancels';
/** Attempts of one DELETE before it waits for the next key or the next visit of the page. */
const CANCEL_ATTEMPTS = 6;

/** The upload must stop: the key was rejected, the upload was removed, or the page is going away. */
class Stopped extends Error {}

/** The server refused this file for good (400, 413, ...): the reason is its message. */
class Refused extends Error {}

/** What the server answered with a retryable status (or what the network did). */
class Transient extends Error {
  constructor(message, retryAfterMs) {
    super(message);
    this.retryAfterMs = retryAfterMs;
  }
}

function chunkBytes(upload, index) {
  return Math.max(0, Math.min(upload.chunkSize, upload.size - index * upload.chunkSize));
}

function base64(bytes) {
  let binary = '';
  bytes.forEach((b) => { binary += String.fromCharCode(b); });
  return btoa(binary);
}

/**
 * The chunk's RFC 9530 Content-Digest value. SubtleCrypto where the page has it (a secure context:
 * https or localhost), our own SHA-256 elsewhere.
 */
async function contentDigest(data) {
  const digest = crypto.subtle ? new Uint8Array(await crypto.subtle.digest('SHA-256', data)) : sha256(data);
  return `sha-256=:${base64(digest)}:`;
}

function retryAfterMs(response) {
  const header = response.headers.get('Retry-After');
  if (!header) {
    return undefined;
  }
  const seconds = Number(header);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

async function errorMessage(response) {
  try {
    const body = await response.json();
    return [body.error, body.message].filter(Boolean).join(': ') || `HTTP ${response.status}`;
  } catch {
    return `HTTP ${response.status}`;
  }
}

/** Why the server would refuse this name whatever the encoding, or null when it can be sent. */
export function unsendableName(name) {
  if (!name) {
    return 'the file has no name';
  }
  if (/[\x00-\x1f\x7f]/.test(name)) {
    return 'the file name contains control characters; rename the file';
  }
  if (name.startsWith('.')) {
    return 'the server does not accept names that start with a dot; rename the file';
  }
  return null;
}

/** RFC 8187 attr-char: what stays literal in an ext-value; every other byte is %XX. */
const ATTR_CHAR = /^[A-Za-z0-9!#$&+\-.^_`|~]$/;

/** The name's UTF-8 bytes, attr-chars literal, every other byte as %XX (upper-case hex). */
export function percentEncodeUtf8(name) {
  let out = '';
  for (const byte of new TextEncoder().encode(name)) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && ATTR_CHAR.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * The name headers of a chunk (PROTOCOL.md). A printable-ASCII name goes as it is in X-File-Name.
 * Any other name (a header of fetch() cannot hold characters beyond U+00FF, and the server would
 * read Latin-1 anyway) goes as X-File-Name*: UTF-8''<percent-encoded UTF-8>, which the server
 * prefers, and X-File-Name carries the same percent-encoded text for a server that does not know
 * the starred form (it then stores the file under that ASCII text rather than refusing it).
 */
export function nameHeaders(name) {
  if (/^[\x20-\x7e]*$/.test(name)) {
    return { 'X-File-Name': name };
  }
  const encoded = percentEncodeUtf8(name);
  return { 'X-File-Name': encoded, 'X-File-Name*': `UTF-8''${encoded}` };
}

/** Files digested at once (one worker each); more files wait for a free one. */
const HASH_WORKERS = Math.max(1, Math.min(2, navigator.hardwareConcurrency || 1));
const hashSlots = { free: HASH_WORKERS, waiting: [] };

function acquireHashSlot() {
  if (hashSlots.free > 0) {
    hashSlots.free -= 1;
    return Promise.resolve();
  }
  return new Promise((resolve) => { hashSlots.waiting.push(resolve); });
}

function releaseHashSlot() {
  const next = hashSlots.waiting.shift();
  if (next) {
    next();
  } else {
    hashSlots.free += 1;
  }
}

/**
 * The whole file's SHA-256, computed in a Web Worker (app/hash-worker.js) that reads the file in
 * slices itself, at most HASH_WORKERS files at a time. { promise: hex digest, stop(): ends the
 * worker (the promise then rejects) }. onProgress(bytes hashed) is called as it goes.
 */
function hashInWorker(file, onProgress) {
  let worker = null;
  let holding = false;
  let stopped = false;
  const letGo = () => {
    worker?.terminate();
    worker = null;
    if (holding) {
      holding = false;
      releaseHashSlot();
    }
  };
  let fail;
  const promise = new Promise((resolve, reject) => {
    fail = reject;
    acquireHashSlot().then(() => {
      holding = true;
      if (stopped) {
        letGo();
        return;
      }
      try {
        worker = new Worker(new URL('./hash-worker.js', import.meta.url), { type: 'module', name: 'indexedcp-sha256' });
      } catch (e) {
        reject(new Error(`the hashing worker could not be started: ${e?.message ?? e}`));
        return;
      }
      worker.addEventListener('message', (event) => {
        const { progress, sha256: hex, error } = event.data;
        if (progress !== undefined) {
          onProgress(progress);
        } else if (hex) {
          resolve(hex);
        } else {
          reject(new Error(error ?? 'the hashing worker gave no digest'));
        }
      });
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        reject(new Error(`the hashing worker failed: ${event.message || 'could not be started'}`));
      });
      worker.postMessage({ file });
    });
  }).finally(letGo);
  promise.catch(() => {}); // awaited later; a stop() before then is no unhandled rejection
  return {
    promise,
    stop: () => {
      stopped = true;
      fail(new Stopped('removed'));
    },
  };
}

function loadPendingCancels() {
  try {
    const list = JSON.parse(localStorage.getItem(PENDING_CANCELS_ITEM) ?? '[]');
    return Array.isArray(list) ? list.filter((c) => c && typeof c.filename === 'string' && typeof c.uploadId === 'string') : [];
  } catch {
    return [];
  }
}

function savePendingCancels(list) {
  try {
    if (list.length === 0) {
      localStorage.removeItem(PENDING_CANCELS_ITEM);
    } else {
      localStorage.setItem(PENDING_CANCELS_ITEM, JSON.stringify(list));
    }
  } catch {
    // storage full or refused: the server's expiry removes the upload in the end
  }
}

function pause(ms) {
  return new Promise((resolve) => { setTimeout(resolve, ms); });
}

/**
 * One file's progress as the page shows it. The record is what IndexedDB holds; the rest lives as
 * long as the page.
 */
class UploadView {
  constructor(record, resumed) {
    this.record = record;
    this.resumed = resumed;
    this.state = record.state === 'done' ? 'done' : record.state === 'failed' ? 'failed' : 'queued';
    this.error = record.error ?? null;
    this.note = null;
    this.retryAt = 0;
    this.ackedBytes = record.state === 'done' ? record.size : 0;
    this.ackedChunks = record.state === 'done' ? record.chunkCount : 0;
    this.sentChunks = 0;
    this.skippedChunks = 0;
    this.duplicateChunks = 0;
    /** With a v2 server, chunks stay in IndexedDB until the completion succeeds (see upload()). */
    this.keepChunks = false;
    this.samples = [];
    this.controller = new AbortController();
    /** Aborted when the file is removed: waits and the reading of the file end; requests in flight finish. */
    this.cancelled = new AbortController();
    /** Requests of this upload that have not been answered yet (a DELETE waits for them). */
    this.inflight = new Set();
    this.hashedBytes = 0;
    this.removed = false;
  }

  get id() {
    return this.record.id;
  }

  /** Bytes per second acknowledged over the last few seconds, or 0. */
  rate(now = Date.now()) {
    const recent = this.samples.filter((s) => now - s.at <= RATE_WINDOW_MS);
    if (recent.length < 2 || this.state === 'done') {
      return 0;
    }
    const first = recent[0];
    const span = (now - first.at) / 1000;
    return span > 0 ? (this.ackedBytes - first.bytes) / span : 0;
  }

  acknowledged(bytes) {
    this.ackedBytes += bytes;
    this.ackedChunks += 1;
    const now = Date.now();
    this.samples.push({ at: now, bytes: this.ackedBytes });
    this.samples = this.samples.filter((s) => now - s.at <= RATE_WINDOW_MS * 2);
  }
}

export class Uploader extends EventTarget {
  constructor(store, baseUrl = new URL('./', location.href)) {
    super();
    this.store = store;
    this.baseUrl = baseUrl;
    this.views = [];
    this.key = null;
    this.keyRejected = false;
    this.bytesPerSecond = 0;
    this.nextSendAt = 0;
    this.requests = 0;
    this.running = false;
    this.wakers = new Set();
    this.listingAvailable = true;
    this.listedAt = 0;
    this.pendingCancels = loadPendingCancels();
    this.cancelling = false;
    /** { principal, role } as GET /me said, or null: not asked yet, or a server without /me. */
    this.caller = null;
    /** Whether /me has answered for this key (or is not there): uploads wait for it, see identify(). */
    this.identified = false;
    /** The server refused a change with 403 although /me did not say reader (a role changed meanwhile). */
    this.writeRefused = false;
    this.identifyRound = 0;
  }

  /** Whether this key may only look: nothing is sent, cancelled or added with it. */
  get readOnly() {
    return this.caller?.role === READER || this.writeRefused;
  }

  // --- what the page calls ---------------------------------------------------------------------

  /** Picks up what IndexedDB still holds from an earlier visit: those uploads are "resumed". */
  async restore() {
    const records = await this.store.uploads();
    await this.store.deleteOrphanChunks(new Set([...records.map((r) => r.id), ...this.views.map((v) => v.id)]));
    const known = new Set(this.views.map((v) => v.id));
    for (const record of records.filter((r) => !known.has(r.id))) {
      if (record.state === 'pending' && !record.buffered) {
        // The page closed while the file was still being read: its bytes are incomplete.
        record.state = 'failed';
        record.error = 'the page closed before the file was fully stored; add it again';
        await this.store.deleteChunksOf(record.id);
        await this.store.putUpload(record);
      }
      this.views.push(new UploadView(record, record.state === 'pending'));
    }
    this.changed();
    this.kick();
  }

  setKey(key) {
    this.key = key || null;
    this.keyRejected = false;
    this.listingAvailable = true;
    this.caller = null;
    this.identified = false;
    this.writeRefused = false;
    this.views.filter((v) => v.state === 'queued').forEach((v) => { v.note = null; });
    this.listing(null); // what the old key showed is not shown for the new one (or for none)
    this.callerChanged();
    this.changed();
    this.refreshListing();
    this.identify(); // then the queue and the cancellations owed go on, if the key may write
  }

  /** 0 or less: no limit. */
  setRateLimit(bytesPerSecond) {
    this.bytesPerSecond = bytesPerSecond > 0 ? bytesPerSecond : 0;
    this.nextSendAt = 0;
  }

  /** Stores the file's chunks in IndexedDB, then queues it. Works with the server down. */
  async add(file) {
    const id = newUploadId();
    const record = {
      id,
      uploadId: id,
      name: file.name,
      size: file.size,
      type: file.type,
      lastModified: file.lastModified,
      chunkSize: CHUNK_SIZE,
      chunkCount: file.size === 0 ? 1 : Math.ceil(file.size / CHUNK_SIZE), // an empty file: one empty chunk
      sha256: null,
      buffered: false,
      state: 'pending',
      error: null,
      addedAt: Date.now(),
      completedAt: null,
      actualFilename: null,
    };
    const view = new UploadView(record, false);
    this.views.push(view);
    const unsendable = unsendableName(file.name);
    if (unsendable) {
      view.state = 'failed';
      view.error = unsendable;
      this.changed();
      return;
    }
    view.state = 'storing';
    this.changed();
    let hashing;
    try {
      await this.store.putUpload(record);
      // The whole file's SHA-256 is computed in a worker, which reads the file on its own while
      // the chunks are cut and stored here, each with its own digest (SubtleCrypto, off this thread).
      hashing = hashInWorker(file, (bytes) => {
        view.hashedBytes = bytes;
        this.changed();
      });
      view.stopHashing = hashing.stop;
      for (let index = 0; index < record.chunkCount; index++) {
        if (view.removed) {
          return;
        }
        const start = index * CHUNK_SIZE;
        const data = await file.slice(start, start + chunkBytes(record, index)).arrayBuffer();
        await this.store.putChunk(record.id, index, data, await contentDigest(data));
        view.storedChunks = index + 1;
        this.changed();
      }
      record.sha256 = await hashing.promise;
      if (view.removed) {
        return;
      }
      record.buffered = true;
      await this.store.putUpload(record);
    } catch (e) {
      hashing?.stop();
      if (view.removed) {
        return;
      }
      view.state = 'failed';
      view.error = e?.name === 'QuotaExceededError'
        ? 'not enough browser storage for this file'
        : `could not store the file in the browser: ${e?.message ?? e}`;
      record.state = 'failed';
      record.error = view.error;
      await this.store.deleteChunksOf(record.id).catch(() => {});
      await this.store.putUpload(record).catch(() => {});
      this.changed();
      return;
    }
    view.state = 'queued';
    this.changed();
    this.kick();
  }

  /**
   * Stops the upload if it runs and forgets it here and in IndexedDB. An upload that may have
   * reached the server (stored completely, not done) is cancelled there too: DELETE /upload, once
   * its requests in flight are answered (so that no chunk of it lands after the DELETE). Without a
   * valid key, or with the server away, the DELETE waits (kept across reloads) and is sent later.
   */
  async remove(id) {
    const view = this.views.find((v) => v.id === id);
    if (!view) {
      return;
    }
    const record = view.record;
    const onServer = Boolean(record.uploadId) && record.buffered && view.state !== 'done';
    view.removed = true;
    view.cancelled.abort();
    if (!onServer) {
      view.controller.abort(); // nothing to cancel on the server: its requests in flight can stop at once
    }
    view.stopHashing?.();
    this.views = this.views.filter((v) => v !== view);
    if (onServer) {
      // Whose upload it is, so that an admin's key can still cancel it after the key has changed.
      const owner = this.caller?.principal;
      this.pendingCancels = [...this.pendingCancels.filter((c) => c.uploadId !== record.uploadId),
        { filename: record.name, uploadId: record.uploadId, ...(owner ? { owner } : {}) }];
      savePendingCancels(this.pendingCancels);
    }
    await this.store.deleteUpload(id);
    this.changed();
    if (onServer) {
      await Promise.allSettled([...view.inflight]);
      await this.sendCancels();
    }
  }

  /** Sends the DELETEs still owed to the server, one after another; those it cannot send stay. */
  async sendCancels() {
    if (this.cancelling) {
      this.cancelAgain = true;
      return;
    }
    this.cancelling = true;
    try {
      do {
        this.cancelAgain = false;
        for (const cancel of [...this.pendingCancels]) {
          if (!this.key || this.keyRejected || !this.identified || this.readOnly) {
            return; // kept for a key that may cancel (identify() sends them once it knows)
          }
          if (await this.cancelOnServer(cancel)) {
            this.pendingCancels = this.pendingCancels.filter((c) => c !== cancel);
            savePendingCancels(this.pendingCancels);
          }
        }
      } while (this.cancelAgain);
    } finally {
      this.cancelling = false;
    }
    this.refreshListing();
  }

  /**
   * DELETE /upload?filename=…&uploadId=…: true once the server has no such upload (200, or 404).
   * An admin names the owner when the upload was another principal's; anyone else can only
   * cancel its own (the server answers 404 for the rest, and expires them in the end).
   */
  async cancelOnServer({ filename, uploadId, owner }) {
    const query = new URLSearchParams({ filename, uploadId });
    if (owner && this.caller?.role === 'admin' && owner !== this.caller.principal) {
      query.set('owner', owner);
    }
    for (let attempt = 0; attempt < CANCEL_ATTEMPTS; attempt++) {
      if (attempt > 0) {
        await pause(Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** (attempt - 1)));
      }
      let response;
      try {
        response = await this.fetch(null, `upload?${query}`, { method: 'DELETE' });
      } catch (e) {
        if (e instanceof Stopped) {
          return false;
        }
        continue; // the server cannot be reached: again, a little later
      }
      if (response.ok || response.status === 404) {
        return true;
      }
      if (response.status === 401) {
        this.rejectKey();
        return false;
      }
      if (response.status === 403) {
        this.refuseWrites();
        return false; // kept for a key that may cancel
      }
      if (response.status === 400 || response.status === 405) {
        return true; // a server without cancellation, or one that refuses the name: nothing to undo there
      }
      // 409 (its completion is placing the file right now), 408, 429, 5xx: again, a little later
    }
    return false;
  }

  async clearFinished() {
    const finishedViews = this.views.filter((v) => v.state === 'done' || v.state === 'failed');
    for (const view of finishedViews) {
      await this.remove(view.id);
    }
  }

  /** Cuts every backoff short: the network came back, or the user asked. */
  retryNow() {
    this.wakers.forEach((wake) => wake());
    this.kick();
  }

  // --- the queue ------------------------------------------------------------------------------

  kick() {
    if (this.running || !this.key || this.keyRejected || !this.identified || this.readOnly) {
      return;
    }
    this.running = true;
    this.pump().finally(() => {
      this.running = false;
      if (this.views.some((v) => v.state === 'queued') && this.key && !this.keyRejected) {
        this.kick();
      }
    });
  }

  /** One file at a time, in the order they were added; each file sends a few chunks at once. */
  async pump() {
    for (;;) {
      if (!this.key || this.keyRejected || this.readOnly) {
        return;
      }
      const next = this.views.find((v) => v.state === 'queued' && v.record.buffered);
      if (!next) {
        return;
      }
      await this.upload(next);
    }
  }

  async upload(view) {
    const record = view.record;
    view.controller = new AbortController();
    try {
      view.state = 'checking';
      this.changed();
      const status = await this.withRetry(view, () => this.status(view));
      if (status?.complete) {
        // Completed by the server already: the page went away before it could write that down.
        if (record.sha256 && status.sha256 && status.sha256 !== record.sha256) {
          throw new Refused('the server completed this upload with different content');
        }
        await this.finish(view, status.actualFilename);
        return;
      }
      // A server that answers with the upload id speaks v2. Its chunks stay here until it has
      // confirmed the whole file, so that a completion finding one missing (409) can be repaired;
      // for a plain server a chunk is dropped as soon as it is accepted.
      const v2 = Boolean(record.uploadId) && status?.uploadId !== undefined;
      view.keepChunks = v2 && Boolean(record.sha256);
      const held = new Set(status?.receivedChunks ?? []);
      view.skippedChunks = [...held].filter((i) => i >= 0 && i < record.chunkCount).length;
      const pending = [];
      for (const index of await this.store.chunkIndexes(record.id)) {
        if (!held.has(index)) {
          pending.push(index);
        } else if (!view.keepChunks) {
          await this.store.deleteChunk(record.id, index);
        }
      }
      await this.send(view, pending);

      // Records of the page before v2 have no file digest: they end as plain uploads.
      const completed = record.uploadId && record.sha256 ? await this.complete(view, v2) : null;
      if (completed === null && status !== null) {
        await this.verify(view);
      }
      await this.finish(view, completed?.actualFilename);
    } catch (e) {
      if (e instanceof Stopped || view.removed) {
        if (!view.removed) {
          view.state = 'queued';
          view.note = this.keyRejected ? 'waiting for a valid API key' : this.readOnly ? READ_ONLY_NOTE : null;
          this.changed();
        }
        return;
      }
      view.controller.abort(); // the other chunks of this file stop too
      const reason = e instanceof Refused ? e.message : `unexpected error: ${e?.message ?? e}`;
      view.state = 'failed';
      view.error = reason;
      record.state = 'failed';
      record.error = reason;
      await this.store.deleteChunksOf(record.id).catch(() => {});
      await this.store.putUpload(record).catch(() => {});
      this.changed();
    }
  }

  /** Sends these chunks, a few at a time; the progress counts the rest as done. */
  async send(view, pending) {
    const record = view.record;
    const pendingBytes = pending.reduce((sum, i) => sum + chunkBytes(record, i), 0);
    view.ackedBytes = record.size - pendingBytes;
    view.ackedChunks = record.chunkCount - pending.length;
    view.samples = [{ at: Date.now(), bytes: view.ackedBytes }];
    view.state = 'uploading';
    this.changed();
    const queue = [...pending];
    const workers = Array.from({ length: Math.min(CONCURRENCY, queue.length) }, () => this.worker(view, queue));
    await Promise.all(workers);
  }

  /**
   * POST /upload/complete until the server has placed the file: its answer, or null for a server
   * without completion (404/405 while it did not speak v2 in the status). A 409 (chunks missing)
   * is repaired from what this browser still holds, then asked again.
   */
  async complete(view, v2) {
    const record = view.record;
    for (let round = 1; ; round++) {
      view.state = 'completing';
      this.changed();
      const result = await this.withRetry(view, () => this.postComplete(view));
      if (result.status === 200) {
        return result.body;
      }
      if ((result.status === 404 || result.status === 405) && !v2) {
        return null;
      }
      if (result.status === 422 || round >= COMPLETION_ROUNDS) {
        throw new Refused(result.message);
      }
      // 409, or 404 from a v2 server (it no longer knows the upload): send what it misses.
      view.state = 'checking';
      this.changed();
      const status = await this.withRetry(view, () => this.status(view));
      if (status?.complete) {
        return status;
      }
      const held = new Set(status?.receivedChunks ?? []);
      const missing = [];
      for (let i = 0; i < record.chunkCount; i++) {
        if (!held.has(i)) {
          missing.push(i);
        }
      }
      if (missing.length === 0) {
        throw new Refused(result.message); // every chunk is there and still the totals do not match
      }
      const stored = new Set(await this.store.chunkIndexes(record.id));
      const lost = missing.filter((i) => !stored.has(i));
      if (lost.length > 0) {
        throw new Refused(`${result.message}; chunk(s) ${lost.slice(0, 5).join(', ')} are no longer in this browser: `
          + 'add the file again');
      }
      await this.send(view, missing);
    }
  }

  /** The upload is over: its bytes leave IndexedDB (first, so that a crash leaves no orphans), its record says done. */
  async finish(view, actualFilename) {
    const record = view.record;
    await this.store.deleteChunksOf(record.id);
    record.state = 'done';
    record.completedAt = Date.now();
    record.actualFilename = actualFilename ?? null;
    await this.store.putUpload(record);
    view.state = 'done';
    view.note = null;
    view.ackedBytes = record.size;
    view.ackedChunks = record.chunkCount;
    this.changed();
    this.refreshListing();
  }

  /** Takes chunk indexes off the shared list until it is empty. */
  async worker(view, pending) {
    while (pending.length > 0) {
      const index = pending.shift();
      const chunk = await this.store.chunk(view.id, index);
      if (chunk === undefined) {
        continue;
      }
      const bytes = chunk.data.byteLength;
      await this.throttle(view, bytes);
      const receipt = await this.withRetry(view, () => this.post(view, index, chunk));
      if (receipt?.alreadyReceived) {
        view.duplicateChunks += 1;
      } else {
        view.sentChunks += 1;
      }
      if (!view.keepChunks) {
        await this.store.deleteChunk(view.id, index);
      }
      view.acknowledged(bytes);
      if (Date.now() - this.listedAt >= LISTING_INTERVAL_MS) {
        this.refreshListing();
      }
      if (view.state !== 'uploading') {
        view.state = 'uploading';
        view.note = null;
      }
      this.changed();
    }
  }

  /** After the last chunk, on a server without completion: it must hold every index, or something was lost there. */
  async verify(view) {
    const held = new Set((await this.withRetry(view, () => this.status(view)))?.receivedChunks ?? []);
    const missing = [];
    for (let i = 0; i < view.record.chunkCount && missing.length < 5; i++) {
      if (!held.has(i)) {
        missing.push(i);
      }
    }
    if (missing.length > 0) {
      throw new Refused(`the server no longer holds chunk(s) ${missing.join(', ')}; add the file again`);
    }
  }

  /** The optional speed limit: a chunk leaves no earlier than its share of the budget allows. */
  async throttle(view, bytes) {
    if (this.bytesPerSecond <= 0) {
      return;
    }
    const now = Date.now();
    const at = Math.max(now, this.nextSendAt);
    this.nextSendAt = at + (bytes / this.bytesPerSecond) * 1000;
    if (at > now) {
      await this.sleep(view, at - now, false);
    }
  }

  // --- requests -------------------------------------------------------------------------------

  /** Every request of the page goes through here: none leaves once the key has been rejected. */
  async fetch(view, path, init) {
    if (this.keyRejected || !this.key) {
      throw new Stopped('no valid key');
    }
    if (view?.removed) {
      throw new Stopped('removed');
    }
    this.requests += 1;
    this.changed();
    const headers = { ...init.headers, Authorization: `Bearer ${this.key}` };
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    let signal = timeout;
    if (view) {
      signal = AbortSignal.any ? AbortSignal.any([view.controller.signal, timeout]) : view.controller.signal;
    }
    const answer = fetch(new URL(path, this.baseUrl), {
      ...init,
      headers,
      signal,
      cache: 'no-store',
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
    if (view) {
      const settled = () => view.inflight.delete(answer);
      view.inflight.add(answer);
      answer.then(settled, settled);
    }
    return answer;
  }

  /**
   * What the server says of the upload — { receivedChunks, and from a v2 server uploadId, complete,
   * actualFilename, sha256 } — or null when it has no status endpoint (an old server).
   */
  async status(view) {
    const record = view.record;
    const query = new URLSearchParams({ filename: record.name });
    if (record.uploadId) {
      query.set('uploadId', record.uploadId);
    }
    const response = await this.fetch(view, `upload/status?${query}`, { method: 'GET' });
    if (response.status === 404) {
      return null;
    }
    const body = await this.answer(response);
    return { ...body, receivedChunks: Array.isArray(body.receivedChunks) ? body.receivedChunks : [] };
  }

  async post(view, index, chunk) {
    const headers = {
      'Content-Type': 'application/octet-stream',
      ...nameHeaders(view.record.name),
      'X-Chunk-Index': String(index),
      // Rows stored before v2 have no digest: computed now, from the bytes that are sent.
      'Content-Digest': chunk.digest ?? await contentDigest(chunk.data),
    };
    if (view.record.uploadId) {
      headers['X-Upload-Id'] = view.record.uploadId;
    }
    const response = await this.fetch(view, 'upload', { method: 'POST', headers, body: chunk.data });
    if (response.status === 404) {
      // The application always has POST /upload: a 404 comes from a server still deploying it.
      throw new Transient('the upload endpoint is not there yet (server starting?)', undefined);
    }
    if (response.status === 422) {
      // Content-Digest mismatch: the bytes were damaged on the way; the server kept nothing.
      throw new Transient('the chunk arrived damaged (digest mismatch)', undefined);
    }
    return this.answer(response);
  }

  /** { status: 200, body } or { status: 404 | 405 | 409 | 422, message }; other answers throw as usual. */
  async postComplete(view) {
    const record = view.record;
    const response = await this.fetch(view, 'upload/complete', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        filename: record.name,
        uploadId: record.uploadId,
        totalChunks: record.chunkCount,
        totalSize: record.size,
        sha256: record.sha256,
      }),
    });
    if (response.ok) {
      return { status: 200, body: await response.json().catch(() => ({})) };
    }
    if ([404, 405, 409, 422].includes(response.status)) {
      return { status: response.status, message: await errorMessage(response) };
    }
    return this.answer(response);
  }

  /** The JSON of a 2xx; otherwise the right exception for the status. */
  async answer(response) {
    if (response.ok) {
      return response.json().catch(() => ({}));
    }
    if (response.status === 401) {
      this.rejectKey();
      throw new Stopped('key rejected');
    }
    if (response.status === 403) {
      // The only 403 of the API: a reader's chunk, completion or cancel. The file keeps its bytes
      // here and waits for a key that may upload, rather than failing and losing them.
      this.refuseWrites();
      throw new Stopped('read only');
    }
    if (response.status === 408 || response.status === 429 || response.status >= 500) {
      throw new Transient(`the server answered ${response.status}`, retryAfterMs(response));
    }
    throw new Refused(await errorMessage(response));
  }

  /** The server said this key may not change anything: the queue stops until another key is entered. */
  refuseWrites() {
    if (this.writeRefused) {
      return;
    }
    this.writeRefused = true;
    this.callerChanged();
    this.changed();
  }

  rejectKey() {
    if (this.keyRejected) {
      return;
    }
    this.keyRejected = true;
    this.views.forEach((v) => v.controller.abort());
    this.retryNow();
    this.listing(null); // the server's list is no longer known: not shown as if it were
    this.dispatchEvent(new Event('keyrejected'));
    this.changed();
  }

  /**
   * Runs the request until it succeeds; network errors, 408, 429 and 5xx are retried after
   * 1 s, 2 s, 4 s ... (at most 16 s, or what Retry-After says), without limit: with the server
   * down the upload waits, and goes on when it is back.
   */
  async withRetry(view, attempt) {
    for (let failures = 0; ; failures++) {
      let delay;
      let reason;
      try {
        return await attempt();
      } catch (e) {
        if (e instanceof Stopped || e instanceof Refused) {
          throw e;
        }
        if (view.removed || this.keyRejected || e?.name === 'AbortError') {
          throw new Stopped('aborted');
        }
        reason = e instanceof Transient ? e.message : 'the server cannot be reached';
        const backoff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** failures);
        delay = e instanceof Transient && e.retryAfterMs !== undefined ? e.retryAfterMs : backoff;
      }
      view.state = 'retrying';
      view.note = reason;
      view.retryAt = Date.now() + delay;
      this.changed();
      await this.sleep(view, delay, true);
      if (view.state === 'retrying') {
        view.state = 'uploading';
        this.changed();
      }
    }
  }

  /** Waits, unless the upload is stopped; retryNow() ends a wakeable wait early. */
  sleep(view, ms, wakeable) {
    return new Promise((resolve, reject) => {
      const signals = [view.controller.signal, view.cancelled.signal];
      const done = (fn) => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        signals.forEach((signal) => signal.removeEventListener('abort', aborted));
        fn();
      };
      const wake = () => done(resolve);
      const aborted = () => done(() => reject(new Stopped('aborted')));
      const timer = setTimeout(wake, ms);
      if (wakeable) {
        this.wakers.add(wake);
      }
      if (signals.some((signal) => signal.aborted)) {
        aborted();
      } else {
        signals.forEach((signal) => signal.addEventListener('abort', aborted));
      }
    });
  }

  // --- who the key is -------------------------------------------------------------------------

  /**
   * GET /me: whose key or token this is and its role. Uploads and owed cancellations wait for the
   * answer, so that a reader's key never starts one (its chunks would be refused with 403). A 401
   * is the key rejected, as anywhere; a server without /me (404, 405) is taken as before: the key
   * may upload, nobody is named. An unreachable server is asked again, with the uploads' backoff.
   */
  async identify() {
    const round = ++this.identifyRound;
    const current = () => round === this.identifyRound && this.key && !this.keyRejected;
    for (let failures = 0; current(); failures++) {
      let response = null;
      try {
        response = await this.fetch(null, CALLER_PATH, { method: 'GET' });
      } catch (e) {
        if (e instanceof Stopped) {
          return;
        }
      }
      if (!current()) {
        return; // another key was entered meanwhile: its own round answers for it
      }
      if (response?.status === 401) {
        this.rejectKey();
        return;
      }
      if (response && !(response.status === 408 || response.status === 429 || response.status >= 500)) {
        const body = response.ok ? await response.json().catch(() => null) : null;
        if (!current()) {
          return;
        }
        this.caller = typeof body?.principal === 'string' && typeof body?.role === 'string'
          ? { principal: body.principal, role: body.role }
          : null;
        this.identified = true;
        this.callerChanged();
        this.changed();
        this.kick();
        this.sendCancels();
        return;
      }
      const backoff = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** failures);
      await pause(response ? retryAfterMs(response) ?? backoff : backoff);
    }
  }

  /** The page shows who the key is (and what it may do): after /me, a 403, or another key. */
  callerChanged() {
    this.dispatchEvent(new Event('caller'));
  }

  // --- the server's own list ------------------------------------------------------------------

  /** Asks for the server's uploads where it has a listing; a 404 or 405 hides the list for this key. */
  async refreshListing() {
    if (!this.listingAvailable || !this.key || this.keyRejected) {
      return;
    }
    const key = this.key;
    this.listedAt = Date.now();
    try {
      const response = await this.fetch(null, LISTING_PATH, { method: 'GET' });
      if (this.key !== key) {
        return; // the key changed meanwhile: this answer is not for the list shown now
      }
      if (response.status === 404 || response.status === 405) {
        this.listingAvailable = false;
        this.listing(null);
        return;
      }
      const body = await this.answer(response);
      if (this.keyRejected || !this.key) {
        return;
      }
      const uploads = Array.isArray(body) ? body : Array.isArray(body.uploads) ? body.uploads : [];
      this.listing(uploads);
    } catch {
      // the list is a convenience: an unreachable server shows up in the uploads themselves
    }
  }

  /** The server's uploads for the page to show, or null: nothing current to show. */
  listing(uploads) {
    this.dispatchEvent(new CustomEvent('listing', { detail: uploads }));
  }

  changed() {
    this.dispatchEvent(new Event('change'));
  }
}
