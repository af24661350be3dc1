// The page: the API key or token and whose it is, choosing and dropping files, and drawing each
// upload's progress and the server's list.
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
      if (!uploader.key) {
        return 'queued: waiting for an API key';
      }
      if (uploader.readOnly) {
        return 'queued: this key may only look; enter one that may upload';
      }
      return uploader.identified ? 'queued' : 'queued: asking the server whose key this is';
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

// --- the API key or token ----------------------------------------------------------------------

// A key or a token (a JWT of a few kilobytes) is kept whole: the input has no maxlength, the
// storages hold megabytes, and an <input> drops the line breaks of a token pasted from a wrapped
// text by itself.

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

/**
 * The key line once the server has said whose the key is (GET /me): "Signed in as alice
 * (uploader)". Nothing while there is no key or it was rejected: the line then says why itself.
 */
function showCaller(uploader) {
  const status = $('#key-status');
  const caller = uploader.identified ? uploader.caller : null;
  status.dataset.principal = caller?.principal ?? '';
  status.dataset.role = caller?.role ?? '';
  if (!uploader.key || uploader.keyRejected) {
    return;
  }
  const remembered = localStorage.getItem(KEY_ITEM) !== null ? ', remembered on this device' : '';
  if (!uploader.identified) {
    showKeyStatus('Checking the key with the server…', 'info');
  } else if (uploader.readOnly) {
    const who = caller ? `Signed in as ${caller.principal} (${caller.role})` : 'Key set';
    showKeyStatus(`${who}${remembered}: may only look, not upload or cancel.`, 'info');
  } else if (caller) {
    showKeyStatus(`Signed in as ${caller.principal} (${caller.role})${remembered}.`, 'ok');
  } else {
    // A server without /me: it cannot say whose the key is, and takes it as it always did.
    showKeyStatus(remembered ? 'Key set and remembered on this device.' : 'Key set for this session.', 'ok');
  }
}

function setUpKey(uploader) {
  const input = $('#api-key');
  const remember = $('#remember-key');
  const key = savedKey();
  remember.checked = localStorage.getItem(KEY_ITEM) !== null;
  uploader.addEventListener('caller', () => showCaller(uploader));
  if (key) {
    input.value = key;
    showKeyEntry(false);
    uploader.setKey(key);
  } else {
    showKeyStatus('Enter an API key or a token to start uploading; files you add wait until then.', 'info');
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
    showKeyEntry(false);
    uploader.setKey(entered);
  });
  $('#forget-key').addEventListener('click', () => {
    forgetKey();
    input.value = '';
    remember.checked = false;
    uploader.setKey(null);
    showKeyStatus('Key forgotten. Uploads wait until you enter a key or a token.', 'info');
    showKeyEntry(true);
    input.focus();
  });
  uploader.addEventListener('keyrejected', () => {
    showCaller(uploader); // nobody is signed in any more
    showKeyStatus('API key or token rejected by the server (401). Nothing more is sent until you enter a valid '
      + 'one.', 'error');
    showKeyEntry(true);
    input.select();
    input.focus();
  });
}

// --- files in ------------------------------------------------------------------------------------

/**
 * A reader's key may only look: the picker is off and the zone says why, rather than files being
 * stored here only to be refused by the server.
 */
function showAdding(uploader) {
  const readOnly = uploader.readOnly;
  $('#file-input').disabled = readOnly;
  $('#drop-zone').classList.toggle('disabled', readOnly);
  const notice = $('#files-notice');
  const text = readOnly ? 'Adding files is off: this key may only look at uploads. Enter a key that may upload.' : '';
  if (notice.textContent !== text) {
    notice.textContent = text;
  }
}

function setUpFiles(uploader) {
  const input = $('#file-input');
  const add = (files) => {
    if (uploader.readOnly) {
      showAdding(uploader); // dropped anyway: the notice says why nothing happens
      return;
    }
    files.forEach((file) => uploader.add(file));
  };
  uploader.addEventListener('caller', () => showAdding(uploader));
  input.addEventListener('change', () => {
    add([...input.files]);
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
    add([...(event.dataTransfer?.files ?? [])]);
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
 * just refused — a list it showed before would be stale). The server lists the caller's own
 * uploads; an admin's list holds everyone's, so it gets an owner column.
 */
function renderListing(uploads, caller) {
  const section = $('#server-uploads');
  if (!uploads) {
    section.hidden = true;
    $('#server-list').replaceChildren();
    return;
  }
  const everyone = caller?.role === 'admin';
  $('#owner-heading').hidden = !everyone;
  $('#server-scope').textContent = !caller ? ''
    : everyone ? 'Every user\'s uploads: you are an admin.' : `The uploads of ${caller.principal}.`;
  // GET /uploads: { uploads: [{ filename, uploadId, state, receivedChunks, receivedBytes, totalSize?, lastActivity, owner? }] }
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
    tr.dataset.owner = typeof u.owner === 'string' ? u.owner : '';
    const cells = [u.filename ?? '', listedState(u, chunks, when), Number.isFinite(chunks) ? String(chunks) : '',
      Number.isFinite(size) ? formatBytes(size) : '', Number.isNaN(when) ? '' : new Date(when).toLocaleString()];
    if (everyone) {
      cells.push(tr.dataset.owner);
    }
    cells.forEach((value) => {
      const td = document.createElement('td');
      td.textContent = value; // text, never markup: names and owners are the callers' own strings
      tr.append(td);
    });
    return tr;
  });
  if (rows.length === 0) {
    const tr = document.createElement('tr');
    tr.className = 'empty';
    const td = document.createElement('td');
    td.colSpan = everyone ? 6 : 5;
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
  // The list is drawn again when the caller becomes known: /me may answer after /uploads.
  let listed = null;
  uploader.addEventListener('listing', (event) => {
    listed = event.detail;
    renderListing(listed, uploader.caller);
  });
  uploader.addEventListener('caller', () => renderListing(listed, uploader.caller));
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
