// The default probe run (all suites) against the reference SCIM server, compared with replaying the
// very same requests with bare undici over a keep-alive Agent, in the same process and run. Each
// round starts both from an empty server handing out the same ids, so the replay's requests find the
// resources they name (the same answers, not cheap 404s) and neither side pays for the other's data.
// The replay does what any client of these answers must: it inflates them (the requests ask for
// gzip, as Okta's do) and parses the JSON; everything else the probe run does is its overhead.
// Needs `npm run build` first (imports ../dist). Run directly: node bench/probe.js
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { gunzipSync, inflateSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { Agent, request } from "undici";
import { Redactor } from "../dist/core/redact.js";
import { createDispatcher } from "../dist/http/dispatcher.js";
import { startReferenceScimServer } from "../dist/sandbox/scim/index.js";
import { ScimClient } from "../dist/scim/client.js";
import { allProbes } from "../dist/scim/probes/index.js";
import { SUITES } from "../dist/scim/probes/types.js";
import { runProbes } from "../dist/scim/run/run-probes.js";
import { selectProbes } from "../dist/scim/run/select.js";

const TOKEN = "bench-token-0123456789";
const CONCURRENCY = 4; // probe's --concurrency default
const ROUNDS = 25;
const TARGET_RATIO = 1.5;
const HOP_BY_HOP = new Set(["host", "connection", "content-length", "transfer-encoding", "keep-alive"]);

/** An empty reference server; `ids` are handed out first (a replay of the run's), else fresh UUIDs, and each one handed out is kept. */
function freshServer(ids = []) {
  const queue = [...ids];
  const handedOut = [];
  const newId = () => {
    const id = queue.shift() ?? randomUUID();
    handedOut.push(id);
    return id;
  };
  return startReferenceScimServer({ auth: { mode: "header", token: TOKEN }, newId }).then((server) => Object.assign(server, { handedOut }));
}

async function probeRun(server) {
  const redactor = new Redactor().addSecret(TOKEN);
  const dispatcher = createDispatcher({ timeoutMs: 60_000, connections: CONCURRENCY, env: {} });
  const client = new ScimClient({ baseUrl: server.baseUrl, authorization: `Bearer ${TOKEN}`, dispatcher, redactor, timeoutMs: 60_000 });
  const plan = selectProbes(allProbes(), { suites: [...SUITES], only: [], skip: [], readOnly: false, dialect: "oin" });
  server.requests.length = 0;
  const started = performance.now();
  const outcome = await runProbes({
    plan,
    client,
    signal: new globalThis.AbortController().signal,
    concurrency: CONCURRENCY,
    dialect: "oin",
    readOnly: false,
    emailDomain: "example.com",
    seedUserId: undefined,
    baseUrl: server.baseUrl,
    curlAuth: { mode: "header", headerFormat: "Bearer {token}" },
    redactor,
  });
  const ms = performance.now() - started;
  await dispatcher.close();
  const failed = outcome.results.filter((result) => result.status === "failed").map((result) => result.id);
  if (failed.length > 0) throw new Error(`the reference server should pass every probe; failed: ${failed.join(", ")}`);
  const recorded = server.requests.map(({ method, path, headers, body, status }) => ({
    method,
    path,
    status,
    headers: Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name))),
    body,
  }));
  return { ms, probes: outcome.results.length, recorded };
}

/** The same requests, same order, same number in flight at most, with nothing but undici. */
async function bareReplay(server, recorded) {
  const origin = new URL(server.baseUrl).origin;
  const agent = new Agent({ connections: CONCURRENCY, keepAliveTimeout: 10_000 });
  let next = 0;
  let sameStatus = 0;
  const worker = async () => {
    while (next < recorded.length) {
      const { method, path, headers, body, status } = recorded[next++];
      const response = await request(`${origin}${path}`, { method, headers, body, dispatcher: agent });
      const bytes = Buffer.from(await response.body.arrayBuffer());
      const coding = response.headers["content-encoding"];
      const text = (coding === "gzip" ? gunzipSync(bytes) : coding === "deflate" ? inflateSync(bytes) : bytes).toString("utf8");
      if (text !== "") JSON.parse(text);
      if (response.statusCode === status) sameStatus += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const ms = performance.now() - started;
  await agent.close();
  return { ms, sameStatus };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Median of a few rounds after a warm-up; prints one line and returns the figures. */
export async function benchProbe({ print = true } = {}) {
  const round = async () => {
    const runServer = await freshServer();
    const run = await probeRun(runServer).finally(() => runServer.close());
    const replayServer = await freshServer(runServer.handedOut);
    const replay = await bareReplay(replayServer, run.recorded).finally(() => replayServer.close());
    return { run, replay };
  };
  await round(); // warm-up
  const runs = [];
  const replays = [];
  // Each round's run and replay go back to back: the ratio is taken per round (the machine's
  // speed drifts between rounds more than within one), and its median reported.
  const ratios = [];
  let requests = 0;
  let probes = 0;
  let fewestSame = Infinity;
  for (let index = 0; index < ROUNDS; index += 1) {
    const { run, replay } = await round();
    runs.push(run.ms);
    requests = run.recorded.length;
    probes = run.probes;
    replays.push(replay.ms);
    ratios.push(run.ms / replay.ms);
    fewestSame = Math.min(fewestSame, replay.sameStatus);
  }
  const probeMs = median(runs);
  const replayMs = median(replays);
  const figures = { probes, requests, probeMs, replayMs, ratio: median(ratios), target: TARGET_RATIO, rounds: ROUNDS, concurrency: CONCURRENCY, replaySameStatus: fewestSame };
  if (print) {
    console.log(`probe (all suites, ${probes} probes, --concurrency ${CONCURRENCY}, median of ${ROUNDS} rounds against the reference server; the ratio is the median of each round's)`);
    console.log(
      `  probe run: ${requests} requests, ${probeMs.toFixed(1)} ms; bare undici replay: ${replayMs.toFixed(1)} ms; ratio ${figures.ratio.toFixed(2)}× (target ≤ ${TARGET_RATIO}×: ${figures.ratio <= TARGET_RATIO ? "within target" : "OVER TARGET"})`,
    );
    console.log(`  the replay got the run's status on ${fewestSame} of ${requests} requests (fewest in a round)`);
  }
  return figures;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await benchProbe();
