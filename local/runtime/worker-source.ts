/**
 * The code of one function instance's worker thread, as CommonJS source:
 * worker threads start without the TypeScript loader, and the bundle the
 * worker loads is plain CommonJS anyway. It loads `workerData.file`, then
 * answers `invoke` messages the way FC's Node.js runtime calls a handler:
 * `handler(event: Buffer, context)` (async, or with a callback as the third argument).
 */
export const WORKER_SOURCE = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');

// FC loads index.js as CommonJS. Locally the nearest package.json may say
// "type": "module", which would make require() treat it as ESM: compile it as
// CommonJS explicitly, the way Node's own loader does for a .cjs file.
function loadCommonJs(file) {
  const mod = new Module(file, null);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  mod._compile(fs.readFileSync(file, 'utf8'), file);
  mod.loaded = true;
  return mod.exports;
}

let handler;
let initError;
try {
  const mod = loadCommonJs(workerData.file);
  handler = mod[workerData.exportName];
  if (typeof handler !== 'function') throw new Error(workerData.exportName + ' is not a function exported by ' + workerData.file);
} catch (error) {
  initError = error;
}

// Loading is the cold start; the timeout clock starts at the first invoke after it.
parentPort.postMessage({ type: 'ready' });

function encode(value) {
  if (value === undefined || value === null) return new Uint8Array(0);
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return new Uint8Array(value);
  if (typeof value === 'string') return new Uint8Array(Buffer.from(value, 'utf8'));
  if (typeof value === 'object') return new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8'));
  return new Uint8Array(Buffer.from(String(value), 'utf8'));
}

function serializeError(error) {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack || '' };
  return { name: 'Error', message: String(error), stack: '' };
}

function makeLogger(id, requestId) {
  const write = (level) => (...args) => {
    const text = args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ');
    parentPort.postMessage({ type: 'log', id, line: new Date().toISOString() + ' ' + requestId + ' [' + level + '] ' + text });
  };
  return { debug: write('DEBUG'), info: write('INFO'), warn: write('WARN'), error: write('ERROR'), log: write('INFO') };
}

function call(event, context) {
  if (handler.length >= 3) {
    return new Promise((resolve, reject) => {
      const returned = handler(event, context, (error, data) => (error ? reject(error) : resolve(data)));
      if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
    });
  }
  return Promise.resolve(handler(event, context));
}

parentPort.on('message', async (message) => {
  if (!message || message.type !== 'invoke') return;
  const { id } = message;
  if (initError) {
    parentPort.postMessage({ type: 'result', id, ok: false, error: serializeError(initError) });
    return;
  }
  try {
    const context = Object.assign({}, message.context, { logger: makeLogger(id, message.context.requestId) });
    const result = await call(Buffer.from(message.event), context);
    parentPort.postMessage({ type: 'result', id, ok: true, body: encode(result) });
  } catch (error) {
    parentPort.postMessage({ type: 'result', id, ok: false, error: serializeError(error) });
  }
});
`;
