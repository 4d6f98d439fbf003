/** The resources as the reference server stores them (RFC 7643 §4.1, §4.2), before any projection. */
export interface ScimMeta {
  resourceType: "User" | "Group";
  created: string;
  lastModified: string;
  location: string;
  /** A weak entity tag, W/"…", equal to the ETag header (RFC 7644 §3.14). */
  version: string;
}

export interface ScimMultiValue {
  value?: unknown;
  type?: string;
  primary?: boolean;
  display?: string;
  [subAttribute: string]: unknown;
}

export interface ScimUser {
  schemas: string[];
  id: string;
  externalId?: string;
  userName: string;
  name?: {
    formatted?: string;
    familyName?: string;
    givenName?: string;
    middleName?: string;
    honorificPrefix?: string;
    honorificSuffix?: string;
  };
  displayName?: string;
  active: boolean;
  emails?: ScimMultiValue[];
  /** Write-only: kept so tests can see it arrived, never returned (RFC 7643 §4.1.1). */
  password?: string;
  meta: ScimMeta;
  [attribute: string]: unknown;
}

export interface ScimMember {
  value: string;
  display?: string;
  type?: "User" | "Group";
  $ref?: string;
}

export interface ScimGroup {
  schemas: string[];
  id: string;
  externalId?: string;
  displayName: string;
  members: ScimMember[];
  meta: ScimMeta;
  [attribute: string]: unknown;
}
