export { ProvisioningEngine } from "./engine.js";
export type { ProvisioningEngineOptions } from "./engine.js";
