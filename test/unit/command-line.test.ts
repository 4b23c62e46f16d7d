import { describe, expect, it } from 'vitest';
import {
  buildSendCommandLine,
  nameAssignment,
  quoteShellArg,
} from '../../src/core/command-line.js';

describe('buildSendCommandLine', () => {
  it('names a token file by its path and any other token by $TIM_CALLBACK_TOKEN', () => {
    expect(
      buildSendCommandLine({ url: 'http://h/cb', tokenSource: 'file', tokenFile: 'secrets/t.txt' }),
    ).toBe('tim-callback send http://h/cb --token-file secrets/t.txt');
    for (const tokenSource of ['flag', 'env', 'prompt'] as const) {
      expect(buildSendCommandLine({ url: 'http://h/cb', tokenSource })).toBe(
        'tim-callback send http://h/cb --token "$TIM_CALLBACK_TOKEN"',
      );
    }
    expect(buildSendCommandLine({ url: 'http://h/cb' })).toBe('tim-callback send http://h/cb');
  });

  it('leaves out defaults and quotes what a shell would split', () => {
    expect(
      buildSendCommandLine({
        url: 'http://h/cb?a=1&b=2',
        fixture: 'group-destroyed',
        type: 'Private',
        members: 0,
        set: ['Name=My Group'],
        timeoutMs: 2000,
        concurrency: 10,
        count: 1,
        skewSeconds: -300,
      }),
    ).toBe(
      "tim-callback send 'http://h/cb?a=1&b=2' --type Private --members 0 --set 'Name=My Group' --skew -300",
    );
  });

  it('quotes single quotes and empty strings', () => {
    expect(quoteShellArg("it's")).toBe(`'it'\\''s'`);
    expect(quoteShellArg('')).toBe("''");
    expect(quoteShellArg('plain-word')).toBe('plain-word');
  });

  it('keeps a group name a string even when it reads as JSON', () => {
    expect(nameAssignment('42')).toBe('Name="42"');
    expect(nameAssignment('007')).toBe('Name=007');
    expect(nameAssignment('MyGroup')).toBe('Name=MyGroup');
    expect(nameAssignment('true')).toBe('Name="true"');
  });
});
