import type { Context } from "../cli/context.js";
import type { ExitCode } from "../cli/exit-codes.js";
import { BugError } from "../cli/errors.js";

export async function run(_options: Record<string, unknown>, _args: string[], _ctx: Context): Promise<ExitCode> {
  throw new BugError("not built yet");
}
