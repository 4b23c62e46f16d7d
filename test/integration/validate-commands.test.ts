import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Reporter, runValidate } from '../../src/commands/validate/validate.js';
import { allowedCodesText } from '../../src/core/catalog/decision.js';
import { CATALOG } from '../../src/core/catalog/index.js';
import { findEntry } from '../../src/core/catalog/names.js';
import type { CatalogEntry } from '../../src/core/catalog/types.js';
import { PROBES } from '../../src/core/contract-cases.js';
import {
  type AnswerFn,
  type Backend,
  correctBackend,
  OK_BODY,
  type Received,
  startBackend,
} from '../helpers/backends.js';
import { captureOutput } from '../helpers/capture.js';

const SDKAPPID = '1400012345';
const TOKEN = 'commands-SECRET-token-91c2';
const BEFORE_SEND = findEntry(CATALOG, 'C2C.CallbackBeforeSendMsg') as CatalogEntry;

interface JsonCase {
  id: string;
  command?: string;
  status: string;
  checks: { name: string; ok: boolean; message: string }[];
  warnings: string[];
}

interface JsonReport {
  summary: Record<string, number>;
  hints: string[];
  cases: JsonCase[];
}

async function run(
  target: string,
  commands: readonly CatalogEntry[],
  reporter: Reporter = 'json',
  caseIds?: string[],
) {
  const capture = captureOutput(reporter === 'json');
  const code = await runValidate(
    {
      target,
      sdkAppId: SDKAPPID,
      token: TOKEN,
      timeoutMs: 2000,
      caseIds,
      commands,
      reporter,
      outputFile: undefined,
    },
    capture.out,
  );
  return { code, stdout: capture.stdout(), stderr: capture.stderr() };
}

const report = (stdout: string) => JSON.parse(stdout) as JsonReport;

/** The answer of a backend that checks SdkAppid and Sign, then lets `decide` answer. */
function authenticated(decide: (body: Record<string, unknown>, request: Received) => object) {
  const auth = correctBackend({ sdkAppId: SDKAPPID, token: TOKEN });
  return ((request) => {
    const checked = auth(request);
    if (checked.body !== OK_BODY) return checked;
    const body = JSON.parse(request.body.toString('utf8')) as Record<string, unknown>;
    return { body: JSON.stringify(decide(body, request)) };
  }) satisfies AnswerFn;
}

const texts = (body: Record<string, unknown>): string[] =>
  (body.MsgBody as { MsgType: string; MsgContent: { Text?: string } }[])
    .filter((e) => e.MsgType === 'TIMTextElem')
    .map((e) => e.MsgContent.Text ?? '');

async function withBackend<T>(answer: AnswerFn, body: (backend: Backend) => Promise<T>) {
  const backend = await startBackend(answer);
  try {
    return await body(backend);
  } finally {
    await backend.close();
  }
}

describe('validate --command c2c.before-send-msg against a backend that decides', () => {
  const decisions: number[] = [];
  let backend: Backend;
  beforeAll(async () => {
    // A moderation backend: one element per message, "red packet" rewritten, the rest allowed.
    backend = await startBackend(
      authenticated((body) => {
        const elements = body.MsgBody as unknown[];
        if (elements.length > 1) {
          decisions.push(1);
          return { ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'one element per message' };
        }
        decisions.push(0);
        if (!texts(body).some((t) => t.includes('red packet'))) {
          return { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' };
        }
        const MsgBody = [{ MsgType: 'TIMTextElem', MsgContent: { Text: 'red envelope' } }];
        return { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '', MsgBody };
      }),
    );
  });
  afterAll(() => backend.close());

  it('passes with exit 0: allow, deny and a rewrite with a valid MsgBody are all decisions', async () => {
    const r = await run(backend.url, [BEFORE_SEND]);
    expect(r.code).toBe(0);
    const doc = report(r.stdout);
    const expected = BEFORE_SEND.samples.length + PROBES.length;
    expect(doc.summary).toMatchObject({ passed: expected, failed: 0, inconclusive: 0 });
    expect(doc.cases.map((c) => c.id)).toContain('c2c.before-send-msg/accept');
    expect(doc.cases.map((c) => c.id)).toContain('c2c.before-send-msg/wrong-sign');
    for (const c of doc.cases) expect(c.command).toBe('C2C.CallbackBeforeSendMsg');
    const accept = doc.cases.find((c) => c.id === 'c2c.before-send-msg/accept');
    expect(accept?.checks.find((k) => k.name === 'decision')).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^ErrorCode 0 \(allow/),
    });
    // The backend did deny one (the several-element sample) and allow the rest.
    expect(decisions).toContain(1);
    expect(decisions).toContain(0);
    // A deny is a decision, not a warning about a non-zero ErrorCode.
    expect(doc.cases.flatMap((c) => c.warnings)).toEqual([]);
  });

  it('sends each case and each control as a distinct message: its own MsgKey', async () => {
    const before = backend.received.length;
    const r = await run(backend.url, [BEFORE_SEND]);
    expect(r.code).toBe(0);
    const keys = backend.received
      .slice(before)
      .map((req) => JSON.parse(req.body.toString('utf8')).MsgKey as string);
    expect(new Set(keys).size).toBe(keys.length);
    for (const req of backend.received.slice(before)) {
      expect(req.query.get('CallbackCommand')).toBe('C2C.CallbackBeforeSendMsg');
    }
  });
});

