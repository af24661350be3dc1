// The page: the API key, choosing and dropping files, and drawing each upload's progress.
// The work itself is in uploader.js (sending) and chunk-store.js (IndexedDB).
import { ChunkStore } from './chunk-store.js';
import { Uploader } from './uploader.js';

const KEY_ITEM = 'indexedcp.apiKey';
const RATE_ITEM = 'indexedcp.rateLimitMiB';
const MiB = 1024 * 1024;

const $ = (selector) => document.querySelector(selector);

function formatBytes(bytes) {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  if (bytes < MiB) {
    return `${(bytes / 1024).toFixed(1)} KiB`;
  }
  if (bytes < 1024 * MiB) {
    return `${(bytes / MiB).toFixed(1)} MiB`;
  }
  return `${(bytes / (1024 * MiB)).toFixed(2)} GiB`;
}

function formatDuration(seconds) {
  if (!Number.isFinite(seconds) || seconds < 0) {
    return '';
  }
  if (seconds < 60) {
    return `${Math.ceil(seconds)} s`;
  }
  const minutes = Math.floor(seconds / 60);
  return minutes < 60 ? `${minutes} min ${Math.ceil(seconds % 60)} s` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function stateText(view, uploader) {
  switch (view.state) {
    case 'storing': {
      const stored = view.storedChunks ?? 0;
      if (stored < view.record.chunkCount || view.record.size === 0) {
        return `storing in browser (${stored}/${view.record.chunkCount})`;
      }
      const percent = Math.floor((100 * view.hashedBytes) / view.record.size);
      return `computing the file's SHA-256 (${percent} %)`;
    }
    case 'queued':
      if (view.note) {
        return `queued: ${view.note}`;
      }
      if (uploader.keyRejected) {
        return 'queued: waiting for a valid API key'; // also for a file added after the 401
      }
      return uploader.key ? 'queued' : 'queued: waiting for an API key';
    case 'checking':
      return 'asking the server what it holds';
    case 'uploading':
      return 'uploading';
    case 'completing':
      return 'the server checks the whole file';
    case 'retrying': {
      const seconds = Math.max(0, Math.ceil((view.retryAt - Date.now()) / 1000));
      return `retrying in ${seconds} s (${view.note})`;
    }
    case 'done':
      return view.record.actualFilename ? `done: saved as ${view.record.actualFilename}` : 'done';
    case 'failed':
      return `failed: ${view.error}`;
    default:
      return view.state;
  }
}

// --- the API key -------------------------------------------------------------------------------

function savedKey() {
  return sessionStorage.getItem(KEY_ITEM) ?? localStorage.getItem(KEY_ITEM);
}

function saveKey(key, remember) {
  sessionStorage.setItem(KEY_ITEM, key);
  if (remember) {
    localStorage.setItem(KEY_ITEM, key);
  } else {
    localStorage.removeItem(KEY_ITEM);
  }
}

function forgetKey() {
  sessionStorage.removeItem(KEY_ITEM);
  localStorage.removeItem(KEY_ITEM);
}

function showKeyStatus(text, kind) {
  const status = $('#key-status');
  status.textContent = text;
  status.className = `notice${kind ? ` notice-${kind}` : ''}`;
  status.setAttribute('role', kind === 'error' ? 'alert' : 'status');
}

/** The key entry: open while there is no usable key, one line (that opens again) once there is. */
function showKeyEntry(open) {
  $('#key-panel').open = open;
}

function setUpKey(uploader) {
  const input = $('#api-key');
  const remember = $('#remember-key');
  const key = savedKey();
  remember.checked = localStorage.getItem(KEY_ITEM) !== null;
  if (key) {
    input.value = key;
    showKeyStatus(remember.checked ? 'Key set and remembered on this device.' : 'Key set for this session.', 'ok');
    showKeyEntry(false);
    uploader.setKey(key);
  } else {
    showKeyStatus('Enter the API key to start uploading; files you add wait until then.', 'info');
    showKeyEntry(true);
  }
  $('#key-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const entered = input.value.trim();
    if (!entered) {
      input.focus();
      return;
    }
    saveKey(entered, remember.checked);
    showKeyStatus(remember.checked ? 'Key set and remembered on this device.' : 'Key set for this session.', 'ok');
    showKeyEntry(false);
    uploader.setKey(entered);
  });
  $('#forget-key').addEventListener('click', () => {
    forgetKey();
    input.value = '';
    remember.checked = false;
    uploader.setKey(null);
    showKeyStatus('Key forgotten. Uploads wait until you enter one.', 'info');
    showKeyEntry(true);
    input.focus();
  });
  uploader.addEventListener('keyrejected', () => {
    showKeyStatus('API key rejected by the server (401). Nothing more is sent until you enter the right key.',
      'error');
    showKeyEntry(true);
    input.select();
    input.focus();
  });
}

