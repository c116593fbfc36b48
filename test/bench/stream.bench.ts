/**
 * Events per second through the core pipeline (receive, normalise, de-duplicate, hand off) and
 * through `clay-tray stream` end to end (the built command in its own process, writing NDJSON to a
 * pipe this process reads) against a bare @microsoft/signalr client that only counts, for the same
 * 100,000 simulator messages in the same run, and against a lean client of the same contract (parse,
 * pick six fields, write a JSON line; lean-client.ts), run and read the same way as the command.
 * The simulator runs in a child process so its sending does not share the clients' thread. Rates are reported per wall-clock second, and for the clients
 * in this process also per CPU second (the client's own cost, independent of how fast the simulator
 * sends). Then the command's latency, from the simulator's send to the line read from its stdout:
 * p50 and p99 at a steady 10 messages per second, and over a burst of 10,000.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { staticTokenProvider } from '../../app/core/streaming/auth';
import { Supervisor } from '../../app/core/streaming/supervisor';
import { startDevHub } from '../../app/dev-hub/dev-hub';
import { EventGenerator } from '../../app/dev-hub/hub-content';
import { processCpuSeconds } from '../support/proc';
import { benchIncidentConnection } from './bench-connection';

const MESSAGES = 100_000;
const WARM_UP = 10_000;
const ROUNDS = 5;
const STEADY_RATE = 10;
const STEADY_SECONDS = 20;
const BURST = 10_000;
const CLI = path.resolve('dist/cli.js');
const LEAN_CLIENT = fileURLToPath(new URL('./lean-client.ts', import.meta.url));

/** Wall-clock milliseconds with sub-millisecond resolution, comparable across processes on one machine. */
const nowMs = (): number => performance.timeOrigin + performance.now();

interface Measurement {
  readonly wallRate: number;
  readonly cpuRate: number;
  readonly peakRssMb: number;
  readonly peakHeapMb: number;
}

/** The simulator side: started as a child of the bench, driven by "emit N" lines on stdin. */
async function hubMain(): Promise<void> {
  const hub = await startDevHub({ port: 0, ratePerSecond: 0, pingIntervalMs: 15_000, seed: 42 });
  // Generated up front, so the simulator's sending is cheap and the clients are what is measured.
  const generator = new EventGenerator(42);
  const payloads = Array.from({ length: MESSAGES }, () => JSON.stringify(generator.next('incident')));
  process.stdout.write(`${JSON.stringify({ url: hub.url, token: hub.issueToken(24 * 3600) })}\n`);
  let sent = 0;
  for await (const line of createInterface({ input: process.stdin })) {
    const [command, count] = line.split(' ');
    if (command === 'emit') {
      const started = performance.now();
      for (let i = 0; i < Number(count); i++) {
        // Continues where the last emit stopped, so a client kept across emits sees no repeated ids.
        hub.emit('incident', payloads[sent++ % payloads.length]);
        // Yield now and then so the socket drains instead of buffering everything in memory.
        if (i % 5000 === 4999) await new Promise((resolve) => setImmediate(resolve));
      }
      process.stdout.write(`emitted ${Math.round(performance.now() - started)}\n`);
    } else if (command === 'timed') {
      // Each payload carries its send time; `timed N R` sends N at R per second, R = 0 as fast as possible.
      const rate = Number(line.split(' ')[2]);
      const started = nowMs();
      for (let i = 0; i < Number(count); i++) {
        if (rate > 0) {
          const due = started + (i * 1000) / rate;
          while (nowMs() < due) await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - nowMs())));
        }
        hub.emit('incident', { ...generator.next('incident'), sent_at: nowMs() });
        if (rate === 0 && i % 5000 === 4999) await new Promise((resolve) => setImmediate(resolve));
      }
      process.stdout.write('timed\n');
    } else if (command === 'connections') {
      process.stdout.write(`connections ${hub.connections().length}\n`);
    }
  }
  await hub.stop();
}

interface HubChild {
  readonly url: string;
  readonly token: string;
  request(line: string, answer: string): Promise<string>;
  stop(): void;
}

async function spawnHub(): Promise<HubChild> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, CLAY_BENCH_ROLE: 'hub' },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async (): Promise<string> => {
    const { value, done } = await lines.next();
    if (done) throw new Error('The simulator process ended early.');
    return value as string;
  };
  const { url, token } = JSON.parse(await next()) as { url: string; token: string };
  return {
    url,
    token,
    request: async (line, answer) => {
      child.stdin.write(`${line}\n`);
      for (;;) {
        const reply = await next();
        if (reply.startsWith(answer)) return reply;
      }
    },
    stop: () => {
      child.stdin.end();
      child.kill();
    },
  };
}

