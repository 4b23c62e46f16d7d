import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GENERATED_VALIDATORS, generateValidatorsSource } from '../helpers/generate-validators.js';

describe('precompiled validators', () => {
  it('match what ajv generates from the schemas today', () => {
    const fresh = generateValidatorsSource();
    if (process.env.UPDATE_GENERATED === '1') writeFileSync(GENERATED_VALIDATORS, fresh);
    expect(fresh).not.toMatch(/require\(/);
    expect(readFileSync(GENERATED_VALIDATORS, 'utf8')).toBe(fresh);
  });
});
