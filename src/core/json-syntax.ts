/**
 * Where a JSON text breaks, without quoting it. V8's JSON.parse messages quote the text
 * (`Unexpected token 's', "s3cr3t" is not valid JSON`), so a token file passed where JSON was
 * expected would be printed. These functions say where the parse failed, never what is there.
 */

export interface JsonSyntaxProblem {
  /** What went wrong, in words that hold none of the text. */
  reason: string;
  /** 1-based line and column (UTF-16 code units) of the first character that breaks the JSON. */
  line: number;
  column: number;
}

const OBJECT = 1;
const ARRAY = 2;

class Broken {
  constructor(
    readonly offset: number,
    readonly reason: string,
  ) {}
}

/** The first syntax error of a JSON text, or undefined when it parses. */
export function findJsonSyntaxProblem(text: string): JsonSyntaxProblem | undefined {
  const broken = scan(text);
  if (broken === undefined) return undefined;
  const before = text.slice(0, broken.offset);
  const lastBreak = before.lastIndexOf('\n');
  return {
    reason: broken.reason,
    line: (before.match(/\n/g)?.length ?? 0) + 1,
    column: broken.offset - lastBreak,
  };
}

/** `unexpected character at line 3, column 7`, for a file that is not JSON. */
export function describeJsonSyntax(text: string): string {
  const problem = findJsonSyntaxProblem(text);
  if (problem === undefined) return 'not parsed';
  return `${problem.reason} at line ${problem.line}, column ${problem.column}`;
}

/** The same for one line of a file: only the column, since the caller names the line. */
export function describeJsonSyntaxOnLine(text: string): string {
  const problem = findJsonSyntaxProblem(text);
  if (problem === undefined) return 'not parsed';
  return `${problem.reason} at column ${problem.column}`;
}

/** An iterative scan (no recursion, so deep nesting cannot overflow the stack). */
function scan(text: string): Broken | undefined {
  const stack: number[] = [];
  let i = 0;
  try {
    for (;;) {
      i = scanValue(text, skipSpace(text, i), stack);
      if (i < 0) {
        // A container was opened; its first member comes next.
        i = -i;
        continue;
      }
      i = afterValue(text, i, stack);
      if (i === text.length && stack.length === 0) return undefined;
    }
  } catch (error) {
    if (error instanceof Broken) return error;
    throw error;
  }
}

/**
 * Scans one value at i. Returns the index after it, or minus the index of the first member when
 * the value opens a non-empty container (pushed on the stack).
 */
function scanValue(text: string, i: number, stack: number[]): number {
  const ch = text[i];
  if (ch === undefined) throw new Broken(i, 'unexpected end of input');
  if (ch === '{') {
    const next = skipSpace(text, i + 1);
    if (text[next] === '}') return next + 1;
    stack.push(OBJECT);
    return -scanKey(text, next);
  }
  if (ch === '[') {
    const next = skipSpace(text, i + 1);
    if (text[next] === ']') return next + 1;
    stack.push(ARRAY);
    return -next;
  }
  if (ch === '"') return scanString(text, i);
  if (ch === '-' || (ch >= '0' && ch <= '9')) return scanNumber(text, i);
  for (const literal of ['true', 'false', 'null']) {
    if (text.startsWith(literal, i)) return i + literal.length;
  }
  throw new Broken(i, 'unexpected character');
}

/** After a value: closes containers and crosses a comma; returns where the next value starts. */
function afterValue(text: string, start: number, stack: number[]): number {
  let i = start;
  for (;;) {
    i = skipSpace(text, i);
    const top = stack[stack.length - 1];
    if (top === undefined) {
      if (i < text.length) throw new Broken(i, 'unexpected character after the JSON value');
      return i;
    }
    const ch = text[i];
    if (ch === undefined) throw new Broken(i, 'unexpected end of input');
    if (ch === ',') return top === OBJECT ? scanKey(text, skipSpace(text, i + 1)) : i + 1;
    if ((top === OBJECT && ch === '}') || (top === ARRAY && ch === ']')) {
      stack.pop();
      i += 1;
      continue;
    }
    throw new Broken(i, top === OBJECT ? "expected ',' or '}'" : "expected ',' or ']'");
  }
}

/** A member name and its colon; returns where the member's value starts. */
function scanKey(text: string, i: number): number {
  if (text[i] === undefined) throw new Broken(i, 'unexpected end of input');
  if (text[i] !== '"') throw new Broken(i, 'expected a property name in double quotes');
  const after = skipSpace(text, scanString(text, i));
  if (text[after] === undefined) throw new Broken(after, 'unexpected end of input');
  if (text[after] !== ':') throw new Broken(after, "expected ':' after a property name");
  return after + 1;
}

const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

function scanString(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const code = text.charCodeAt(i);
    if (Number.isNaN(code)) throw new Broken(i, 'unterminated string');
    if (code === 0x22) return i + 1;
    if (code < 0x20) throw new Broken(i, 'control character in a string');
    if (code === 0x5c) {
      const escaped = text[i + 1];
      if (escaped === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          throw new Broken(i, 'bad \\u escape in a string');
        }
        i += 6;
        continue;
      }
      if (escaped === undefined || !ESCAPES.has(escaped)) {
        throw new Broken(i, 'bad escape in a string');
      }
      i += 2;
      continue;
    }
    i += 1;
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

function scanNumber(text: string, i: number): number {
  NUMBER.lastIndex = i;
  if (!NUMBER.test(text)) throw new Broken(i, 'bad number');
  const end = NUMBER.lastIndex;
  const next = text[end];
  // `01`, `1.`, `1e`: the longest valid prefix stops short of a digit, dot or exponent.
  if (next !== undefined && /[0-9.eE+-]/.test(next)) throw new Broken(end, 'bad number');
  return end;
}

function skipSpace(text: string, start: number): number {
  let i = start;
  for (;;) {
    const code = text.charCodeAt(i);
    if (code !== 0x20 && code !== 0x0a && code !== 0x0d && code !== 0x09) return i;
    i += 1;
  }
}
