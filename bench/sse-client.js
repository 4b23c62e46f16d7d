// A page's stand-in for npm run bench: streams the inspector's Server-Sent Events (GET
// /api/events) and, on SIGTERM, prints how many rows and bytes it received. Loopback only.
import { request } from 'node:http';

const url = new URL('/api/events', process.argv[2]);
let rows = 0;
let bytes = 0;
let tail = '';
let dropped = false;

const req = request(url, { headers: { accept: 'text/event-stream' } }, (res) => {
  res.setEncoding('utf8');
  res.on('data', (chunk) => {
    bytes += Buffer.byteLength(chunk);
    const text = tail + chunk;
    const events = text.split('\n\n');
    tail = events.pop() ?? '';
    for (const event of events) if (event.startsWith('event: row')) rows++;
  });
  res.on('close', () => {
    dropped = true;
  });
  process.stdout.write('streaming\n');
});
req.on('error', (error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
req.end();

process.on('SIGTERM', () => {
  process.stdout.write(`${JSON.stringify({ rows, bytes, dropped })}\n`);
  process.exit(0);
});
