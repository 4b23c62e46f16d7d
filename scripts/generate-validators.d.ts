// Types for scripts/generate-validators.js, which test/unit/validators-generated.test.ts imports.
export const GENERATED_VALIDATORS: URL;
export function generateValidatorsSource(schemas: {
  requestSchema: object;
  responseSchema: object;
}): string;
