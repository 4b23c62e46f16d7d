import { int, requestSchema, str } from '../schema-kit.js';
import type { CatalogEntry } from '../types.js';

export const OPS_ENTRIES: readonly CatalogEntry[] = [
  {
    command: 'Alert.RequestOverLimit',
    module: 'Ops',
    title: "a REST API's request rate passed 80 % of its limit (on once a callback URL is set)",
    phase: 'alarm',
    verified: true,
    docs: ['https://trtc.io/document/60256', 'https://cloud.tencent.com/document/product/269/1523'],
    request: requestSchema(
      'Alert.RequestOverLimit',
      {
        ServiceName: str('internal service name, e.g. openim'),
        Command: str('the API command word, e.g. batchsendmsg; with ServiceName names the API'),
        Request: int('current requests per second'),
        Limit: int('the requests-per-second limit'),
      },
      ['ServiceName', 'Command', 'Request', 'Limit'],
    ),
    errorCodes: { 0: 'acknowledged (a notice: the answer changes nothing)' },
    summary: '{ServiceName}/{Command}: {Request} requests/s, limit {Limit}',
    show: ['ServiceName', 'Command', 'Request', 'Limit'],
    key: ['ServiceName', 'Command', 'Request', 'Limit'],
    samples: [
      {
        variant: null,
        description: 'batchsendmsg over its limit (the documented example, trtc.io 60256)',
        body: {
          CallbackCommand: 'Alert.RequestOverLimit',
          ServiceName: 'openim',
          Command: 'batchsendmsg',
          Request: 510,
          Limit: 200,
        },
      },
    ],
    queryOmits: ['ClientIP'],
  },
];
