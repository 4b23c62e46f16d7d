// One autocannon run in a process of its own, as `send` runs in its own: both start cold and both
// time their requests themselves. Usage: node bench/cannon-run.js <url> <count> <connections> <body file>
// Prints {"requests":n,"seconds":s,"non2xx":n,"errors":n} on stdout.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

const [url, count, connections, bodyFile] = process.argv.slice(2);
const amount = Number(count);
let answered = 0;
let finished = 0;
const started = performance.now();
const instance = autocannon(
  {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: readFileSync(bodyFile, 'utf8'),
    connections: Number(connections),
    amount,
  },
  (error, result) => {
    if (error) throw error;
    // autocannon reports (and calls back) on its once-a-second tick, after the last answer: the
    // run is timed to its last answer instead.
    const seconds = ((finished || performance.now()) - started) / 1000;
    const { total } = result.requests;
    process.stdout.write(
      `${JSON.stringify({ requests: total, seconds, non2xx: result.non2xx, errors: result.errors })}\n`,
    );
  },
);
instance.on('response', () => {
  answered++;
  if (answered === amount) finished = performance.now();
});
