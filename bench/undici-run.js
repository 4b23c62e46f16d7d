// The floor for `send` load mode: undici alone, in a process of its own. A fixed body, an Agent
// with one connection per worker, the same 50 in flight, an answer handler that keeps nothing; no
// signing, no per-request body, no checks, no statistics.
// Usage: node bench/undici-run.js <url> <count> <connections> <body file>
// Prints {"requests":n,"seconds":s,"errors":n} on stdout.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Agent } from 'undici';

const [url, count, connections, bodyFile] = process.argv.slice(2);
const amount = Number(count);
const body = readFileSync(bodyFile, 'utf8');
const { origin, pathname, search } = new URL(url);
const agent = new Agent({ connections: Number(connections) });
const options = {
  origin,
  path: `${pathname}${search}`,
  method: 'POST',
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body,
};

function post() {
  return new Promise((resolve) => {
    agent.dispatch(options, {
      onRequestStart() {},
      onResponseStart() {},
      onResponseData() {},
      onResponseEnd: () => resolve(true),
      onResponseError: () => resolve(false),
    });
  });
}

let started = 0;
let errors = 0;
const begun = performance.now();
await Promise.all(
  Array.from({ length: Number(connections) }, async () => {
    while (started < amount) {
      started++;
      if (!(await post())) errors++;
    }
  }),
);
const seconds = (performance.now() - begun) / 1000;
await agent.close();
process.stdout.write(`${JSON.stringify({ requests: amount, seconds, errors })}\n`);
