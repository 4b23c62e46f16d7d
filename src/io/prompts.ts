import { InterruptedError } from '../core/errors.js';

/**
 * The prompts `send -i` uses: a narrow view of @inquirer/prompts, so a test can hand in its own
 * answers in-process. The real module is imported only when a prompt is actually shown.
 */
export interface Prompts {
  input(config: {
    message: string;
    default?: string;
    validate?: (value: string) => boolean | string;
  }): Promise<string>;
  select<Value>(config: {
    message: string;
    choices: readonly { value: Value; name?: string; description?: string }[];
    default?: Value;
  }): Promise<Value>;
  number(config: {
    message: string;
    default?: number;
    min?: number;
    max?: number;
    required?: boolean;
  }): Promise<number | undefined>;
  password(config: { message: string; mask?: boolean | string }): Promise<string>;
}

export async function loadPrompts(): Promise<Prompts> {
  const inquirer = await import('@inquirer/prompts');
  return {
    input: (config) => inquirer.input(config),
    select: (config) => inquirer.select(config),
    number: (config) => inquirer.number(config),
    password: (config) => inquirer.password(config),
  };
}

/** Prompts only on a terminal, and never in --json mode (every prompt has a flag instead). */
export function canPrompt(stdin: { isTTY?: boolean }, json: boolean): boolean {
  return Boolean(stdin.isTTY) && !json;
}

export interface SendDefaults {
  url: string | undefined;
  fixture: string;
  fixtures: readonly { name: string; description: string }[];
  type: string;
  types: readonly string[];
  name: string;
  members: number;
  sdkAppId: string | undefined;
  /** A token is already given by a flag, a file or the environment: not asked again. */
  hasToken: boolean;
}

export interface SendAnswers {
  url: string;
  fixture: string;
  type: string;
  name: string;
  /** Undefined for a Community group, which has no MemberList. */
  members: number | undefined;
  sdkAppId: string | undefined;
  /** Typed at the hidden prompt; undefined when skipped or already given. */
  token: string | undefined;
}

/** Asks what the flags would say, each defaulting to the flag's or the fixture's value. */
export async function askSendAnswers(
  prompts: Prompts,
  defaults: SendDefaults,
  validateUrl: (value: string) => true | string,
  defaultsForFixture: (fixture: string) => { type: string; name: string; members: number },
): Promise<SendAnswers> {
  try {
    const url = await prompts.input({
      message: 'Callback URL of the backend',
      ...(defaults.url !== undefined ? { default: defaults.url } : {}),
      validate: validateUrl,
    });
    // No fixtures to offer when the body is the user's own (--payload).
    const fixture =
      defaults.fixtures.length === 0
        ? defaults.fixture
        : await prompts.select({
            message: 'Callback body',
            choices: defaults.fixtures.map((f) => ({
              value: f.name,
              name: f.name,
              description: f.description,
            })),
            default: defaults.fixture,
          });
    const own = fixture === defaults.fixture ? defaults : defaultsForFixture(fixture);
    const type = await prompts.select({
      message: 'Group type',
      choices: defaults.types.map((t) => ({ value: t, name: t })),
      default: own.type,
    });
    const name = await prompts.input({ message: 'Group name', default: own.name });
    // Community groups carry no MemberList (cloud.tencent.com/document/product/269/1670).
    const members =
      type === 'Community'
        ? undefined
        : ((await prompts.number({
            message: 'Number of members',
            default: own.members,
            min: 0,
            max: 1_000_000,
            required: true,
          })) ?? own.members);
    const sdkAppId = (
      await prompts.input({
        message: 'SDKAppID (empty: none)',
        ...(defaults.sdkAppId !== undefined ? { default: defaults.sdkAppId } : {}),
        validate: (value) =>
          value.trim() === '' || /^\d+$/.test(value.trim()) || 'an SDKAppID is a number',
      })
    ).trim();
    const token = defaults.hasToken
      ? undefined
      : (
          await prompts.password({
            message: 'Callback token (hidden; empty: unsigned)',
            mask: true,
          })
        ).trim();
    return {
      url: url.trim(),
      fixture,
      type,
      name,
      members,
      sdkAppId: sdkAppId === '' ? undefined : sdkAppId,
      token: token === '' ? undefined : token,
    };
  } catch (error) {
    if ((error as Error)?.name === 'ExitPromptError') {
      throw new InterruptedError('SIGINT', 'cancelled at the prompt', 'nothing was sent');
    }
    throw error;
  }
}
