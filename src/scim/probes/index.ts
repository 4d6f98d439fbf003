import { oktaRuntimeProbes } from "./okta-runtime.js";
import { oktaSpecProbes } from "./okta-spec.js";
import { rfcProbes } from "./rfc.js";
import type { ProbeDefinition } from "./types.js";

/** Every probe of every suite, in the order they are listed and reported. */
export function allProbes(): ProbeDefinition[] {
  return [...oktaSpecProbes, ...oktaRuntimeProbes, ...rfcProbes];
}
