import type { Route } from "../router.js";

/** Every endpoint of the emulator, one module per API area. */
export const ROUTES: readonly Route[] = [];