/** Counts messages until `target`, sampling memory; the clock starts at the first message. */
function counter(target: number): { hit: () => void; done: Promise<Measurement> } {
  let count = 0;
  let wallStart = 0;
  let cpuStart: NodeJS.CpuUsage = { user: 0, system: 0 };
  let peakRss = 0;
  let peakHeap = 0;
  const sample = (): void => {
    const memory = process.memoryUsage();
    peakRss = Math.max(peakRss, memory.rss);
    peakHeap = Math.max(peakHeap, memory.heapUsed);
  };
  const sampler = setInterval(sample, 20);
  let finish: (m: Measurement) => void = () => undefined;
  const done = new Promise<Measurement>((resolve) => {
    finish = resolve;
  });
  return {
    hit: () => {
      count += 1;
      if (count === 1) {
        wallStart = performance.now();
        cpuStart = process.cpuUsage();
      }
      if (count === target) {
        const wall = (performance.now() - wallStart) / 1000;
        const cpu = process.cpuUsage(cpuStart);
        sample();
        clearInterval(sampler);
        finish({
          wallRate: (target - 1) / wall,
          cpuRate: (target - 1) / ((cpu.user + cpu.system) / 1e6),
          peakRssMb: peakRss / 2 ** 20,
          peakHeapMb: peakHeap / 2 ** 20,
        });
      }
    },
    done,
  };
}

async function waitForConnections(hub: HubChild, count: number): Promise<void> {
  for (;;) {
    if ((await hub.request('connections', 'connections')) === `connections ${count}`) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function measureBare(hub: HubChild, messages: number): Promise<Measurement> {
  const { hit, done } = counter(messages);
  const connection = benchIncidentConnection(hub.url, hub.token);
  connection.on('ReceiveMessage', () => hit());
  await connection.start();
  await waitForConnections(hub, 1);
  await hub.request(`emit ${messages}`, 'emitted');
  const result = await done;
  await connection.stop();
  await waitForConnections(hub, 0);
  return result;
}

async function measureCore(hub: HubChild, messages: number): Promise<Measurement> {
  const { hit, done } = counter(messages);
  const supervisor = new Supervisor({
    baseUrl: hub.url,
    subscriptions: [{ stream: 'incident', site: null }],
    tokenProvider: staticTokenProvider(async () => hub.token),
  });
  const handedOff: unknown[] = [];
  supervisor.onDidReceive((event) => {
    // Hand off like the shell does: keep the event (bounded) for history and alerts.
    handedOff.push(event);
    if (handedOff.length >= 1000) handedOff.length = 0;
    hit();
  });
  supervisor.start();
  await waitForConnections(hub, 1);
  await hub.request(`emit ${messages}`, 'emitted');
  const result = await done;
  await supervisor.stop();
  await waitForConnections(hub, 0);
  return result;
}

interface CommandChild {
  readonly pid: number;
  /** Resolves with the arrival time of each of the next `n` lines (ms, see nowMs), and the lines. */
  lines(n: number): Promise<{ readonly at: number[]; readonly text: string[] }>;
  stop(): Promise<void>;
}

/** `clay-tray stream` as users run it. */
const commandArgs = (hub: HubChild): string[] => [CLI, 'stream', '--base-url', hub.url, '--token-env', 'TOKEN', '--stream', 'incident'];
const leanClientArgs = (hub: HubChild): string[] => ['--import', 'tsx', LEAN_CLIENT, hub.url, hub.token];

/** A client that writes a line per event (node with `args`), stdout a pipe read here line by line. */
function spawnCommand(hub: HubChild, args: readonly string[], keepText = false): CommandChild {
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', TOKEN: hub.token },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let want = 0;
  let at: number[] = [];
  let text: string[] = [];
  let partial: Buffer[] = [];
  let resolve: (value: { at: number[]; text: string[] }) => void = () => undefined;
  // Raw buffers, newlines found with indexOf: the reader should cost as little as the bare client's counter.
  child.stdout.on('data', (chunk: Buffer) => {
    const time = nowMs();
    let start = 0;
    for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
      if (want > 0) {
        at.push(time);
        if (keepText) text.push(Buffer.concat([...partial, chunk.subarray(start, end)]).toString('utf8'));
        if (at.length === want) {
          want = 0;
          resolve({ at, text });
        }
      }
      partial = [];
      start = end + 1;
    }
    if (keepText && start < chunk.length) partial.push(chunk.subarray(start));
  });
  return {
    pid: child.pid!,
    lines: (n) =>
      new Promise((done) => {
        want = n;
        at = [];
        text = [];
        resolve = done;
      }),
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('close', done));
    },
  };
}

async function measureCommand(hub: HubChild, messages: number, args: readonly string[]): Promise<Measurement> {
  const command = spawnCommand(hub, args);
  await waitForConnections(hub, 1);
  // A fresh process each time: warm it up as the in-process clients were, so both run optimised code.
  const warmed = command.lines(WARM_UP);
  await hub.request(`emit ${WARM_UP}`, 'emitted');
  await warmed;
  const arrived = command.lines(messages);
  const cpuBefore = processCpuSeconds(command.pid);
  await hub.request(`emit ${messages}`, 'emitted');
  const { at } = await arrived;
  const cpu = processCpuSeconds(command.pid) - cpuBefore;
  await command.stop();
  await waitForConnections(hub, 0);
  return { wallRate: (messages - 1) / ((at[at.length - 1]! - at[0]!) / 1000), cpuRate: messages / cpu, peakRssMb: NaN, peakHeapMb: NaN };
}

