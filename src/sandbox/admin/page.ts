import { appFeatures } from "../okta/features.js";
import { SUPPORTED_ACTIONS, type AppRecord, type ScimAuthType, type SupportedAction } from "../okta/model.js";
import { SECRET_SET } from "./view.js";
import type { CredentialTest } from "./test-credentials.js";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text into HTML (content and attribute values). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

const STYLE = `
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d1d21;background:#f4f5f7}
header{background:#00297a;color:#fff;padding:10px 24px}header a{color:#fff}
main{max-width:860px;margin:0 auto;padding:16px 24px}
.sandbox{background:#fff4ce;border:1px solid #e0c04c;padding:8px 12px;border-radius:4px}
fieldset{background:#fff;border:1px solid #d7d9df;border-radius:6px;margin:16px 0;padding:12px 16px}
legend{font-weight:600;padding:0 6px}label{display:block;margin:6px 0}
input[type=text],input[type=url],input[type=password]{width:100%;max-width:520px;padding:5px;box-sizing:border-box}
.auth{margin:6px 0 6px 24px}.hint{color:#5e6270;font-size:13px}
.flash{padding:8px 12px;border-radius:4px;margin:12px 0}.ok{background:#e3f5e6;border:1px solid #52a861}.error{background:#fde7e9;border:1px solid #d1435b}
table{border-collapse:collapse;background:#fff;width:100%}td,th{border:1px solid #d7d9df;padding:5px 8px;text-align:left;vertical-align:top}
button{padding:6px 14px;margin-right:8px}code{font-size:13px}
`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><header><a href="/">scim-okta sandbox</a> — Admin Console stand-in</header><main>
<p class="sandbox" role="note">Sandbox only. This page stands in for the Okta Admin Console clicks that Okta's public API cannot do for these apps (provisioning connection, To App and To Okta). A real Okta org has no such page.</p>
${body}
</main></body></html>`;
}

const kindLabel = (app: AppRecord) => (app.dialect === "aiw" ? "App Integration Wizard app (custom SAML 2.0), aiw dialect" : "OIN catalog app, oin dialect");

/** The list of the org's apps, each linking to its provisioning page. */
export function renderIndex(apps: readonly AppRecord[]): string {
  const rows = apps
    .map(
      (app) =>
        `<tr><td><a href="/apps/${encodeURIComponent(app.id)}">${escapeHtml(app.label)}</a></td><td><code>${escapeHtml(app.name)}</code></td><td><code>${escapeHtml(app.id)}</code></td><td>${app.dialect}</td><td>${app.provisioning.scimEnabled ? "on" : "off"}</td></tr>`,
    )
    .join("\n");
  const table = apps.length === 0 ? "<p>No apps yet: create one through the Okta API (or <code>scim-okta setup</code>), then reload.</p>" : `<table><thead><tr><th>App</th><th>Name</th><th>Id</th><th>Dialect</th><th>Provisioning</th></tr></thead><tbody>${rows}</tbody></table>`;
  return layout("Applications — scim-okta sandbox", `<h1>Applications</h1>\n${table}`);
}

/** What the form shows: the saved settings, or the values just submitted (after a test or an error). */
export interface FormState {
  scimEnabled: boolean;
  baseUrl: string;
  authType: ScimAuthType;
  basicUsername: string;
  /** Which secrets the app holds (shown as "(set)", never their value). */
  secretsSet: { header: boolean; basic: boolean; bearer: boolean };
  uniqueIdentifier: string;
  supportedActions: readonly SupportedAction[];
  toApp: { create: boolean; update: boolean; deactivate: boolean; password: boolean };
  toOkta: { import: boolean };
}

export function formStateOf(app: AppRecord): FormState {
  const { provisioning } = app;
  const auth = provisioning.auth;
  return {
    scimEnabled: provisioning.scimEnabled,
    baseUrl: provisioning.baseUrl ?? "",
    authType: auth?.type ?? app.defaultAuthType,
    basicUsername: auth?.type === "basic" ? auth.username : "",
    secretsSet: { header: auth?.type === "header", basic: auth?.type === "basic", bearer: auth?.type === "oauth-bearer" },
    uniqueIdentifier: provisioning.uniqueIdentifier ?? "userName",
    supportedActions: provisioning.supportedActions,
    toApp: { ...provisioning.toApp },
    toOkta: { ...provisioning.toOkta },
  };
}

interface PageMessages {
  saved?: boolean;
  error?: string;
  test?: CredentialTest;
}

const checked = (on: boolean) => (on ? " checked" : "");

function checkbox(name: string, label: string, on: boolean, value = "on"): string {
  const id = `${name}-${value}`.replace(/[^A-Za-z0-9-]/g, "-");
  return `<label for="${id}"><input type="checkbox" id="${id}" name="${name}" value="${escapeHtml(value)}"${checked(on)}> ${escapeHtml(label)}</label>`;
}

function secretInput(name: string, label: string, isSet: boolean): string {
  const placeholder = isSet ? ` placeholder="${SECRET_SET}"` : "";
  const hint = isSet ? `<span class="hint">${SECRET_SET} — leave empty to keep it</span>` : "";
  return `<label for="${name}">${escapeHtml(label)} <input type="password" id="${name}" name="${name}" autocomplete="off"${placeholder}></label>${hint}`;
}

const ACTION_LABELS: Record<SupportedAction, string> = {
  importNewUsersAndProfileUpdates: "Import New Users and Profile Updates",
  pushNewUsers: "Push New Users",
  pushProfileUpdates: "Push Profile Updates",
  pushGroups: "Push Groups",
};

function renderTest(test: CredentialTest): string {
  const verdict = test.passed
    ? `<div class="flash ok" id="test-result" role="status">Test API Credentials: ${escapeHtml(test.baseUrl)} was verified successfully.</div>`
    : `<div class="flash error" id="test-result" role="alert">Test API Credentials failed for ${escapeHtml(test.baseUrl || "(no base URL)")}.</div>`;
  const rows = test.checks
    .map((check) => `<tr><td><code>${escapeHtml(check.id)}</code></td><td>${escapeHtml(check.status)}${check.required || check.status === "passed" || check.status === "skipped" ? "" : " (optional: Okta's test does not fail on it)"}</td><td>${escapeHtml(check.message)}${check.whatToDo ? `<br><span class="hint">${escapeHtml(check.whatToDo)}</span>` : ""}</td></tr>`)
    .join("\n");
  return `${verdict}<p class="hint">The same checks as <code>scim-okta test-connector</code>. Nothing was saved.</p><table id="test-checks"><thead><tr><th>Check</th><th>Status</th><th>Result</th></tr></thead><tbody>${rows}</tbody></table>`;
}

/** The provisioning page of one app: a real form (POST, no script needed). */
export function renderAppPage(app: AppRecord, state: FormState, messages: PageMessages = {}): string {
  const aiw = app.dialect === "aiw";
  const flash = messages.error
    ? `<div class="flash error" id="form-error" role="alert">${escapeHtml(messages.error)}</div>`
    : messages.saved
      ? `<div class="flash ok" id="saved" role="status">Saved.</div>`
      : "";
  const enable = aiw ? "Enable SCIM provisioning" : "Enable API integration";
  const aiwFields = aiw
    ? `<label for="uniqueIdentifier">Unique identifier field for users <input type="text" id="uniqueIdentifier" name="uniqueIdentifier" value="${escapeHtml(state.uniqueIdentifier)}"></label>
