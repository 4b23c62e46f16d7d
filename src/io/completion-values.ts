import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAME } from '../core/config.js';
import { readCapped } from './config-file.js';

// What a completion script asks at TAB time (`tim-callback completion --values profiles`): the
// profile names of the config file found from the current directory up. Quiet by design: a
// missing, unreadable or broken file gives no names, never an error on the user's prompt.

/** The walk up stops here even on a looping mount. */
const MAX_PARENTS = 128;

/** The file's text, or undefined when it is missing, not a regular file, or over the cap. */
function readSmallFile(path: string): string | undefined {
  try {
    return readCapped(path, 'the config file');
  } catch {
    return undefined;
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
