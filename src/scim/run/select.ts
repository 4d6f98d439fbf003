import { didYouMean } from "../../core/did-you-mean.js";
import { BugError, UsageError } from "../../core/errors.js";
import type { Dialect } from "../../templates/schema.js";
import type { ProbeDefinition, SuiteId } from "../probes/types.js";

/** Which probes a run is about (DESIGN §5 "Selection for CI"). */
export interface SelectionOptions {
  suites: readonly SuiteId[];
  /** Ids or globs (`okta-spec/*`); dependencies of the chosen probes are pulled in. */
  only: readonly string[];
  skip: readonly string[];
  readOnly: boolean;
  dialect: Dialect;
}

/** A probe the run will report on, and why it will not run when it will not. */
export interface PlannedProbe {
  probe: ProbeDefinition;
  skipReason?: string;
}

/**
 * Decide which probes run, in catalogue order. Pure. Unknown ids and globs that match nothing are
 * bad input (a typo in CI must not silently run or skip the wrong thing).
 */
export function selectProbes(catalogue: readonly ProbeDefinition[], options: SelectionOptions): PlannedProbe[] {
  const byId = indexCatalogue(catalogue);
  const applies = (probe: ProbeDefinition) =>
    options.suites.includes(probe.suite) && (probe.dialects === undefined || probe.dialects.includes(options.dialect));

  const onlyIds = matchPatterns("--only", options.only, catalogue, applies, options);
  const skipIds = matchPatterns("--skip", options.skip, catalogue, applies, options);

  let chosen: Set<string>;
  if (onlyIds.size > 0) {
    chosen = new Set();
    const pull = (id: string) => {
      const probe = byId.get(id);
      if (!probe || chosen.has(id) || !applies(probe)) return;
      chosen.add(id);
      for (const dependency of probe.after ?? []) pull(dependency);
    };
    for (const id of onlyIds) pull(id);
  } else {
    chosen = new Set(catalogue.filter(applies).map((probe) => probe.id));
  }

  return catalogue
    .filter((probe) => chosen.has(probe.id))
    .map((probe): PlannedProbe => {
      if (skipIds.has(probe.id)) return { probe, skipReason: "skipped by --skip" };
      if (options.readOnly && !probe.readOnly) return { probe, skipReason: "sends write requests; --read-only allows only GET" };
      return { probe };
    });
}

function indexCatalogue(catalogue: readonly ProbeDefinition[]): Map<string, ProbeDefinition> {
  const byId = new Map<string, ProbeDefinition>();
  for (const probe of catalogue) {
    if (byId.has(probe.id)) throw new BugError(`probe id ${probe.id} is defined twice`);
    byId.set(probe.id, probe);
  }
  for (const probe of catalogue) {
    for (const dependency of probe.after ?? []) {
      if (!byId.has(dependency)) throw new BugError(`probe ${probe.id} runs after ${dependency}, which does not exist`);
    }
  }
  return byId;
}

function matchPatterns(
  flag: string,
  patterns: readonly string[],
  catalogue: readonly ProbeDefinition[],
  applies: (probe: ProbeDefinition) => boolean,
  options: SelectionOptions,
): Set<string> {
  const ids = new Set<string>();
  for (const pattern of patterns) {
    if (/[*?]/.test(pattern)) {
      const matcher = globToRegExp(pattern);
      const matches = catalogue.filter((probe) => matcher.test(probe.id) && applies(probe));
      if (matches.length === 0) {
        throw new UsageError(`${flag} ${pattern} matches no probe in the selected suites`, 'run "scim-okta probe --list" to see the probe ids');
      }
      for (const probe of matches) ids.add(probe.id);
      continue;
    }
    const probe = catalogue.find((candidate) => candidate.id === pattern);
    if (!probe) {
      const close = didYouMean(pattern, catalogue.map((candidate) => candidate.id));
      throw new UsageError(
        `${flag} ${pattern} is not a probe id`,
        close.length > 0 ? `did you mean ${close.join(", ")}? ("scim-okta probe --list" shows them all)` : 'run "scim-okta probe --list" to see the probe ids',
      );
    }
    if (!options.suites.includes(probe.suite)) {
      throw new UsageError(`${flag} ${pattern} is in suite ${probe.suite}, which --suite ${options.suites.join(",")} leaves out`, `add ${probe.suite} to --suite`);
    }
    if (!applies(probe)) {
      throw new UsageError(
        `${flag} ${pattern} applies to the ${probe.dialects?.join("/") ?? ""} dialect, not ${options.dialect}`,
        `pass --dialect ${probe.dialects?.[0] ?? "oin"}`,
      );
    }
    ids.add(probe.id);
  }
  return ids;
}

/** `*` matches any run of characters (slashes included), `?` one character; the rest is literal. */
function globToRegExp(glob: string): RegExp {
  const source = [...glob].map((character) => (character === "*" ? ".*" : character === "?" ? "." : character.replace(/[.+^${}()|[\]\\]/g, "\\$&"))).join("");
  return new RegExp(`^${source}$`);
}
