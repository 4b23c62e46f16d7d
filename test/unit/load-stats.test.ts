import { describe, expect, it } from 'vitest';
import {
  createAnswerClassifier,
  createLoadStats,
  exitCodeForLoad,
  percentile,
} from '../../src/core/load-stats.js';

const ok = (latencyMs: number) => ({
  latencyMs,
  status: 200,
  actionStatus: 'OK' as const,
  failedChecks: [],
});

describe('percentile', () => {
  it('is the nearest rank: a latency that really happened', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 90)).toBe(90);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile(Float64Array.from([7]), 99)).toBe(7);
    expect(percentile(Float64Array.from([1, 2, 3]), 50)).toBe(2);
    expect(percentile(new Float64Array(0), 50)).toBe(0);
  });
});

describe('createLoadStats', () => {
  it('summarises latencies in any arrival order', () => {
    const stats = createLoadStats({ random: Math.random });
    for (const latency of [9, 1, 5, 3, 7, 2, 8, 4, 10, 6]) stats.recordAnswer(ok(latency));
    const summary = stats.summarize(2000);
    expect(summary.latencyMs).toEqual({ min: 1, mean: 5.5, p50: 5, p90: 9, p99: 10, max: 10 });
    expect(summary.requests).toBe(10);
    expect(summary.requestsPerSecond).toBe(5);
    expect(exitCodeForLoad(summary)).toBe(0);
  });

  it('counts each answer once: accepted, rejected, malformed or failed', () => {
    const stats = createLoadStats({ random: Math.random });
    const answer = (status: number, actionStatus: 'OK' | 'FAIL' | undefined, failed: string[]) =>
      stats.recordAnswer({ latencyMs: 1, status, actionStatus, failedChecks: failed });
    answer(200, 'OK', []);
    answer(403, undefined, ['status', 'json-object']);
    answer(401, 'FAIL', ['status']);
    answer(200, 'FAIL', []);
    answer(400, 'FAIL', ['status']);
    answer(200, 'OK', ['error-info']);
    answer(502, undefined, ['status', 'json-object']);
    answer(500, 'OK', ['status']);
    answer(200, 'OK', ['in-time']);
    const summary = stats.summarize(1000);
    expect(summary).toMatchObject({
      answered: 9,
      accepted: 1,
      rejected: 4,
      rejectedBy: { 'HTTP 403': 1, 'HTTP 401': 1, FAIL: 1, 'FAIL (HTTP 400)': 1 },
      malformed: 2,
      malformedByCheck: { 'json-object': 1, 'error-info': 1, status: 1 },
      failed: 2,
      failedByCheck: { status: 1, 'in-time': 1 },
    });
    expect(summary.accepted + summary.rejected + summary.malformed + summary.failed).toBe(9);
  });

  it('counts statuses, ActionStatus, malformed answers by check, and errors by kind', () => {
    const stats = createLoadStats({ random: Math.random });
    stats.recordAnswer(ok(1));
    stats.recordAnswer({ latencyMs: 2, status: 200, actionStatus: 'FAIL', failedChecks: [] });
    stats.recordAnswer({
      latencyMs: 3,
      status: 500,
      actionStatus: undefined,
      failedChecks: ['status', 'json-object'],
    });
    stats.recordAnswer({
      latencyMs: 4,
      status: 200,
      actionStatus: 'OK',
      failedChecks: ['error-info'],
    });
    stats.recordError('timeout');
    stats.recordError('timeout');
    stats.recordError('reset');
    expect(stats.finished).toBe(7);
    expect(stats.failures).toBe(6);
    const summary = stats.summarize(1000);
    expect(summary).toMatchObject({
      requests: 7,
      answered: 4,
      accepted: 1,
      byStatus: { '200': 3, '500': 1 },
      byActionStatus: { OK: 2, FAIL: 1, none: 1 },
      rejected: 1,
      rejectedBy: { FAIL: 1 },
      malformed: 2,
      malformedByCheck: { status: 1, 'json-object': 1, 'error-info': 1 },
      errors: { timeout: 2, reset: 1 },
    });
    expect(exitCodeForLoad(summary)).toBe(1);
  });

  it('exit 3 only when nothing answered', () => {
    const none = createLoadStats({ random: Math.random });
    none.recordError('refused');
    const summary = none.summarize(10);
    expect(summary.latencyMs).toBeNull();
    expect(exitCodeForLoad(summary)).toBe(3);
    const one = createLoadStats({ random: Math.random });
    one.recordError('refused');
    one.recordAnswer(ok(1));
    expect(exitCodeForLoad(one.summarize(10))).toBe(1);
  });

  it('keeps memory bounded past maxSamples by reservoir sampling, with exact min and max', () => {
    let seed = 1;
    const random = () => {
      seed = (seed * 16807) % 2147483647;
      return (seed - 1) / 2147483646;
    };
    const stats = createLoadStats({ maxSamples: 1000, random });
    for (let i = 1; i <= 100_000; i++) stats.recordAnswer(ok(i));
    const l = stats.summarize(1000).latencyMs;
    expect(l?.min).toBe(1);
    expect(l?.max).toBe(100_000);
    expect(l?.mean).toBe(50_000.5);
    // A uniform sample of 1000 out of 1..100000: the median lands near 50000.
    expect(l?.p50).toBeGreaterThan(45_000);
    expect(l?.p50).toBeLessThan(55_000);
  });
});

describe('createAnswerClassifier', () => {
  const OK = '{"ActionStatus":"OK","ErrorInfo":"","ErrorCode":0}';

  it('gives the verdict checkAnswer gives, late answers failing in-time', () => {
    const classify = createAnswerClassifier(2000);
    expect(classify(200, OK, 5)).toEqual({ actionStatus: 'OK', failedChecks: [] });
    expect(classify(200, OK, 2500)).toEqual({ actionStatus: 'OK', failedChecks: ['in-time'] });
    expect(classify(200, OK, 6)).toEqual({ actionStatus: 'OK', failedChecks: [] });
    expect(classify(500, '<html></html>', 5)).toEqual({
      actionStatus: undefined,
      failedChecks: ['status', 'json-object'],
    });
    expect(classify(200, '{"ActionStatus":"FAIL","ErrorCode":1,"ErrorInfo":"x"}', 5)).toEqual({
      actionStatus: 'FAIL',
      failedChecks: [],
    });
    expect(classify(200, '{"ActionStatus":"OK","ErrorCode":"0"}', 5).failedChecks).toEqual([
      'error-code',
      'error-info',
    ]);
  });

  it('judges an answer cut at --max-answer by its size alone, whatever its first bytes say', () => {
    const classify = createAnswerClassifier(2000);
    // The first bytes of a padded OK packet parse; the answer is still no packet.
    expect(classify(200, OK, 5, 1024 * 1024)).toEqual({
      actionStatus: undefined,
      failedChecks: ['answer-size'],
    });
    expect(classify(200, OK, 2500, 1024 * 1024).failedChecks).toEqual(['answer-size', 'in-time']);
    expect(classify(200, OK, 5)).toEqual({ actionStatus: 'OK', failedChecks: [] });
  });

  it('still classifies correctly once its cache is full', () => {
    const classify = createAnswerClassifier(2000);
    for (let i = 0; i < 200; i++) {
      const body = `{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":"${i}"}`;
      expect(classify(200, body, 1).failedChecks).toEqual([]);
    }
    expect(classify(200, '{"ActionStatus":"OK"}', 1).failedChecks).toEqual([
      'error-code',
      'error-info',
    ]);
  });
});
