import { examples } from './shared/options.js';

/** The end of `tim-callback --help`: examples, exit codes and the environment it reads. */
export const TOP_LEVEL_HELP = `${examples([
  'tim-callback listen --port 0 --sdkappid 1400000000 --token-file token.txt',
  'tim-callback send http://127.0.0.1:8080/im/callback --sdkappid 1400000000 --token-file token.txt',
  'tim-callback validate http://127.0.0.1:3000/im/callback --sdkappid 1400000000 --token-file token.txt',
  'tim-callback fixtures',
  'tim-callback config --profile staging',
  'tim-callback doctor --profile staging',
])}
Exit codes:
  0        success: every check passed
  1        a check failed (a malformed, refused or FAIL answer, a bad signature, an inconclusive probe)
  2        usage error: a bad option, value or file
  3        the target could not be reached (refused, DNS, TLS; for send, no answer in time)
  130/143  stopped by SIGINT/SIGTERM
  70       an internal error (a bug): its stack is printed; please report it

Environment variables:
  TIM_CALLBACK_TOKEN      the callback token (as --token); never printed
  TIM_SDKAPPID            your SDKAppID (as --sdkappid)
  TIM_PROFILE             the profile of tim-callback.config.json to use (as --profile)
  HTTP_PROXY, HTTPS_PROXY, NO_PROXY
                          proxies for send, validate, replay and listen --forward-to
  NO_COLOR, FORCE_COLOR   colour off / on (off anyway when stdout is not a terminal)

Run 'tim-callback <command> --help' for a command's options and examples.
`;
