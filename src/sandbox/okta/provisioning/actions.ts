/*
 * What the engine does once there is something to send, loaded on the first change that needs it:
 * the SCIM client (undici) stays out of the sandbox's start-up.
 */
export { connectionClient } from "./connection.js";
export { deleteTargetGroup, pushGroup, renameTargetGroup, syncGroupMembers } from "./groups.js";
export { send } from "./operation.js";
export { deactivateUser, provisionUser, pushProfile, reactivateUser } from "./users.js";
