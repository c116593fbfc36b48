// `npm run bench`: every benchmark in one run. Each prints its own figures and ratios against a
// baseline measured in the same run, because these machines are too noisy for absolute targets.
import { runStreamBench } from './stream.bench';
import { runExportBench } from './export.bench';
import { runHistoryBench } from './history.bench';
import { runWindowBench } from './window.bench';
import { runAlarmDeskBench } from './alarm-desk.bench';
import { runAlarmDeskWindowBench } from './alarm-desk-window.bench';

const benches: readonly [string, () => Promise<void>][] = [
  ['stream pipeline', runStreamBench],
  ['history store', runHistoryBench],
  ['history export', runExportBench],
  ['window', runWindowBench],
  ['alarm desk (main)', runAlarmDeskBench],
  ['alarm desk (window)', runAlarmDeskWindowBench],
];

for (const [name, run] of benches) {
  process.stdout.write(`\n=== ${name} ===\n`);
  await run();
}
