import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAME, MAX_CONFIG_BYTES } from '../core/config.js';

// What a completion script asks at TAB time (`tim-callback completion --values profiles`): the
// profile names of the config file found from the current directory up. Quiet by design: a
// missing, unreadable or broken file gives no names, never an error on the user's prompt.

/** The walk up stops here even on a looping mount. */
const MAX_PARENTS = 128;

/** The file's text, or undefined when it is missing, not a regular file, or over the cap. */
function readSmallFile(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    if (!fstatSync(fd).isFile()) return undefined;
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let size = 0;
    for (;;) {
      const read = readSync(fd, buffer, size, buffer.length - size, null);
      if (read === 0) break;
      size += read;
      if (size > MAX_CONFIG_BYTES) return undefined;
    }
    return buffer.subarray(0, size).toString('utf8');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The names under "profiles" of the nearest tim-callback.config.json, in the file's order. */
export function profileNames(start: string): string[] {
  let dir = resolve(start);
  for (let depth = 0; depth < MAX_PARENTS; depth++) {
    const text = readSmallFile(join(dir, CONFIG_FILE_NAME));
    if (text !== undefined) return namesIn(text);
    const parent = dirname(dir);
    if (parent === dir) return [];
    dir = parent;
  }
  return [];
}

function namesIn(text: string): string[] {
  try {
    const config = JSON.parse(text) as { profiles?: unknown };
    const profiles = config?.profiles;
    if (typeof profiles !== 'object' || profiles === null || Array.isArray(profiles)) return [];
    // Shells split on white space: a name with some cannot be completed as one word.
    return Object.keys(profiles).filter((name) => /^\S+$/.test(name));
  } catch {
    return [];
  }
}
