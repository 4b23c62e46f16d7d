import { BOT_ENTRIES } from './modules/bot.js';
import { C2C_ENTRIES } from './modules/c2c.js';
import { CALL_ENTRIES } from './modules/call.js';
import { CONTENT_ENTRIES } from './modules/content.js';
import { FOLLOW_ENTRIES } from './modules/follow.js';
import { GROUP_ENTRIES } from './modules/group.js';
import { OFFICIAL_ACCOUNT_ENTRIES } from './modules/official-account.js';
import { OPS_ENTRIES } from './modules/ops.js';
import { PROFILE_ENTRIES } from './modules/profile.js';
import { PUSH_ENTRIES } from './modules/push.js';
import { SNS_ENTRIES } from './modules/sns.js';
import { STATE_ENTRIES } from './modules/state.js';
import { TOPIC_ENTRIES } from './modules/topic.js';
import type { CatalogEntry } from './types.js';

/**
 * Every callback command tim-callback knows, in the catalogue's order (reference: Tencent's
 * callback list, cloud.tencent.com/document/product/269/1523). Load it with a dynamic import:
 * commands that do not name a callback never pay for it.
 */
export const CATALOG: readonly CatalogEntry[] = [
  ...OPS_ENTRIES,
  ...STATE_ENTRIES,
  ...PROFILE_ENTRIES,
  ...SNS_ENTRIES,
  ...FOLLOW_ENTRIES,
  ...C2C_ENTRIES,
  ...GROUP_ENTRIES,
  ...TOPIC_ENTRIES,
  ...CONTENT_ENTRIES,
  ...BOT_ENTRIES,
  ...OFFICIAL_ACCOUNT_ENTRIES,
  ...PUSH_ENTRIES,
  ...CALL_ENTRIES,
];
