/** `node --import` preload for child processes: refuses every name lookup and appends each name to $CLAY_TEST_DNS_LOG. */
import { appendFileSync } from 'node:fs';
import { refuseDns } from './refuse-dns';

const log = process.env.CLAY_TEST_DNS_LOG;
if (!log) throw new Error('CLAY_TEST_DNS_LOG must name the file that records refused lookups.');
refuseDns((hostname) => appendFileSync(log, `${hostname}\n`));
