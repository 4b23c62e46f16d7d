import { catalogSummarizer } from '../../core/inspector/describe.js';
import { loadCatalog } from '../../io/catalog.js';
import { createInspector, type Inspector } from '../../io/inspector/inspector.js';
import { type RunningInspector, startInspectorServer } from '../../io/inspector/server.js';
import type { RunningListener } from '../../io/listener.js';
import type { RecordWriter } from '../../io/record-writer.js';
import type { ListenOptions } from './listen.js';

/**
 * `listen --ui`: the inspector, loaded only when asked for. It is created before the listener
 * (the --record history is read first, so that live requests come after it), and served once the
 * listener's address is known, on its own port of 127.0.0.1 whatever --host is.
 */
export async function openInspector(
  options: ListenOptions,
  record: RecordWriter | undefined,
): Promise<Inspector> {
  const [catalog, names, summary] = await Promise.all([
    loadCatalog(),
    import('../../core/catalog/names.js'),
    import('../../core/catalog/summary.js'),
  ]);
  return createInspector({
    token: options.token,
    tokenSource: options.tokenSource,
    tokenFile: options.tokenFile,
    sdkAppId: options.sdkAppId,
    forwardTo: options.forwardTo,
    timeoutMs: Math.max(options.forwardTimeoutMs, 2000),
    record,
    summarizer: catalogSummarizer({
      catalog,
      findEntry: names.findEntry,
      aliasOf: names.aliasOf,
      summarize: summary.summarize,
    }),
  });
}

/** The listener's address as this machine reaches it: a wildcard address is reached on loopback. */
export function reachableUrl(listener: RunningListener): string {
  if (listener.host === '0.0.0.0') return listener.url.replace('0.0.0.0', '127.0.0.1');
  if (listener.host === '::') return listener.url.replace('[::]', '[::1]');
  return listener.url;
}

export async function serveInspector(
  inspector: Inspector,
  port: number,
  listener: RunningListener,
): Promise<RunningInspector> {
  inspector.listenerUrl = reachableUrl(listener);
  return startInspectorServer(inspector, port);
}
