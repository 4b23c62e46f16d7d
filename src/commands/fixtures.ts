import { UsageError } from '../core/errors.js';
import { EXIT_OK, type ExitCode } from '../core/exit-codes.js';
import { findFixture, listFixtures, readFixtureText } from '../io/fixtures.js';
import type { Output } from '../io/output.js';

export function runFixturesList(out: Output): ExitCode {
  const all = listFixtures();
  if (out.json) {
    out.document(all.map(({ name, kind, description }) => ({ name, kind, description })));
    return EXIT_OK;
  }
  const width = Math.max(...all.map((f) => f.name.length));
  for (const kind of ['callback', 'response'] as const) {
    out.line(out.c.bold(kind === 'callback' ? 'Callback bodies' : 'Response packets'));
    for (const f of all.filter((x) => x.kind === kind)) {
      out.line(`  ${out.c.cyan(f.name.padEnd(width))}  ${f.description}`);
    }
    out.line();
  }
  out.line(out.c.dim('Show one: tim-callback fixtures show <name>'));
  return EXIT_OK;
}

export function runFixturesShow(name: string | undefined, out: Output): ExitCode {
  if (name === undefined) {
    throw new UsageError(
      'fixtures show needs a name',
      `choose one of: ${listFixtures()
        .map((f) => f.name)
        .join(', ')}`,
    );
  }
  const info = findFixture(name);
  const text = readFixtureText(info);
  if (out.json) {
    let content: unknown = text;
    try {
      content = JSON.parse(text);
    } catch {
      // Malformed response fixtures are not JSON on purpose; they are shown as text.
    }
    out.document({ name: info.name, kind: info.kind, description: info.description, content });
    return EXIT_OK;
  }
  out.raw(text.endsWith('\n') ? text : `${text}\n`);
  return EXIT_OK;
}