<div role="group" aria-label="Supported provisioning actions"><span>Supported provisioning actions</span>
${SUPPORTED_ACTIONS.map((action) => checkbox("supportedActions", ACTION_LABELS[action], state.supportedActions.includes(action), action)).join("\n")}</div>`
    : "";
  const radio = (type: FormState["authType"], label: string) =>
    `<label for="authType-${type}"><input type="radio" id="authType-${type}" name="authType" value="${type}"${checked(state.authType === type)}> ${escapeHtml(label)}</label>`;
  const toApp = state.scimEnabled
    ? `<fieldset id="to-app"><legend>Provisioning → To App</legend><input type="hidden" name="toAppShown" value="1">
${checkbox("toApp.create", "Create Users", state.toApp.create)}
${checkbox("toApp.update", "Update User Attributes", state.toApp.update)}
${checkbox("toApp.deactivate", "Deactivate Users", state.toApp.deactivate)}
${checkbox("toApp.password", "Sync Password", state.toApp.password)}
</fieldset>
<fieldset id="to-okta"><legend>Provisioning → To Okta</legend><input type="hidden" name="toOktaShown" value="1">
${checkbox("toOkta.import", "Import users (To Okta)", state.toOkta.import)}
</fieldset>`
    : `<p class="hint">To App and To Okta appear once provisioning is enabled and saved.</p>`;
  const features = appFeatures(app);
  const body = `<h1>${escapeHtml(app.label)}</h1>
<p><code>${escapeHtml(app.name)}</code> · <code>${escapeHtml(app.id)}</code> · ${kindLabel(app)}</p>
${flash}
<form method="post" action="/apps/${encodeURIComponent(app.id)}" id="provisioning-form">
<fieldset><legend>${aiw ? "General" : "Provisioning"}</legend>
${checkbox("scimEnabled", enable, state.scimEnabled)}
</fieldset>
<fieldset id="integration"><legend>Provisioning → Integration</legend>
<label for="baseUrl">SCIM connector base URL <input type="url" id="baseUrl" name="baseUrl" value="${escapeHtml(state.baseUrl)}" placeholder="https://example.com/scim/v2"></label>
${aiwFields}
<div role="radiogroup" aria-label="Authentication Mode"><span>Authentication Mode</span>
${radio("header", aiw ? "HTTP Header (Bearer token)" : "HTTP Header (sent as typed)")}
<div class="auth">${secretInput("headerValue", aiw ? "Token" : "Authorization header value", state.secretsSet.header)}</div>
${radio("basic", "Basic Auth")}
<div class="auth"><label for="basicUsername">Username <input type="text" id="basicUsername" name="basicUsername" value="${escapeHtml(state.basicUsername)}" autocomplete="off"></label>
${secretInput("basicPassword", "Password", state.secretsSet.basic)}</div>
${radio("oauth-bearer", "OAuth 2.0 Bearer Token")}
<div class="auth">${secretInput("bearerToken", "Bearer token", state.secretsSet.bearer)}</div>
</div>
<p><button type="submit" name="action" value="test" id="test-credentials">Test API Credentials</button></p>
</fieldset>
${toApp}
<p><button type="submit" name="action" value="save" id="save">Save</button></p>
</form>
${messages.test ? renderTest(messages.test) : ""}
<h2>Features (read-only, as the API's <code>features</code> array)</h2>
<p id="features">${features.length === 0 ? "(none)" : features.map((feature) => `<code>${feature}</code>`).join(" ")}</p>
<p class="hint">Scripts: <code>GET</code> / <code>PUT /apps/${escapeHtml(app.id)}/provisioning</code> (JSON), <code>POST /apps/${escapeHtml(app.id)}/provisioning/test</code>.</p>`;
  return layout(`${app.label} — provisioning`, body);
}

export function renderNotFound(what: string): string {
  return layout("Not found", `<h1>Not found</h1><p>${escapeHtml(what)}</p><p><a href="/">All applications</a></p>`);
}
