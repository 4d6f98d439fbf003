import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Fault = "drop-after-processing" | "500" | "429";

export interface FaultProxy {
  url: string;
  /** Requests seen, in order (method and path). */
  seen: { method: string; path: string }[];
  /** Inject `fault` on the n-th request (1-based) that matches `which`. */
  arm(fault: Fault, nth: number, which: (method: string) => boolean): void;
  disarm(): void;
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of the Okta emulator that breaks one request: answers 500 or 429
 * itself without forwarding, or forwards it and then drops the connection before the answer
 * (the change is made, the client never hears of it). Link headers are rewritten to the proxy.
 */
export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const seen: { method: string; path: string }[] = [];
  let armed: { fault: Fault; nth: number; which: (method: string) => boolean; count: number } | undefined;
  let own = "";
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const method = req.method ?? "GET";
        seen.push({ method, path: req.url ?? "/" });
        let fault: Fault | undefined;
        if (armed && armed.which(method)) {
          armed.count += 1;
          if (armed.count === armed.nth) fault = armed.fault;
        }
        if (fault === "500") {
          res.writeHead(500, { "content-type": "application/json" });
          return res.end(JSON.stringify({ errorCode: "E0000009", errorSummary: "Internal Server Error", errorCauses: [] }));
        }
        if (fault === "429") {
          const reset = Math.floor(Date.now() / 1000) + 1;
          res.writeHead(429, { "content-type": "application/json", "x-rate-limit-limit": "50", "x-rate-limit-remaining": "0", "x-rate-limit-reset": String(reset), date: new Date().toUTCString() });
          return res.end(JSON.stringify({ errorCode: "E0000047", errorSummary: "API call exceeded rate limit due to too many requests.", errorCauses: [] }));
        }
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) if (typeof value === "string" && name !== "host" && name !== "connection") headers[name] = value;
        const answer = await fetch(`${upstream}${req.url ?? "/"}`, { method, headers, ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}) });
        const body = await answer.text();
        if (fault === "drop-after-processing") {
          req.socket.destroy();
          return;
        }
        const out: Record<string, string> = {};
        answer.headers.forEach((value, name) => {
          if (name === "content-length" || name === "transfer-encoding" || name === "connection" || name === "keep-alive") return;
          out[name] = value.replaceAll(upstream, own);
        });
        res.writeHead(answer.status, out);
        res.end(body.replaceAll(upstream, own));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  own = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: own,
    seen,
    arm: (fault, nth, which) => {
      armed = { fault, nth, which, count: 0 };
    },
    disarm: () => {
      armed = undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
