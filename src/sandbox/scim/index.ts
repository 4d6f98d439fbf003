export { startReferenceScimServer } from "./server.js";
export type { ReferenceScimServer, ReferenceScimServerOptions, RecordedScimRequest } from "./server.js";
export type { ReferenceServerAuth } from "./auth.js";
export { FAULTS, FAULT_IDS, isFaultId } from "./faults.js";
export type { FaultId } from "./faults.js";
export type { ScimGroup, ScimMember, ScimMeta, ScimUser } from "./model.js";
