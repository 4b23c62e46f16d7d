import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// A frame's place in built code: `/…/dist/chunk-send-Ab12.cjs:1:5130`, a Windows path or a file: URL.
const FRAME = /((?:file:\/\/\/?)?(?:[A-Za-z]:)?[\\/][^\s():]+\.c?js):(\d+):(\d+)/g;
// The maps are the build's own (dist/*.map); one larger than this is not read.
const MAX_MAP_BYTES = 16 * 1024 * 1024;

/**
 * Rewrites the stack trace of an unexpected error so that each frame in the built code names its
 * src/*.ts line, from the source maps beside the build (scripts/bundle.js). Done only when a crash
 * is reported, so that no run pays for reading maps; a frame without a map is left as it is.
 */
export function sourceMappedStack(stack: string): string {
  const maps = new Map<string, SourceMap | undefined>();
  return stack.replace(FRAME, (frame, file: string, line: string, column: string) => {
    const path = file.startsWith('file://') ? fileURLToPath(file) : file;
    if (!maps.has(path)) maps.set(path, readMap(path));
    const entry = maps.get(path)?.findEntry(Number(line) - 1, Number(column) - 1);
    if (entry === undefined || !('originalSource' in entry)) return frame;
    const source = entry.originalSource.startsWith('file://')
      ? fileURLToPath(entry.originalSource)
      : resolve(dirname(path), entry.originalSource);
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

function readMap(path: string): SourceMap | undefined {
  try {
    const text = readFileSync(`${path}.map`, 'utf8');
    return text.length > MAX_MAP_BYTES ? undefined : new SourceMap(JSON.parse(text));
  } catch {
    return undefined;
  }
}
