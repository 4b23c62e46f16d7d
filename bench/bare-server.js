// The baseline: a bare node:http server that reads the body, JSON.parses it and answers the OK
// packet. Prints its port on the first line of stdout; stops on SIGTERM or when stdin closes.
import { createServer } from 'node:http';

const OK = JSON.stringify({ ActionStatus: 'OK', ErrorInfo: '', ErrorCode: 0 });

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    try {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(OK);
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
