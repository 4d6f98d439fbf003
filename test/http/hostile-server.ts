import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";

/** What a hostile server saw: each request's method, path and headers. */
export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingMessage["headers"];
}

export interface HostileServer {
  baseUrl: string;
  origin: string;
  seen: SeenRequest[];
  /** Bytes the handlers managed to write before the client stopped reading (see `endless`). */
  written: { bytes: number };
  close(): Promise<void>;
}

export type HostileHandler = (request: IncomingMessage, response: ServerResponse, written: { bytes: number }, body: string) => void;

/**
 * A loopback HTTP server that misbehaves on purpose: one handler per request, chosen by the test.
 * Base URL `http://127.0.0.1:<port>/scim/v2`.
 */
export async function hostileServer(handler: HostileHandler): Promise<HostileServer> {
  const seen: SeenRequest[] = [];
  const written = { bytes: 0 };
  const sockets = new Set<Socket>();
  const server: Server = createServer((request, response) => {
    seen.push({ method: request.method ?? "GET", path: request.url ?? "/", headers: request.headers });
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => handler(request, response, written, Buffer.concat(chunks).toString("utf8")));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    baseUrl: `${origin}/scim/v2`,
    origin,
    seen,
    written,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Write chunks of `chunk` for as long as the client reads them. */
export function endless(response: ServerResponse, written: { bytes: number }, chunk: string): void {
  const buffer = Buffer.from(chunk);
  const pump = () => {
    while (!response.destroyed) {
      written.bytes += buffer.length;
      if (!response.write(buffer)) {
        response.once("drain", pump);
        return;
      }
    }
  };
  response.on("error", () => {});
  pump();
}
