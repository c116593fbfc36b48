export { HistoryStore, HistoryWriteError, DEFAULT_MAX_DAYS, DEFAULT_MAX_EVENTS, REJECTED_FILE_MAX_BYTES, type HistoryOptions } from './history-store';
