/** The stream-kind list with a third kind (alarm-stream-kind.ts), swapped in when building the window. */
import { STREAM_KIND_LIST as SHIPPED, type StreamKindInfo } from '../../app/common/stream-kind-list';
import { ALARM_KIND } from './alarm-stream-kind';

export type { StreamKindInfo } from '../../app/common/stream-kind-list';

export const STREAM_KIND_LIST: readonly StreamKindInfo[] = [...SHIPPED, ALARM_KIND];
