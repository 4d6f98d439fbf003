import type { ProbeDefinition } from "./types.js";

export const rfcProbes: ProbeDefinition[] = [];
