import type { Route } from "../router.js";
import { appGroupRoutes } from "./app-groups.js";
import { appSchemaRoutes } from "./app-schema.js";
import { appUserRoutes } from "./app-users.js";
import { appRoutes } from "./apps.js";
import { connectionRoutes } from "./connections.js";
import { featureRoutes } from "./features.js";
import { groupPushRoutes } from "./group-push.js";
import { groupRoutes } from "./groups.js";
import { mappingRoutes } from "./mappings.js";
import { userTypeRoutes } from "./user-types.js";
import { userRoutes } from "./users.js";

/** Every endpoint of the emulator, one module per API area. */
export const ROUTES: readonly Route[] = [
  ...appRoutes,
  ...connectionRoutes,
  ...featureRoutes,
  ...appSchemaRoutes,
  ...appUserRoutes,
  ...appGroupRoutes,
  ...groupPushRoutes,
  ...mappingRoutes,
  ...userTypeRoutes,
  ...groupRoutes,
  ...userRoutes,
];
