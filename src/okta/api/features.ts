import type { OktaClient } from "../client.js";
import { OktaRequestError } from "../errors.js";
import {
  featureSchema,
  inboundProvisioningRequestSchema,
  userProvisioningRequestSchema,
  type InboundProvisioningRequest,
  type OktaFeature,
  type UserProvisioningRequest,
} from "../model.js";

/**
 * Provisioning features (research/okta-api.md §3, §14): USER_PROVISIONING ("To App") and
 * INBOUND_PROVISIONING ("To Okta"). Documented for a few OIN apps; on an app without provisioning
 * Okta answers 400 E0000001 "Api validation failed: feature" ("Provisioning is not enabled for the
 * app instance." / "Provisioning is not supported.") — an expected answer here, not a failure.
 */

export type FeatureName = "USER_PROVISIONING" | "INBOUND_PROVISIONING";

type FeatureList = { available: true; features: OktaFeature[] } | { available: false; reason: string };

function path(appId: string, name?: FeatureName): string {
  return `/api/v1/apps/${encodeURIComponent(appId)}/features${name ? `/${name}` : ""}`;
}

export async function listFeatures(client: OktaClient, appId: string): Promise<FeatureList> {
  try {
    return { available: true, features: await client.list(path(appId), featureSchema) };
  } catch (error) {
    const reason = unavailableReason(error);
    if (reason !== undefined) return { available: false, reason };
    throw error;
  }
}

export function getFeature(client: OktaClient, appId: string, name: FeatureName): Promise<OktaFeature> {
  return client.get(path(appId, name), featureSchema);
}

export function updateUserProvisioning(client: OktaClient, appId: string, capabilities: UserProvisioningRequest): Promise<OktaFeature> {
  return client.send("PUT", path(appId, "USER_PROVISIONING"), userProvisioningRequestSchema.parse(capabilities), featureSchema);
}

export function updateInboundProvisioning(client: OktaClient, appId: string, capabilities: InboundProvisioningRequest): Promise<OktaFeature> {
  return client.send("PUT", path(appId, "INBOUND_PROVISIONING"), inboundProvisioningRequestSchema.parse(capabilities), featureSchema);
}

/**
 * Why the Features API is not available for this app, when that is what Okta said (a 400 with
 * E0000001, or any 400/501 naming provisioning); undefined for other errors.
 */
export function unavailableReason(error: unknown): string | undefined {
  if (!(error instanceof OktaRequestError)) return undefined;
  if (error.status !== 400 && error.status !== 501) return undefined;
  const causes = error.summaries;
  const named = causes.find((text) => /provisioning/i.test(text));
  if (error.errorCode === "E0000001" || error.errorCode === "E0000060" || named) return named ?? causes.join("; ") ?? "not available";
  return undefined;
}
