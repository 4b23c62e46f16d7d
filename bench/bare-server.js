// The baseline: a bare node:http server that reads the body, JSON.parses it and answers the OK
// packet. Prints its port on the first line of stdout; stops on SIGTERM or when stdin closes.
//
// With --floor <file> it also does the I/O that DESIGN asks of every listener, and nothing else:
// a record line per request (the body as a string in a JSON object), appended with one synchronous
// write per event-loop turn before that turn's answers go out, and a printed block per request
// (written once per turn). No Sign check, no schema, no duplicate detection: the most any
// implementation of `listen` on node:http can hope for, measured in the same run.
import { randomUUID } from 'node:crypto';
import { openSync, writeSync } from 'node:fs';
import { createServer } from 'node:http';

const OK = JSON.stringify({ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 });
const floorAt = process.argv.indexOf('--floor');
const recordFd = floorAt === -1 ? undefined : openSync(process.argv[floorAt + 1], 'a', 0o600);

let records = '';
let waiting = [];
let printed = [];
let scheduled = false;
function flush() {
  scheduled = false;
  writeSync(recordFd, records);
  records = '';
  const answers = waiting;
  waiting = [];
  for (const answer of answers) answer();
  writeSync(1, `${printed.join('\n')}\n`);
  printed = [];
}

function answerOk(res) {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end(OK);
}

function floor(req, res, text, body, receivedAt) {
  const members = Array.isArray(body.MemberList) ? body.MemberList : [];
  records += `${JSON.stringify({
    schemaVersion: 1,
    id: randomUUID(),
    receivedAt: new Date(receivedAt).toISOString(),
    remoteAddress: req.socket.remoteAddress,
    method: req.method,
    path: req.url.split('?')[0],
    query: Object.fromEntries(new URLSearchParams(req.url.split('?')[1] ?? '')),
    headers: req.headers,
    body: text,
    bodyBytes: Buffer.byteLength(text),
    accepted: true,
    duplicate: false,
    response: { status: 200, body: OK },
    durationMs: 0,
  })}\n`;
  printed.push(
    `#${printed.length + 1}  ${new Date(receivedAt).toISOString().slice(11, 23)}  ${req.method} ${req.url.split('?')[0]}  ${body.CallbackCommand}\n` +
      `   group   ${body.GroupId} · "${body.Name}" · ${body.Type} · owner ${body.Owner_Account} · ${members.length} members\n` +
      `   members ${members
        .slice(0, 5)
        .map((m) => m.Member_Account)
        .join(', ')}\n` +
      `   ✔ received\n` +
      `   ← 200 ${OK}`,
  );
  waiting.push(() => answerOk(res));
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
}

const server = createServer((req, res) => {
  const receivedAt = Date.now();
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    try {
      const text = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(text);
      if (recordFd === undefined) answerOk(res);
      else floor(req, res, text, body, receivedAt);
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"ActionStatus":"FAIL","ErrorInfo":"not JSON","ErrorCode":1}');
    }
  });
});
server.keepAliveTimeout = 10_000;
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`${server.address().port}\n`);
});
const stop = () => {
  server.close();
  server.closeAllConnections();
};
process.on('SIGTERM', stop);
process.stdin.on('end', stop);
process.stdin.resume();
