import { describe, expect, it } from 'vitest';
import { AFTER_GROUP_DESTROYED, buildCallbackUrl } from '../../src/core/callback-url.js';
import { portOf, post, sampleBody, spawnListen } from '../helpers/listen.js';

// DESIGN.md, "Bounded by design": the listener's memory does not grow with what peers choose to send.
describe('listen under a memory cap', () => {
  it('remembers 150 callbacks with 1 MiB GroupIds in a 64 MB heap: the duplicate window holds digests', async () => {
    // Each key used to hold its whole GroupId: 150 MiB of keys in a 64 MB heap ends in
    // "JavaScript heap out of memory" long before the last callback.
    const listener = spawnListen(['--port', '0'], { NODE_OPTIONS: '--max-old-space-size=64' });
    try {
      const port = portOf(await listener.firstLine);
      const url = buildCallbackUrl({
        target: `http://127.0.0.1:${port}/`,
        command: AFTER_GROUP_DESTROYED,
      });
      const statuses: number[] = [];
      for (let i = 0; i < 150; i++) {
        const groupId = `@TGS#${String(i).padStart(4, '0')}${'g'.repeat(1024 * 1024)}`;
        statuses.push((await post(url, sampleBody({ GroupId: groupId }))).status);
      }
      expect(statuses.every((s) => s === 200)).toBe(true);
      // The window still works: the first callback, sent again, is a duplicate.
      await post(url, sampleBody({ GroupId: `@TGS#0000${'g'.repeat(1024 * 1024)}` }));
    } finally {
      const { code, stdout } = await listener.stop('SIGINT');
      expect(code).toBe(0);
      expect(stdout).toMatch(/received 151 · accepted 151 · rejected 0 · duplicates 1/);
    }
  });
});
