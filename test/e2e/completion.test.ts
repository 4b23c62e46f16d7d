import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { completionScript } from '../../src/core/completion.js';
import { BIN, runBin } from '../helpers/bin.js';
import { tempDirForFile } from '../helpers/temp-dir.js';

// The scripts are checked by the shells themselves: parsed (-n) and driven as a TAB would drive
// them. zsh and fish are used where installed (.ci/run installs them when it can).

function has(shell: string): boolean {
  return spawnSync(shell, ['-c', 'true']).status === 0;
}

const dir = tempDirForFile('tim-callback-completion-');
const scripts: Record<string, string> = {};

beforeAll(async () => {
  for (const shell of ['bash', 'zsh', 'fish']) {
    const result = await runBin(['completion', shell]);
    expect(result.code).toBe(0);
    scripts[shell] = join(dir, `completion.${shell}`);
    writeFileSync(scripts[shell] as string, result.stdout);
  }
});

function run(shell: string, script: string): string {
  const result = spawnSync(shell, ['-c', script], { encoding: 'utf8', timeout: 20_000 });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

/** COMPREPLY after a TAB with COMP_WORDS/COMP_CWORD as bash sets them (no COMP_LINE). */
function bashTab(words: string[]): string[] {
  const array = words.map((w) => `'${w}'`).join(' ');
  const out = run(
    'bash',
    `source '${scripts.bash}'; COMP_WORDS=(${array}); COMP_CWORD=${words.length - 1}; _tim_callback; printf '%s\\n' "\${COMPREPLY[@]}"`,
  );
  return out.split('\n').filter((l) => l !== '');
}

describe('tim-callback completion', () => {
  it('prints scripts that bash -n, zsh -n and fish -n accept', () => {
    expect(spawnSync('bash', ['-n', scripts.bash as string]).status).toBe(0);
    if (has('zsh')) expect(spawnSync('zsh', ['-n', scripts.zsh as string]).status).toBe(0);
    if (has('fish')) expect(spawnSync('fish', ['-n', scripts.fish as string]).status).toBe(0);
  });

  it('bash: completes commands, sample names, variants, options and case ids', () => {
    expect(bashTab(['tim-callback', 'se'])).toEqual(['send']);
    expect(bashTab(['tim-callback', 'send', 'http://x', 'c2c.bef'])).toEqual([
      'c2c.before-send-msg',
    ]);
    expect(bashTab(['tim-callback', 'send', 'http://x', 'cn-'])).toEqual(['cn-edition']);
    expect(bashTab(['tim-callback', 'send', 'http://x', 'state.state-change:logo'])).toEqual([
      'state.state-change:logout',
    ]);
    expect(bashTab(['tim-callback', 'send', '--conc'])).toEqual(['--concurrency']);
    expect(bashTab(['tim-callback', 'validate', '--cases', 'documented-example,stale'])).toEqual([
      'documented-example,stale-request',
    ]);
    // A catalogue command's case ids, as validate --command names them.
    expect(bashTab(['tim-callback', 'validate', '--cases', 'state.state-change/wrong-si'])).toEqual(
      ['state.state-change/wrong-sign'],
    );
    expect(bashTab(['tim-callback', 'validate', '--reporter', 'j'])).toEqual(['json', 'junit']);
    expect(bashTab(['tim-callback', 'fixtures', 'show', 'group.after-group-dest'])).toEqual([
      'group.after-group-destroyed',
    ]);
    expect(bashTab(['tim-callback', 'help', 'val'])).toEqual(['validate']);
    expect(bashTab(['tim-callback', 'validate', 'http://x', '--command', 'c2c.before-s'])).toEqual([
      'c2c.before-send-msg',
    ]);
  });

  it('bash: a value after an option that takes one is not taken for an argument', () => {
    // --members 5 is an option and its value; the next word is still the sample.
    expect(bashTab(['tim-callback', 'send', '--members', '5', 'http://x', 'public-'])).toEqual([
      'public-group',
    ]);
  });

  it('bash: where COMP_WORDS is split at the colon, only the piece after it is replaced', () => {
    const line = 'tim-callback send http://x state.state-change:logo';
    const out = run(
      'bash',
      `source '${scripts.bash}'; COMP_LINE='${line}'; COMP_POINT=${line.length}; COMP_WORDS=(tim-callback send http : //x state.state-change : logo); COMP_CWORD=7; _tim_callback; printf '%s\\n' "\${COMPREPLY[@]}"`,
    );
    expect(out.trim()).toBe('logout');
  });

  it('offers every option that send --help shows (derived from the program, not a list)', async () => {
    const help = await runBin(['send', '--help']);
    const shown = help.stdout.match(/(?<![\w-])--[a-z][a-z-]*/g) ?? [];
    const offered = new Set(bashTab(['tim-callback', 'send', '-']));
    expect([...new Set(shown)].filter((o) => !offered.has(o))).toEqual([]);
  });

  it.skipIf(!has('zsh'))('zsh: the engine finds the same candidates', () => {
    const out = run(
      'zsh',
      `compdef() { :; }; source '${scripts.zsh}'; _tim_callback_engine se; print -r -- "$_tcb_words"; _tim_callback_engine 'state.state-change:' send http://x; print -r -- "$_tcb_words"`,
    );
    const [commands, variants] = out.split('\n');
    expect(commands?.split(' ')).toContain('send');
    expect(variants?.split(' ')).toContain('state.state-change:logout');
  });

  it.skipIf(!has('fish'))('fish: the candidates function finds samples and options', () => {
    const out = run(
      'fish',
      `source '${scripts.fish}'; __tim_callback_candidates c2c.bef send http://x; __tim_callback_candidates --con send`,
    );
    const lines = out.split('\n');
    expect(lines).toContain('c2c.before-send-msg');
    expect(lines).toContain('--concurrency');
  });

  it('an unknown shell is a usage error naming the three', async () => {
    const result = await runBin(['completion', 'tcsh']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/bash, zsh, fish/);
    expect(result.stdout).toBe('');
  });

  it('--values profiles prints the profile names of the config file found upwards', () => {
    const project = join(dir, 'project');
    mkdirSync(join(project, 'sub'), { recursive: true });
    writeFileSync(
      join(project, 'tim-callback.config.json'),
      JSON.stringify({ profiles: { staging: { url: 'http://127.0.0.1:1/' }, ci: {} } }),
    );
    const result = spawnSync(process.execPath, [BIN, 'completion', '--values', 'profiles'], {
      cwd: join(project, 'sub'),
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('staging\nci\n');
    const none = spawnSync(process.execPath, [BIN, 'completion', '--values', 'profiles'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(none.stdout).toBe('');
    expect(none.status).toBe(0);
  });

  it('bash: a --profile value completes from the config file, asked of tim-callback on PATH', () => {
    const project = join(dir, 'profiles-project');
    mkdirSync(project, { recursive: true });
    writeFileSync(
      join(project, 'tim-callback.config.json'),
      JSON.stringify({ profiles: { staging: {}, 'stage-eu': {}, ci: {} } }),
    );
    // `tim-callback` on PATH is the built bin; the script is one with a --profile option.
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(
      join(bin, 'tim-callback'),
      `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`,
    );
    chmodSync(join(bin, 'tim-callback'), 0o755);
    const script = join(dir, 'profiles.bash');
    writeFileSync(
      script,
      completionScript('bash', {
        program: 'tim-callback',
        commands: [
          {
            path: [],
            subcommands: [],
            options: [{ names: ['--profile'], value: { type: 'profiles' } }],
            args: [],
          },
        ],
        samples: [],
        variants: [],
      }),
    );
    const result = spawnSync(
      'bash',
      [
        '-c',
        `source '${script}'; COMP_WORDS=(tim-callback --profile stag); COMP_CWORD=2; _tim_callback; printf '%s\\n' "\${COMPREPLY[@]}"`,
      ],
      {
        cwd: project,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${bin}:${process.env.PATH}` },
      },
    );
    expect(result.stdout.split('\n').filter((l) => l !== '')).toEqual(['staging', 'stage-eu']);
  });
});
