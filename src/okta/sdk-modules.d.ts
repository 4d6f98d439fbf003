// The three Okta SDK files src/okta/client.ts imports by path (the package has no `exports`, and
// its types live apart from its sources, in src/types).
declare module "@okta/okta-sdk-nodejs/src/http.js" {
  export { Http } from "@okta/okta-sdk-nodejs/src/types/http.js";
}
declare module "@okta/okta-sdk-nodejs/src/oauth.js" {
  export { OAuth } from "@okta/okta-sdk-nodejs/src/types/oauth.js";
}
declare module "@okta/okta-sdk-nodejs/src/collection.js" {
  export { Collection } from "@okta/okta-sdk-nodejs/src/types/collection.js";
}
