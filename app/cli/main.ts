/**
 * The `clay-tray` command line (bundled to dist/cli.js, started by bin/clay-tray.js):
 * `clay-tray stream …` and `clay-tray dev-hub …`.
 */
import { runDevHubCommand } from './dev-hub-command';
import { version } from '../../package.json';
import type { StreamIo } from './stream-command';
import { runStreamCommand } from './stream-command';

const USAGE = `Usage: clay-tray <command> [options]

Commands:
  stream    print SALTO KS Core API events as JSON lines (clay-tray stream --help)
  dev-hub   run the local hub simulator (clay-tray dev-hub --help)

Options:
  --version  print the version
`;

async function runCli(argv: readonly string[], io: StreamIo): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'stream':
      return runStreamCommand(rest, io);
    case 'dev-hub':
      return runDevHubCommand(rest, io);
    case '-v':
    case '--version':
      io.stdout(`clay-tray ${version}\n`);
      return 0;
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      (command === undefined ? io.stderr : io.stdout)(USAGE);
      return command === undefined ? 2 : 0;
    default:
      io.stderr(`clay-tray: unknown command "${command}". See clay-tray --help.\n`);
      return 2;
  }
}

// A reader that went away (`| head`) is a normal end for a stream of lines, not a crash.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

/**
 * How much output may wait for a slow reader before reading from the hub pauses. write() itself
 * says "behind" past 16 KB, which every 64 KB batch of events is: pausing the hub socket for each
 * batch cost about a sixth of the command's throughput (measured), and a megabyte bounds memory
 * as well.
 */
const STDOUT_BACKLOG_BYTES = 1024 * 1024;

const code = await runCli(process.argv.slice(2), {
  stdout: (chunk) => {
    process.stdout.write(chunk);
    return process.stdout.writableLength < STDOUT_BACKLOG_BYTES;
  },
  stderr: (s) => void process.stderr.write(s),
  drained: (callback) => void process.stdout.once('drain', callback),
}).catch((error: unknown) => {
  process.stderr.write(`clay-tray: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return 1;
});
// Exit once stdout has drained, so piped output is complete even if a library left a timer behind.
process.stdout.write('', () => process.exit(code));
