// Runs a script written by `send --export k6` under Node, for tests where k6 itself cannot be
// installed: the script's own code runs in a fresh V8 context that has no Node APIs, with small
// stand-ins for k6/http (a real POST, made synchronously as k6 makes it, by a child process),
// k6/crypto (sha256), k6/execution (the iteration number) and k6 (check), and a clock that moves
// by a set step at each Date.now().
//   node k6-runner.mjs <script> <iterations> <startMs> <stepMs>
// Prints {options, checks: [{iteration, name, ok}]}; __ENV is TIM_CALLBACK_TOKEN, TIM_SDKAPPID and
// TIM_URL_PASSWORD.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const [scriptPath, iterationsText, startText, stepText] = process.argv.slice(2);
const source = readFileSync(scriptPath, 'utf8');

// The ES module as a script: each import a lookup in the stand-ins, each export a declaration.
const code = `${source
  .replace(
    /^import (\w+|\{[^}]*\}) from '([^']+)';$/gm,
    (_, binding, name) => `const ${binding} = __modules[${JSON.stringify(name)}];`,
  )
  .replace(/^export const options/m, 'const options')
  .replace(/^export default function/m, 'const __default = function')}
;({ options, run: __default });`;
if (/^\s*(import|export)\b/m.test(code))
  throw new Error('an import or export the runner does not know');

// k6 sends a URL's user name and password as basic authentication; fetch refuses such a URL, so
// the stand-in moves them into the header k6 would send.
const FETCH = `
import { readFileSync } from 'node:fs';
const input = JSON.parse(readFileSync(0, 'utf8'));
const started = performance.now();
const url = new URL(input.url);
const headers = { ...input.headers };
if (url.username !== '' || url.password !== '') {
  const pair = decodeURIComponent(url.username) + ':' + decodeURIComponent(url.password);
  headers.authorization = 'Basic ' + Buffer.from(pair).toString('base64');
  url.username = '';
  url.password = '';
}
try {
  const res = await fetch(url, { method: 'POST', body: input.body, headers,
    signal: AbortSignal.timeout(input.timeoutMs) });
  const body = await res.text();
  process.stdout.write(JSON.stringify({ status: res.status, body, ms: performance.now() - started }));
} catch {
  process.stdout.write(JSON.stringify({ status: 0, body: null, ms: performance.now() - started }));
}`;

let iteration = 0;
const checks = [];
const http = {
  post(url, body, params) {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', FETCH], {
      input: JSON.stringify({
        url,
        body,
        headers: params.headers,
        timeoutMs: Number.parseInt(params.timeout, 10),
      }),
      encoding: 'utf8',
    });
    const answer = JSON.parse(out);
    return { status: answer.status, body: answer.body, timings: { duration: answer.ms } };
  },
};
const crypto = {
  sha256(input, encoding) {
    if (encoding !== 'hex') throw new Error(`sha256 encoding ${encoding}`);
    return createHash('sha256').update(input, 'utf8').digest('hex');
  },
};
const exec = {
  scenario: {
    get iterationInTest() {
      return iteration;
    },
  },
};
const k6 = {
  check(value, sets) {
    for (const [name, fn] of Object.entries(sets))
      checks.push({ iteration, name, ok: fn(value) === true });
  },
};
let clock = Number(startText);
class FakeDate extends Date {}
FakeDate.now = () => {
  const now = clock;
  clock += Number(stepText);
  return now;
};

const env = {};
for (const name of ['TIM_CALLBACK_TOKEN', 'TIM_SDKAPPID', 'TIM_URL_PASSWORD']) {
  if (process.env[name] !== undefined) env[name] = process.env[name];
}
const context = vm.createContext({
  __modules: { 'k6/http': http, 'k6/crypto': crypto, 'k6/execution': exec, k6 },
  __ENV: env,
  Date: FakeDate,
});
const script = vm.runInContext(code, context, { filename: scriptPath });
for (; iteration < Number(iterationsText); iteration++) script.run();
process.stdout.write(JSON.stringify({ options: script.options, checks }));
