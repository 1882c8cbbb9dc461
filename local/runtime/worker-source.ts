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

// Loggers such as pino write to file descriptors 1 and 2 directly, which in a
// worker thread is the host's terminal. Route those writes through the
// worker's stdout/stderr so the runtime sees (and labels) every output line.
function routeStdio() {
  const streamFor = (fd) => (fd === 1 ? process.stdout : fd === 2 ? process.stderr : undefined);
  const byteLength = (data, rest) => {
    if (typeof data === 'string') return Buffer.byteLength(data, typeof rest[1] === 'string' ? rest[1] : 'utf8');
    const offset = typeof rest[0] === 'number' ? rest[0] : 0;
    const length = typeof rest[1] === 'number' ? rest[1] : data.byteLength - offset;
    return length;
  };
  const slice = (data, rest) => {
    if (typeof data === 'string') return data;
    const offset = typeof rest[0] === 'number' ? rest[0] : 0;
    return Buffer.from(data.buffer, data.byteOffset + offset, byteLength(data, rest));
  };
  const writeSync = fs.writeSync;
  fs.writeSync = function (fd, data, ...rest) {
    const stream = streamFor(fd);
    if (!stream) return writeSync.call(fs, fd, data, ...rest);
    stream.write(slice(data, rest));
    return byteLength(data, rest);
  };
  const write = fs.write;
  fs.write = function (fd, data, ...rest) {
    const stream = streamFor(fd);
    if (!stream) return write.call(fs, fd, data, ...rest);
    const callback = rest.pop();
    stream.write(slice(data, rest));
    if (typeof callback === 'function') process.nextTick(callback, null, byteLength(data, rest), data);
  };
}
routeStdio();

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
