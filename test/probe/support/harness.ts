import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { readFile } from "node:fs/promises";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request } from "undici";
import { startReferenceScimServer, type FaultId, type ReferenceScimServer, type ReferenceScimServerOptions } from "../../../src/sandbox/scim/index.js";
import type { RunReport } from "../../../src/scim/report.js";
import { runCli, type CliResult } from "../../support/cli.js";

export const TOKEN = "probe-test-token-5b1d7c";

/** Anything a probe run creates carries one of these (okta-spec's given name, uniqueName's prefix). */
export const PROBE_MARK = /scim-?okta-?probe/i;

export async function referenceServer(options: ReferenceScimServerOptions = {}): Promise<ReferenceScimServer> {
  return startReferenceScimServer({ auth: { mode: "header", token: TOKEN }, ...options });
}

export interface ProbeRun extends CliResult {
  report: RunReport;
}

/** `scim-okta probe … --reporter json` in-process against a base URL, the report parsed. */
export async function probe(baseUrl: string, argv: string[], options: { env?: NodeJS.ProcessEnv; signal?: AbortSignal } = {}): Promise<ProbeRun> {
  const result = await runCli(["probe", "--reporter", "json", ...argv], {
    env: { SCIM_BASE_URL: baseUrl, SCIM_TOKEN: TOKEN, ...options.env },
    ...(options.signal ? { signal: options.signal } : {}),
  });
  let report: RunReport;
  try {
    report = JSON.parse(result.stdout) as RunReport;
  } catch {
    throw new Error(`probe did not print a JSON report (exit ${result.code}):\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  }
  return { ...result, report };
}

export function probeResult(report: RunReport, id: string): RunReport["probes"][number] {
  const found = report.probes.find((entry) => entry.id === id);
  if (!found) throw new Error(`no probe ${id} in the report: ${report.probes.map((entry) => entry.id).join(", ")}`);
  return found;
}

/** Names of everything on the server that a probe run made. */
export function probeMade(server: ReferenceScimServer): string[] {
  const { users, groups } = server.snapshot();
  return [...users.map((user) => user.userName), ...groups.map((group) => group.displayName)].filter((name) => PROBE_MARK.test(name));
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "scim-okta-probe-test-"));
}

export const readText = (path: string) => readFile(path, "utf8");

/** A port nothing listens on. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface ProxiedRequest {
  method: string;
  /** Path and query as received. */
  path: string;
  headers: IncomingMessage["headers"];
}

export interface ProxyDefect {
  /**
   * Answer instead of the server (the server never sees the request); "hang" never answers; a
   * body of undefined answers with no body.
   */
  answer?(request: ProxiedRequest): { status: number; body?: unknown } | "hang" | undefined;
  /** Forward the request, then drop the connection instead of passing the answer on (a cut-off answer). */
  cutOff?(request: ProxiedRequest): boolean;
  /** Change the server's JSON answer. */
  rewrite?(request: ProxiedRequest, body: unknown): unknown;
}

/**
 * A defect the reference server has no fault for, put in front of it: a loopback proxy that
 * forwards everything and changes only what the defect says.
 */
export async function defectiveProxy(server: ReferenceScimServer, defect: ProxyDefect): Promise<{ baseUrl: string; close(): Promise<void> }> {
  const target = new URL(server.baseUrl);
  const proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const incoming: ProxiedRequest = { method: req.method ?? "GET", path: req.url ?? "/", headers: req.headers };
      const answer = defect.answer?.(incoming);
      if (answer === "hang") return;
      if (answer) {
        if (answer.body === undefined) res.writeHead(answer.status).end();
        else res.writeHead(answer.status, { "content-type": "application/scim+json" }).end(JSON.stringify(answer.body));
        return;
      }
      const headers = { ...req.headers };
      delete headers.host;
      delete headers.connection;
      // The proxy reads and rewrites JSON: ask the server for it uncompressed.
      delete headers["accept-encoding"];
      void request(`${target.origin}${incoming.path}`, {
        method: incoming.method as "GET",
        headers: headers as Record<string, string>,
        body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
      }).then(async (response) => {
        let text = await response.body.text();
        if (defect.cutOff?.(incoming)) {
          res.socket?.destroy();
          return;
        }
        if (defect.rewrite && text !== "") text = JSON.stringify(defect.rewrite(incoming, JSON.parse(text)));
        const responseHeaders = { ...response.headers };
        delete responseHeaders["content-length"];
        delete responseHeaders["transfer-encoding"];
        delete responseHeaders.connection;
        delete responseHeaders["keep-alive"];
        res.writeHead(response.statusCode, responseHeaders as Record<string, string>).end(text);
      });
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
  const { port } = proxy.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${target.pathname}`,
    close: () => new Promise<void>((resolve) => {
      proxy.closeAllConnections();
      proxy.close(() => resolve());
    }),
  };
}

export type { FaultId, ReferenceScimServer };
