import type { ApiReply, ApiRequest } from "./http.js";
import type { RateLimitBucket } from "./rate-limit.js";
import type { EmulatorContext } from "./context.js";

/**
 * One endpoint of the emulator: the spec's path template and operationId (the contract test
 * derives coverage from them), the OAuth scopes Okta's spec lists for it (all required; a
 * `.manage` scope grants the matching `.read`), and its rate-limit bucket.
 */
export interface Route {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  operationId: string;
  scopes: readonly string[];
  bucket: RateLimitBucket;
  handle(request: ApiRequest, context: EmulatorContext): ApiReply | Promise<ApiReply>;
}

interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

export class Router {
  private readonly compiled: CompiledRoute[];

  constructor(readonly routes: readonly Route[]) {
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const source = route.path
        .split("/")
        .map((segment) => {
          const param = /^\{(\w+)\}$/.exec(segment);
          if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
          names.push(param[1] ?? "");
          return "([^/]+)";
        })
        .join("/");
      return { route, pattern: new RegExp(`^${source}/?$`), names };
    });
  }

  /** The route for a method and path; `pathKnown` tells a wrong method (405) from an unknown path (404). */
  match(method: string, pathname: string): { match?: RouteMatch; pathKnown: boolean } {
    let pathKnown = false;
    for (const { route, pattern, names } of this.compiled) {
      const found = pattern.exec(pathname);
      if (!found) continue;
      pathKnown = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      names.forEach((name, index) => (params[name] = decodeURIComponent(found[index + 1] ?? "")));
      return { match: { route, params }, pathKnown };
    }
    return { pathKnown };
  }
}
