/**
 * A fake Slack Socket Mode endpoint: a WebSocket server that greets a client with `hello`, pushes envelopes
 * (slash commands, events, interactivity) and records the acknowledgements the app sends back.
 */
import { randomUUID } from 'node:crypto';
import { type WebSocket, WebSocketServer } from 'ws';

export interface Ack {
  envelope_id: string;
  payload?: unknown;
}

export class FakeSocketMode {
  private server?: WebSocketServer;
  private socket?: WebSocket;
  readonly acks: Ack[] = [];
  url = '';

  async start(): Promise<void> {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => this.server!.once('listening', () => resolve()));
    const address = this.server.address();
    this.url = `ws://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/link`;
    this.server.on('connection', (socket) => {
      this.socket = socket;
      socket.on('message', (data) => {
        const message = JSON.parse(String(data)) as Ack;
        if (message.envelope_id) this.acks.push(message);
      });
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: 1,
          debug_info: { host: 'fake', approximate_connection_time: 3600 },
          connection_info: { app_id: 'A0FAKE' },
        }),
      );
    });
  }

  /** Wait (bounded polling) until the app has connected. */
  async connected(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.socket) {
      if (Date.now() > deadline) throw new Error('the app never connected over Socket Mode');
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Push an envelope; returns its id. */
  push(type: 'slash_commands' | 'events_api' | 'interactive', payload: unknown): string {
    const id = randomUUID();
    this.socket!.send(
      JSON.stringify({ envelope_id: id, type, payload, accepts_response_payload: type !== 'events_api' }),
    );
    return id;
  }

  async ackFor(id: string, timeoutMs = 10_000): Promise<Ack> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const ack = this.acks.find((a) => a.envelope_id === id);
      if (ack) return ack;
      if (Date.now() > deadline) throw new Error(`no acknowledgement for envelope ${id}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  async stop(): Promise<void> {
    for (const client of this.server?.clients ?? []) client.terminate();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
