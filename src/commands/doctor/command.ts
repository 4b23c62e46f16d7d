import type { Command } from 'commander';
import {
  configOptions,
  examples,
  integer,
  sdkAppIdOption,
  tlsOptions,
  tokenOptions,
} from '../shared/options.js';

export interface DoctorFlags {
  sdkappid?: string;
  token?: string;
  tokenFile?: string;
  timeout: number;
  insecure?: boolean;
  ca?: string;
  config?: string;
  profile?: string;
  json?: boolean;
}

/** Long enough to measure an answer that misses IM's 2 s, short enough not to hang. */
export const DOCTOR_TIMEOUT_MS = 5000;

const HELP_AFTER = `${examples([
  'tim-callback doctor http://127.0.0.1:3000/im/callback --token-file token.txt',
  'tim-callback doctor --profile staging',
  'tim-callback doctor --profile staging --json',
])}
Checks, each a line with what to do: the URL, proxy variables, the token file (readable, not
group/world-readable), DNS, the port, TLS (expiry, name, chain; plain http:// is a note), one
signed Group.CallbackAfterGroupDestroyed answered within 2 s with a well-formed OK packet, and this
machine's clock against the endpoint's Date header (Sign tolerates ±60 s).
Exit codes: 0 every check passed, 1 a check failed, 2 usage error, 3 the endpoint could not be
reached (DNS, refused port, TLS, no answer).
`;

export function declareDoctor(program: Command): Command {
  const command = tokenOptions(
    program
      .command('doctor')
      .description('check what breaks callbacks in practice, from this machine to your endpoint')
      .argument('[url]', "your backend's callback URL (default: the profile's url)"),
  )
    .addOption(sdkAppIdOption('SdkAppid to send'))
    .option(
      '--timeout <ms>',
      'how long to wait for the answer (over 2000 ms fails anyway: IM gives up)',
      integer('--timeout', { min: 1, max: 600_000 }, '5000'),
      DOCTOR_TIMEOUT_MS,
    );
  return configOptions(tlsOptions(command))
    .option('--json', 'machine output: one JSON document')
    .addHelpText('after', HELP_AFTER);
}