// --- files in ------------------------------------------------------------------------------------

function setUpFiles(uploader) {
  const input = $('#file-input');
  input.addEventListener('change', () => {
    [...input.files].forEach((file) => uploader.add(file));
    input.value = '';
  });
  // The zone is the input's label: a click opens the picker; files dropped on it are added.
  const zone = $('#drop-zone');
  zone.addEventListener('dragover', (event) => {
    event.preventDefault();
    if (event.dataTransfer) {
      event.dataTransfer.dropEffect = 'copy';
    }
    zone.classList.add('dragging');
  });
  zone.addEventListener('dragleave', (event) => {
    if (!zone.contains(event.relatedTarget)) {
      zone.classList.remove('dragging');
    }
  });
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    zone.classList.remove('dragging');
    [...(event.dataTransfer?.files ?? [])].forEach((file) => uploader.add(file));
  });
  // A file dropped beside the zone must not replace the page (and its uploads) with the file.
  window.addEventListener('dragover', (event) => event.preventDefault());
  window.addEventListener('drop', (event) => event.preventDefault());

  const rate = $('#rate-limit');
  const applyRate = () => {
    const mib = Number.parseFloat(rate.value);
    if (Number.isFinite(mib) && mib > 0) {
      localStorage.setItem(RATE_ITEM, String(mib));
      uploader.setRateLimit(mib * MiB);
    } else {
      localStorage.removeItem(RATE_ITEM);
      uploader.setRateLimit(0);
    }
  };
  rate.value = localStorage.getItem(RATE_ITEM) ?? '';
  rate.addEventListener('change', applyRate);
  applyRate();

  $('#clear-finished').addEventListener('click', () => uploader.clearFinished());
  window.addEventListener('online', () => uploader.retryNow());
}

// --- drawing -------------------------------------------------------------------------------------

function render(uploader) {
  const list = $('#uploads');
  const items = new Map([...list.children].map((li) => [li.dataset.key, li]));
  const template = $('#upload-template');
  for (const view of uploader.views) {
    let li = items.get(view.id);
    if (!li) {
      li = template.content.firstElementChild.cloneNode(true);
      li.dataset.key = view.id;
      li.querySelector('.upload-name').textContent = view.record.name;
      li.querySelector('.upload-progress').setAttribute('aria-label', `Progress of ${view.record.name}`);
      li.querySelector('.remove').addEventListener('click', () => uploader.remove(view.id));
      li.querySelector('.retry-now').addEventListener('click', () => uploader.retryNow());
      list.append(li);
    }
    items.delete(view.id);
    drawUpload(li, view, uploader);
  }
  items.forEach((li) => li.remove());

  $('#app').dataset.apiRequests = String(uploader.requests);
  const active = uploader.views.filter((v) => !['done', 'failed'].includes(v.state)).length;
  const done = uploader.views.filter((v) => v.state === 'done').length;
  const failed = uploader.views.filter((v) => v.state === 'failed').length;
  const summary = uploader.views.length === 0
    ? 'No uploads yet.'
    : `${active} in progress, ${done} done${failed ? `, ${failed} failed` : ''}.`;
  if ($('#summary').textContent !== summary) {
    $('#summary').textContent = summary; // only on change: it is a live region
  }
  $('#clear-finished').hidden = done + failed === 0;
}

