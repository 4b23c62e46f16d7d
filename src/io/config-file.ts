import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { CONFIG_FILE_NAME, type Config, MAX_CONFIG_BYTES, parseConfig } from '../core/config.js';
import { UsageError } from '../core/errors.js';
import { describeFileError } from './files.js';

// Finding and reading tim-callback.config.json: the edge of src/core/config.ts.

/** Deeper than any real directory tree: the walk up stops here even on a looping mount. */
const MAX_PARENTS = 128;

/** tim-callback.config.json in `start` or the nearest parent that has one, up to the root. */
export function findConfigFile(start: string): string | undefined {
  let dir = resolve(start);
  for (let depth = 0; depth < MAX_PARENTS; depth++) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (isFile(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The file's text, refused past MAX_CONFIG_BYTES; `what` names it in errors. */
export function readCapped(path: string, what: string): string {
  const hint = 'check the path; tim-callback config shows which file is read';
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    throw new UsageError(`cannot read ${what}: ${describeFileError(error)}`, hint);
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new UsageError(`${what} is not a regular file`, hint);
    // One byte more than the cap tells a file at the cap from a longer one.
    const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
    let size = 0;
    for (;;) {
      const read = readSync(fd, buffer, size, buffer.length - size, null);
      if (read === 0) break;
      size += read;
      if (size > MAX_CONFIG_BYTES) {
        throw new UsageError(
          `${what} is larger than ${MAX_CONFIG_BYTES / 1024} KiB; a config file is a few lines`,
          hint,
        );
      }
    }
    return buffer.subarray(0, size).toString('utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${what}: ${describeFileError(error)}`, hint);
  } finally {
    closeSync(fd);
  }
}

export interface LoadedConfig {
  config: Config;
  /** The absolute path: tokenFile is relative to its directory. */
  path: string;
}

/** --config <file>, else the nearest tim-callback.config.json from `cwd` up; none is fine. */
export function loadConfig(
  explicit: string | undefined,
  cwd: string = process.cwd(),
): LoadedConfig | undefined {
  const path = explicit === undefined ? findConfigFile(cwd) : resolve(cwd, explicit);
  if (path === undefined) return undefined;
  const what = explicit === undefined ? path : `--config "${explicit}"`;
  const text = readCapped(path, what);
  return { config: parseConfig(text, explicit ?? shortPath(path, cwd)), path };
}

/** A found file named as the user would reach it: `./tim-callback.config.json`, `../../…`. */
function shortPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  if (rel.split(sep).every((part) => part === '..' || part === CONFIG_FILE_NAME)) {
    return rel.startsWith('..') ? rel : `.${sep}${rel}`;
  }
  return path;
}
