export { HistoryStore, HistoryWriteError, DEFAULT_MAX_DAYS, DEFAULT_MAX_EVENTS, type HistoryOptions } from './history-store';
