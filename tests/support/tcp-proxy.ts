// A TCP proxy to put between a process and a server the tests want to make slow: while
// held, connections are accepted but nothing is forwarded, so calls through it run into
// their deadlines as they would with a server that does not answer.
import net from 'node:net';

export class TcpProxy {
  private server?: net.Server;
  private held = false;
  private readonly sockets = new Set<net.Socket>();
  private readonly waiting: net.Socket[] = [];

  constructor(private readonly target: { host: string; port: number }) {}

  /** `host:port` to connect to instead of the target. */
  get address(): string {
    const bound = this.server?.address();
    if (!bound || typeof bound === 'string') throw new Error('the proxy is not listening');
    return `127.0.0.1:${bound.port}`;
  }

  async start(): Promise<void> {
    this.server = net.createServer((client) => {
      this.track(client);
      if (this.held) this.waiting.push(client);
      else this.forward(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
  }

  /** From now on nothing passes: open connections are dropped, new ones wait unanswered. */
  hold(): void {
    this.held = true;
    for (const socket of this.sockets) socket.destroy();
  }

  /** Lets the waiting connections, and every new one, through again. */
  release(): void {
    this.held = false;
    for (const client of this.waiting.splice(0)) if (!client.destroyed) this.forward(client);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => socket.destroy());
  }

  private forward(client: net.Socket): void {
    const upstream = net.connect(this.target.port, this.target.host);
    this.track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  }
}

/** A proxy to the tests' Temporal server (TEMPORAL_ADDRESS, set by tests/support/global-setup.ts). */
export function temporalProxy(): TcpProxy {
  const [host, port] = process.env.TEMPORAL_ADDRESS!.split(':');
  return new TcpProxy({ host: host!, port: Number(port) });
}