/** Send-to-stdout latencies (ms) for `count` messages at `rate` per second (0: a burst). */
async function measureLatency(hub: HubChild, count: number, rate: number): Promise<number[]> {
  const command = spawnCommand(hub, commandArgs(hub), true);
  await waitForConnections(hub, 1);
  const arrived = command.lines(count);
  await hub.request(`timed ${count} ${rate}`, 'timed');
  const { at, text } = await arrived;
  await command.stop();
  await waitForConnections(hub, 0);
  return text.map((line, i) => at[i]! - Number(/sent_at\\":([\d.]+)/.exec(line)?.[1]));
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function runStreamBench(): Promise<void> {
  const hub = await spawnHub();
  try {
    await measureBare(hub, WARM_UP);
    await measureCore(hub, WARM_UP);
    const bare: Measurement[] = [];
    const core: Measurement[] = [];
    const command: Measurement[] = [];
    const lean: Measurement[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      bare.push(await measureBare(hub, MESSAGES));
      core.push(await measureCore(hub, MESSAGES));
      command.push(await measureCommand(hub, MESSAGES, commandArgs(hub)));
      lean.push(await measureCommand(hub, MESSAGES, leanClientArgs(hub)));
    }
    const best = (list: Measurement[], key: 'wallRate' | 'cpuRate'): number => Math.max(...list.map((m) => m[key]));
    const peak = (list: Measurement[], key: 'peakRssMb' | 'peakHeapMb'): number => Math.max(...list.map((m) => m[key]));
    const row = (name: string, list: Measurement[]): string =>
      `  ${name.padEnd(28)} ${Math.round(best(list, 'wallRate')).toLocaleString('en').padStart(9)} msg/s wall   ${Math.round(best(list, 'cpuRate')).toLocaleString('en').padStart(9)} msg/CPU-s   peak RSS ${peak(list, 'peakRssMb').toFixed(0)} MB, heap ${peak(list, 'peakHeapMb').toFixed(0)} MB`;
    const wallRatio = best(core, 'wallRate') / best(bare, 'wallRate');
    const cpuRatio = best(core, 'cpuRate') / best(bare, 'cpuRate');
    console.log(`stream pipeline: ${MESSAGES.toLocaleString('en')} simulator messages, best of ${ROUNDS} rounds`);
    console.log(row('bare @microsoft/signalr', bare));
    console.log(row('core (normalise+dedupe+hand off)', core));
    // CPU per child process is read from /proc: left out where there is none.
    const childCpu = (list: Measurement[]): string => (Number.isNaN(best(list, 'cpuRate')) ? '' : `${Math.round(best(list, 'cpuRate')).toLocaleString('en').padStart(9)} msg/CPU-s`);
    const piped = (name: string, list: Measurement[], what: string): string =>
      `  ${name.padEnd(28)} ${Math.round(best(list, 'wallRate')).toLocaleString('en').padStart(9)} msg/s wall   ${childCpu(list)}   (own process; ${what})`;
    console.log(piped('clay-tray stream → pipe', command, 'end to end, NDJSON read from its stdout'));
    console.log(piped('lean client → pipe', lean, 'parse, pick six fields, one write per line'));
    console.log(`  ratio core/bare: ${(wallRatio * 100).toFixed(1)}% wall, ${(cpuRatio * 100).toFixed(1)}% CPU`);
    console.log(`  ratio stream command/bare: ${(best(command, 'wallRate') / best(bare, 'wallRate')).toFixed(2)} wall (target ≥ 0.40)${childCpu(command) ? `, ${(best(command, 'cpuRate') / best(bare, 'cpuRate')).toFixed(2)} CPU` : ''}`);
    console.log(`  ratio lean client/bare: ${(best(lean, 'wallRate') / best(bare, 'wallRate')).toFixed(2)} wall; stream command/lean client: ${(best(command, 'wallRate') / best(lean, 'wallRate')).toFixed(2)} wall`);
    const steady = await measureLatency(hub, STEADY_RATE * STEADY_SECONDS, STEADY_RATE);
    const burst = await measureLatency(hub, BURST, 0);
    const figures = (values: number[]): string => `p50 ${percentile(values, 50).toFixed(1)} ms, p99 ${percentile(values, 99).toFixed(1)} ms, max ${Math.max(...values).toFixed(1)} ms`;
    console.log(`clay-tray stream latency, simulator send → line read from stdout:`);
    console.log(`  steady ${STEADY_RATE} msg/s for ${STEADY_SECONDS} s: ${figures(steady)}`);
    console.log(`  burst of ${BURST.toLocaleString('en')}:        ${figures(burst)}`);
  } finally {
    hub.stop();
  }
}

if (process.env.CLAY_BENCH_ROLE === 'hub') void hubMain();
