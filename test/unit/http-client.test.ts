import { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import {
  classifyNetworkError,
  createDispatcher,
  NetworkError,
  postCallback,
} from '../../src/io/http-client.js';

describe('postCallback through an injected dispatcher', () => {
  const agent = new MockAgent();
  agent.disableNetConnect();
  afterEach(() => agent.assertNoPendingInterceptors());

  it('sends JSON with a charset and reads status, headers and body', async () => {
    let seen: { headers?: unknown; body?: unknown } = {};
    agent
      .get('http://backend.test')
      .intercept({ path: '/cb?x=1', method: 'POST' })
      .reply(
        200,
        (options) => {
          seen = { headers: options.headers, body: options.body };
          return '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}';
        },
        { headers: { 'content-type': 'application/json' } },
      );
    const answer = await postCallback({
      url: 'http://backend.test/cb?x=1',
      body: '{"a":1}',
      timeoutMs: 1000,
      dispatcher: agent,
    });
    expect(answer.status).toBe(200);
    expect(answer.contentType).toBe('application/json');
    expect(JSON.parse(answer.body).ActionStatus).toBe('OK');
    expect(seen.body).toBe('{"a":1}');
    expect(JSON.stringify(seen.headers)).toContain('application/json; charset=utf-8');
  });

  it('turns a refused connection into a NetworkError of kind refused', async () => {
    agent
      .get('http://down.test')
      .intercept({ path: '/', method: 'POST' })
      .replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    await expect(
      postCallback({ url: 'http://down.test/', body: '{}', timeoutMs: 1000, dispatcher: agent }),
    ).rejects.toMatchObject({ kind: 'refused' });
  });

  it('gives up after the timeout with kind timeout', async () => {
    agent
      .get('http://slow.test')
      .intercept({ path: '/', method: 'POST' })
      .reply(200, 'late')
      .delay(500);
    const error = await postCallback({
      url: 'http://slow.test/',
      body: '{}',
      timeoutMs: 50,
      dispatcher: agent,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({ kind: 'timeout', message: 'no answer within 50 ms' });
  });
});

describe('classifyNetworkError', () => {
  const kind = (code: string) =>
    classifyNetworkError(Object.assign(new Error(code), { code }), 'https://h.test/').kind;

  it('names DNS, TLS and reset failures', () => {
    expect(kind('ENOTFOUND')).toBe('dns');
    expect(kind('DEPTH_ZERO_SELF_SIGNED_CERT')).toBe('tls');
    expect(kind('ERR_TLS_CERT_ALTNAME_INVALID')).toBe('tls');
    expect(kind('ECONNRESET')).toBe('reset');
    expect(kind('EWHATEVER')).toBe('other');
  });

  it('looks into the cause undici wraps socket errors in', () => {
    const wrapped = Object.assign(new Error('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    expect(classifyNetworkError(wrapped, 'http://h.test/').kind).toBe('refused');
  });
});

describe('createDispatcher', () => {
  it('refuses an unreadable --ca file with a usage error', () => {
    expect(() => createDispatcher({ ca: '/nonexistent/ca.pem' })).toThrow(UsageError);
  });
});
