import { buildSendCommandLine, DEFAULT_FIXTURE, nameAssignment } from '../../core/command-line.js';
import { UsageError } from '../../core/errors.js';
import { parseHttpUrl } from '../../core/options.js';
import type { JsonObject } from '../../core/payload.js';
import { maskUrlPasswords } from '../../core/redact.js';
import { GROUP_TYPES } from '../../core/schemas/index.js';
import { listFixtures, loadCallbackFixture } from '../../io/fixtures.js';
import type { Output } from '../../io/output.js';
import { askSendAnswers, canPrompt, loadPrompts, type SendAnswers } from '../../io/prompts.js';
import { printEquivalentCommand } from './render.js';
import { isBundledFixture, readPayload, type SendDeps, type SendOptions } from './request.js';

// `send -i`: asks for what the flags would say, shows the equivalent command line, then the
// options go to one-shot or load like any others. Loaded only with -i.

interface BodyFacts {
  type: string;
  name: string;
  members: number;
}

function factsOf(body: JsonObject): BodyFacts {
  return {
    type: typeof body.Type === 'string' ? body.Type : 'Public',
    name: typeof body.Name === 'string' ? body.Name : '',
    members: Array.isArray(body.MemberList) ? body.MemberList.length : 0,
  };
}

const fixtureFacts = (name: string) => factsOf(loadCallbackFixture(name));

/** The options the answers amount to; without a terminal to ask on, the options as given. */
export async function askInteractively(
  options: SendOptions,
  out: Output,
  deps: SendDeps,
): Promise<SendOptions> {
  if (!canPrompt(deps.stdin ?? process.stdin, out.json)) {
    if (options.url === undefined) {
      throw new UsageError(
        'missing the backend URL, and -i prompts only on a terminal without --json',
        'give the URL as the first argument',
      );
    }
    return options;
  }
  if (options.payload === '-') {
    throw new UsageError(
      '-i cannot read --payload from stdin: the terminal answers the prompts',
      'give --payload a file, or leave out -i',
    );
  }
  const fixture = options.fixture ?? DEFAULT_FIXTURE;
  if (!isBundledFixture(fixture)) {
    throw new UsageError(
      `-i asks about a group dismissal; "${fixture}" is another command's sample`,
      `give its flags instead: tim-callback send <url> ${fixture} --set <path=value>`,
    );
  }
  const prompts = await (deps.prompts ?? loadPrompts)();
  // With --payload the body is the user's own: no fixture to choose, its facts are the defaults.
  const own =
    options.payload !== undefined
      ? factsOf(await readPayload(options.payload))
      : fixtureFacts(fixture);
  const answers = await askSendAnswers(
    prompts,
    {
      url: options.url,
      fixture,
      fixtures:
        options.payload !== undefined ? [] : listFixtures().filter((f) => f.kind === 'callback'),
      type: options.type ?? own.type,
      types: GROUP_TYPES,
      name: own.name,
      members: options.members ?? own.members,
      sdkAppId: options.sdkAppId,
      hasToken: options.token !== undefined,
    },
    checkUrl,
    fixtureFacts,
  );
  const chosen = answers.fixture === fixture ? own : fixtureFacts(answers.fixture);
  const next = optionsFrom(options, answers, chosen);
  const commandLine = buildSendCommandLine({ ...next, url: next.url as string });
  printEquivalentCommand(maskUrlPasswords(commandLine), answers.token !== undefined, out);
  return next;
}

/** The prompt's check of a typed URL: true, or what is wrong with it. */
function checkUrl(value: string): true | string {
  try {
    parseHttpUrl('URL', value.trim());
    return true;
  } catch (error) {
    return (error as Error).message;
  }
}

/** The flags the answers stand for; what equals the chosen body's own is left as it was. */
function optionsFrom(options: SendOptions, answers: SendAnswers, chosen: BodyFacts): SendOptions {
  return {
    ...options,
    url: parseHttpUrl('URL', answers.url),
    fixture: options.payload !== undefined ? undefined : answers.fixture,
    type: answers.type !== chosen.type ? answers.type : undefined,
    members:
      answers.members !== undefined && answers.members !== chosen.members
        ? answers.members
        : undefined,
    set:
      answers.name !== chosen.name ? [...options.set, nameAssignment(answers.name)] : options.set,
    sdkAppId: answers.sdkAppId,
    ...(answers.token !== undefined
      ? { token: answers.token, tokenSource: 'prompt' as const }
      : {}),
    interactive: false,
  };
}