describe('validate --command: a backend that breaks the decision rules fails, naming the rule', () => {
  it('ErrorCode 3 to C2C.CallbackBeforeSendMsg: exit 1, the codes it allows named', async () => {
    const answer = authenticated(() => ({ ActionStatus: 'OK', ErrorCode: 3, ErrorInfo: '' }));
    await withBackend(answer, async (backend) => {
      const r = await run(backend.url, [BEFORE_SEND], 'human');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        `✖ ErrorCode 3 is not a decision C2C.CallbackBeforeSendMsg takes: it allows ${allowedCodesText(BEFORE_SEND)}`,
      );
      expect(allowedCodesText(BEFORE_SEND)).toBe('0, 1, 2 or 120001–130000');
      expect(r.stdout).toMatch(/^✖ c2c\.before-send-msg\/accept\b/m);
    });
  });

  it('a MsgBody element without MsgType: exit 1, /MsgBody/0/MsgType named', async () => {
    const answer = authenticated(() => ({
      ActionStatus: 'OK',
      ErrorCode: 0,
      ErrorInfo: '',
      MsgBody: [{ MsgContent: { Text: 'rewritten' } }],
    }));
    await withBackend(answer, async (backend) => {
      const r = await run(backend.url, [BEFORE_SEND]);
      expect(r.code).toBe(1);
      const accept = report(r.stdout).cases.find((c) => c.id === 'c2c.before-send-msg/accept');
      expect(accept?.status).toBe('failed');
      expect(accept?.checks.filter((k) => !k.ok)).toEqual([
        { name: 'decision', ok: false, message: '/MsgBody/0/MsgType: is required' },
      ]);
    });
  });

  it('a backend that denies every message: the probes are inconclusive, the hint says it denied', async () => {
    const answer = authenticated(() => ({ ActionStatus: 'OK', ErrorCode: 1, ErrorInfo: 'no' }));
    await withBackend(answer, async (backend) => {
      const r = await run(backend.url, [BEFORE_SEND]);
      expect(r.code).toBe(1);
      const doc = report(r.stdout);
      // Deny is a decision the command takes: the acceptance cases pass.
      expect(doc.summary).toMatchObject({
        passed: BEFORE_SEND.samples.length,
        failed: 0,
        inconclusive: PROBES.length,
      });
      const probe = doc.cases.find((c) => c.id === 'c2c.before-send-msg/wrong-sign');
      expect(probe?.checks[0]).toMatchObject({
        name: 'control',
        ok: false,
        message: expect.stringContaining(
          'inconclusive: the backend denied a valid callback sent just before',
        ),
      });
      expect(doc.hints).toContainEqual(
        expect.stringMatching(
          /^the backend denied a valid callback \(HTTP 200, OK \(ErrorCode 1\)/,
        ),
      );
    });
  });

  it('a backend that accepts forged callbacks fails the probes', async () => {
    const answer: AnswerFn = () => ({ body: OK_BODY });
    await withBackend(answer, async (backend) => {
      const r = await run(backend.url, [BEFORE_SEND], 'json', ['wrong-sign']);
      expect(r.code).toBe(1);
      const [probe] = report(r.stdout).cases;
      expect(probe?.id).toBe('c2c.before-send-msg/wrong-sign');
      expect(probe?.checks.find((k) => !k.ok)?.message).toBe(
        'accepted a forged callback (wrong Sign): answered 200 OK',
      );
    });
  });
});

describe('validate --command all', () => {
  it("runs every catalogue command's cases against a correct backend, exit 0", async () => {
    const answer = correctBackend({ sdkAppId: SDKAPPID, token: TOKEN });
    await withBackend(answer, async (backend) => {
      const r = await run(backend.url, CATALOG);
      expect(r.code).toBe(0);
      const doc = report(r.stdout);
      const expected = CATALOG.reduce((n, e) => n + e.samples.length + PROBES.length, 0);
      expect(doc.summary).toMatchObject({ passed: expected, failed: 0, total: expected });
      expect(new Set(doc.cases.map((c) => c.command))).toEqual(
        new Set(CATALOG.map((e) => e.command)),
      );
      const commands = new Set(backend.received.map((req) => req.query.get('CallbackCommand')));
      expect(commands).toEqual(new Set(CATALOG.map((e) => e.command)));
    });
  }, 120_000);
});
