export { startAdminConsole } from "./server.js";
export type { AdminConsole, AdminConsoleOptions } from "./server.js";
export { SECRET_SET } from "./view.js";
export type { ProvisioningSettings } from "./settings.js";
export type { CredentialTest, CredentialCheck } from "./test-credentials.js";
