import { arr, eventTime, obj, oneOf, requestSchema, str } from '../schema-kit.js';
import type { CatalogEntry, JsonBody } from '../types.js';

const COMMAND = 'State.StateChange';

/** A state change of `testuser316`, with the given Info and extra top-level fields. */
function change(
  action: string,
  reason: string,
  extra: JsonBody = {},
  eventTimeMs: number | null = 1629883332497,
): JsonBody {
  return {
    CallbackCommand: COMMAND,
    ...(eventTimeMs === null ? {} : { EventTime: eventTimeMs }),
    Info: { Action: action, To_Account: 'testuser316', Reason: reason },
    ...extra,
  };
}

export const STATE_ENTRIES: readonly CatalogEntry[] = [
  {
    command: COMMAND,
    module: 'State',
    title: 'a user logged in, logged out, lost the connection or set a custom status',
    phase: 'after',
    verified: true,
    docs: [
      'https://cloud.tencent.com/document/product/269/2570',
      'https://www.tencentcloud.com/document/product/1047/34357',
    ],
    request: requestSchema(
      COMMAND,
      {
        EventTime: eventTime(),
        Info: obj(
          {
            Action: oneOf(
              ['Login', 'Logout', 'Disconnect', 'CustomStatusChange'],
              'Login (TCP up), Logout (TCP down), Disconnect (network lost); CustomStatusChange (CN-intl, inferred)',
            ),
            To_Account: str('the user'),
            Reason: oneOf(
              ['Register', 'Unregister', 'LinkClose', 'TimeOut', 'SetCustomStatus'],
              'Login: Register; Logout: Unregister; Disconnect: LinkClose or TimeOut (400 s heartbeat); custom status: SetCustomStatus',
            ),
          },
          ['Action', 'To_Account', 'Reason'],
          'what happened to whom',
        ),
        CustomStatus: str('the custom status after the change (CN-intl table only)'),
        KickedDevice: arr(
          obj(
            {
              Platform: oneOf(
                ['iOS', 'Android', 'Web', 'Windows', 'iPad', 'Mac', 'Linux'],
                'the kicked device',
              ),
            },
            ['Platform'],
          ),
          'devices this login kicked off (only then)',
        ),
      },
      ['Info'],
    ),
    errorCodes: {
      0: 'acknowledged',
      1: 'the backend failed to handle it (Tencent ignores the answer)',
    },
    summary:
      '{Info.To_Account} {Info.Action} ({Info.Reason})[, kicked {KickedDevice|list}][, status "{CustomStatus}"]',
    show: ['Info.To_Account', 'Info.Action', 'Info.Reason', 'KickedDevice|list', 'CustomStatus'],
    key: ['Info.To_Account', 'EventTime'],
    samples: [
      {
        variant: null,
        description:
          'A login that kicked a Windows and an Android device off (the documented example, tencentcloud 1047/34357)',
        body: change('Login', 'Register', {
          KickedDevice: [{ Platform: 'Windows' }, { Platform: 'Android' }],
        }),
      },
      {
        variant: 'login',
        description:
          'A login that kicked no device: KickedDevice is sent only when it did (tencentcloud 1047/34357)',
        body: change('Login', 'Register', {}, 1629883330120),
      },
      {
        variant: 'kicked',
        description:
          'A login on a phone that kicked the same user off the Web: enhanced SDKs (native >= 5.6.1200, Web >= 2.14.0) send only this Login, with KickedDevice (tencentcloud 1047/34357)',
        body: change('Login', 'Register', { KickedDevice: [{ Platform: 'Web' }] }, 1629883335018),
      },
      {
        variant: 'logout',
        description:
          'Logout (Unregister); older SDKs (native < 5.6.1200, Web < 2.14.0) also send it for the device a login kicked off (tencentcloud 1047/34357)',
        body: change('Logout', 'Unregister', {}, 1629883340511),
      },
      {
        variant: 'link-close',
        description:
          'Disconnect (LinkClose): the connection dropped, e.g. a Web page closed (tencentcloud 1047/34357)',
        body: change('Disconnect', 'LinkClose', {}, 1629883350802),
      },
      {
        variant: 'timeout',
        description:
          'Disconnect (TimeOut): no heartbeat for 400 s, e.g. the app was killed (tencentcloud 1047/34357)',
        body: change('Disconnect', 'TimeOut', {}, 1629883760093),
      },
      {
        variant: 'custom-status',
        description:
          'A custom-status change, CN-intl table only (zh 1047/34357): Reason SetCustomStatus, CustomStatus at the top level; the Action value and the placement are inferred, no example shows them',
        body: change(
          'CustomStatusChange',
          'SetCustomStatus',
          { CustomStatus: 'in a meeting' },
          1629883415277,
        ),
      },
      {
        variant: 'legacy-intl-edition',
        description:
          'The older (2020) international copy: no EventTime and no KickedDevice (tencentcloud 1047/34357, catalogue §3.2)',
        body: change('Login', 'Register', {}, null),
      },
    ],
  },
];