function drawUpload(li, view, uploader) {
  const record = view.record;
  Object.assign(li.dataset, {
    name: record.name,
    uploadId: record.uploadId ?? '', // the id the server knows the upload by (none: a plain upload)
    actualFilename: record.actualFilename ?? '',
    state: view.state,
    resumed: String(view.resumed),
    chunkCount: String(record.chunkCount),
    ackedChunks: String(view.ackedChunks),
    sentChunks: String(view.sentChunks),
    skippedChunks: String(view.skippedChunks),
    duplicateChunks: String(view.duplicateChunks),
  });
  li.querySelector('.badge').hidden = !view.resumed;
  const state = li.querySelector('.upload-state');
  const text = stateText(view, uploader);
  if (state.textContent !== text) {
    state.textContent = text;
  }
  state.className = `upload-state state-${view.state}`;

  const progress = li.querySelector('.upload-progress');
  progress.max = Math.max(1, record.size);
  progress.value = record.size === 0 && view.state === 'done' ? 1 : view.ackedBytes;

  const parts = [`${formatBytes(view.ackedBytes)} / ${formatBytes(record.size)}`];
  const rate = view.rate();
  if (view.state === 'uploading' && rate > 0) {
    parts.push(`${formatBytes(rate)}/s`);
    parts.push(`${formatDuration((record.size - view.ackedBytes) / rate)} left`);
  }
  if (view.skippedChunks > 0) {
    parts.push(`${view.skippedChunks} chunk(s) already on the server`);
  }
  li.querySelector('.upload-numbers').textContent = parts.join(' · ');
  li.querySelector('.retry-now').hidden = view.state !== 'retrying';
  li.querySelector('.remove').textContent = ['done', 'failed'].includes(view.state) ? 'Remove' : 'Cancel';
  li.querySelector('.remove').setAttribute('aria-label', `${li.querySelector('.remove').textContent} ${record.name}`);
}

/** The state column: a plain-protocol upload has no end, so it is shown for what it is, not as unfinished. */
function listedState(u, chunks, when) {
  if (u.state === 'plain') {
    const count = Number.isFinite(chunks) ? `${chunks} chunk${chunks === 1 ? '' : 's'}` : 'chunks';
    return Number.isNaN(when) ? `plain — ${count}` : `plain — ${count}, last chunk at ${new Date(when).toLocaleString()}`;
  }
  return u.state ?? '';
}

/**
 * The server's list, or null: hidden (no listing on this server, no key, or a key the server has
 * just refused — a list it showed before would be stale).
 */
function renderListing(uploads) {
  const section = $('#server-uploads');
  if (!uploads) {
    section.hidden = true;
    $('#server-list').replaceChildren();
    return;
  }
  // GET /uploads: { uploads: [{ filename, uploadId, state, receivedChunks, receivedBytes, totalSize?, lastActivity }] }
  const rows = uploads.map((u) => {
    const tr = document.createElement('tr');
    const chunks = Array.isArray(u.receivedChunks) ? u.receivedChunks.length : u.receivedChunks;
    const size = u.totalSize ?? u.receivedBytes;
    const when = Date.parse(u.lastActivity);
    if (u.uploadId) {
      tr.dataset.uploadId = u.uploadId;
    }
    tr.dataset.filename = u.filename ?? '';
    tr.dataset.state = u.state ?? '';
    [u.filename ?? '', listedState(u, chunks, when), Number.isFinite(chunks) ? String(chunks) : '',
      Number.isFinite(size) ? formatBytes(size) : '', Number.isNaN(when) ? '' : new Date(when).toLocaleString()]
      .forEach((value) => {
        const td = document.createElement('td');
        td.textContent = value;
        tr.append(td);
      });
    return tr;
  });
  if (rows.length === 0) {
    const tr = document.createElement('tr');
    tr.className = 'empty';
    const td = document.createElement('td');
    td.colSpan = 5;
    td.textContent = 'Nothing on the server yet.';
    tr.append(td);
    rows.push(tr);
  }
  $('#server-list').replaceChildren(...rows);
  section.hidden = false;
}

function scheduleRendering(uploader) {
  let pending = false;
  const draw = () => {
    pending = false;
    render(uploader);
  };
  uploader.addEventListener('change', () => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(draw);
    }
  });
  // Countdowns and rates move with the clock, not only with events; also while the tab is hidden.
  setInterval(() => render(uploader), 500);
  uploader.addEventListener('listing', (event) => renderListing(event.detail));
}

async function main() {
  let store;
  try {
    store = await ChunkStore.open();
  } catch (e) {
    showKeyStatus(`This browser does not let the page use IndexedDB (${e?.message ?? e}); uploads cannot be kept.`,
      'error');
    return;
  }
  const uploader = new Uploader(store);
  scheduleRendering(uploader);
  setUpFiles(uploader);
  const start = async () => {
    await uploader.restore();
    setUpKey(uploader);
  };
  // One tab works on the buffer at a time; another tab waits for it (or for it to close).
  if (navigator.locks) {
    const waiting = setTimeout(() => showKeyStatus('Another tab of this page is uploading; this one waits for it.',
      'info'), 1000);
    navigator.locks.request('indexedcp-uploader', async () => {
      clearTimeout(waiting);
      await start();
      await new Promise(() => {}); // held for the life of the page
    });
  } else {
    await start();
  }
  navigator.storage?.persist?.().catch(() => {});
}

main();
