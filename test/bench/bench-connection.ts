/** The bench's plain SignalR client set-up, shared by the bare client and the lean one: WebSockets straight away, no logging. */
import type { HubConnection, IHttpConnectionOptions } from '@microsoft/signalr';
import { HttpTransportType, HubConnectionBuilder, LogLevel } from '@microsoft/signalr';
import WebSocket from 'ws';

export function benchIncidentConnection(baseUrl: string, token: string): HubConnection {
  return new HubConnectionBuilder()
    .withUrl(`${baseUrl}/hub/incident`, {
      skipNegotiation: true,
      transport: HttpTransportType.WebSockets,
      WebSocket,
      accessTokenFactory: () => token,
      logger: LogLevel.None,
    } as IHttpConnectionOptions)
    .build();
}
