/**
 * The stream bench's second reference: a lean client of `clay-tray stream`'s contract, as the issue
 * describes one. It parses each message, picks six fields and writes them as a JSON line, one write
 * per message, and nothing else: no de-duplication, no status, no recovery. Started by
 * stream.bench.ts with the hub's URL and a token.
 */
import { benchIncidentConnection } from './bench-connection';

const [url = '', token = ''] = process.argv.slice(2);
const connection = benchIncidentConnection(url, token);
connection.on('ReceiveMessage', (argument: string) => {
  const payload = JSON.parse(argument) as Record<string, unknown>;
  const { id, event_category: category, utc_date_time: time, lock_customer_reference: lock, collection_id: site, event_detail: detail } = payload;
  process.stdout.write(`${JSON.stringify({ id, category, time, lock, site, detail })}\n`);
});
await connection.start();
