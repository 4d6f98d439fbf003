import type { Readable, Writable } from "node:stream";
import type * as Prompts from "@inquirer/prompts";
import { InterruptedError, UsageError } from "../core/errors.js";
import type { Prompter } from "../core/io.js";

/**
 * Questions through @inquirer/prompts (loaded on the first question), asked on stderr so stdout
 * stays the result. Nothing is asked in a non-interactive run: the question's `instead` names what
 * to pass, and asking is a usage error (DESIGN §2: non-interactive runs never wait for input).
 */
export function createPrompter(options: { interactive: () => boolean; input: () => Readable; output: () => Writable; signal: AbortSignal }): Prompter {
  const context = () => ({ input: options.input(), output: options.output(), signal: options.signal, clearPromptOnDone: false });
  const ask = async <T>(message: string, instead: string, question: (prompts: typeof Prompts) => Promise<T>): Promise<T> => {
    if (!options.interactive()) {
      throw new UsageError(`${message.replace(/[?:]\s*$/, "")}: cannot ask, this run is not interactive`, `pass ${instead}`);
    }
    const prompts = await import("@inquirer/prompts");
    try {
      return await question(prompts);
    } catch (error) {
      const name = error instanceof Error ? error.name : "";
      if (name === "ExitPromptError" || name === "AbortPromptError" || name === "CancelPromptError") throw new InterruptedError();
      throw error;
    }
  };
  return {
    confirm: ({ message, default: byDefault, instead }) =>
      ask(message, instead, ({ confirm }) => confirm({ message, ...(byDefault === undefined ? {} : { default: byDefault }) }, context())),
    input: ({ message, default: byDefault, instead, validate }) =>
      ask(message, instead, ({ input }) => input({ message, ...(byDefault === undefined ? {} : { default: byDefault }), ...(validate ? { validate } : {}) }, context())),
    password: ({ message, instead, validate }) => ask(message, instead, ({ password }) => password({ message, mask: "*", ...(validate ? { validate } : {}) }, context())),
    select: ({ message, instead, choices }) =>
      ask(message, instead, ({ select }) => select({ message, choices: choices.map((choice) => ({ ...choice })) }, context())),
  };
}
