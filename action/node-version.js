// The Node the CLI needs (undici 8, chalk 6 and the Okta SDK fail on older ones), checked by the
// action's entry script and by the program that runs the bundle. Plain JavaScript any Node parses.
export const NODE_REQUIRED = "22.12";

/** This Node is older than NODE_REQUIRED. */
export function nodeTooOld(version = process.versions.node) {
  const [major, minor] = version.split(".").map(Number);
  const [needMajor, needMinor] = NODE_REQUIRED.split(".").map(Number);
  return major < needMajor || (major === needMajor && minor < needMinor);
}
