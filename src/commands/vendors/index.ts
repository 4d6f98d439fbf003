import type { CommandGroup } from "../../cli/registry.js";

/** `vendors list | show <id> | validate <file>` (DESIGN §2): each verb is its own command, loaded on use. */
const vendors: CommandGroup = {
  subcommands: [
    {
      name: "list",
      summary: "table of vendor templates (id, name, Okta app kind, auth)",
      load: async () => (await import("./list.js")).default,
    },
    {
      name: "show",
      operands: "<id>",
      summary: "the template in words: prerequisites, Okta settings, mappings, manual clicks, vendor-side steps",
      load: async () => (await import("./show.js")).default,
    },
    {
      name: "validate",
      operands: "<file>",
      summary: "validate a custom template file; lists every error with its field path",
      load: async () => (await import("./validate.js")).default,
    },
  ],
};

export default vendors;
