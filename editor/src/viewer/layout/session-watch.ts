import type { ViewerClient } from '../api/client.ts';
import { endsSession } from './load-outcome.ts';

/**
 * The client the pages get: the app's client, except that a request refused because the
 * session ended (it expired, or the person was removed) also tells the shell, which then shows
 * the sign-in page instead of leaving every page to explain it on its own.
 */
export function watchSession(client: ViewerClient, onEnded: (error: unknown) => void): ViewerClient {
  const guard =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(...args);
      } catch (error) {
        if (endsSession(error)) onEnded(error);
        throw error;
      }
    };
  return {
    ...client,
    rows: guard(client.rows),
    row: guard(client.row),
    insert: guard(client.insert),
    update: guard(client.update),
    remove: guard(client.remove),
    upload: guard(client.upload),
    file: guard(client.file),
    chart: guard(client.chart),
  };
}
