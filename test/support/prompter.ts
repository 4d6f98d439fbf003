import type { Prompter } from "../../src/core/io.js";

/** One scripted answer: the kind of question it answers, and the value. */
export type ScriptedAnswer =
  | { confirm: boolean }
  | { input: string }
  | { password: string }
  | { select: unknown };

export interface ScriptedPrompter extends Prompter {
  /** Every question asked, in order: "confirm: Apply this plan?". */
  readonly asked: string[];
  /** Answers not asked for: a test that scripts more than the command asks should fail. */
  readonly unused: ScriptedAnswer[];
}

/**
 * A Prompter for tests (the GitHub CLI's prompter stub): answers from a script, in order. A
 * question of another kind than the next answer, or one with no answer left, fails the test.
 */
export function scriptedPrompter(answers: ScriptedAnswer[]): ScriptedPrompter {
  const script = [...answers];
  const asked: string[] = [];
  const next = <K extends "confirm" | "input" | "password" | "select">(kind: K, message: string): Extract<ScriptedAnswer, Record<K, unknown>>[K] => {
    asked.push(`${kind}: ${message}`);
    const answer = script.shift();
    if (!answer || !(kind in answer)) throw new Error(`unexpected ${kind} question "${message}" (next scripted answer: ${JSON.stringify(answer)})`);
    return (answer as unknown as Record<K, never>)[kind];
  };
  return {
    asked,
    get unused() {
      return script;
    },
    confirm: async ({ message }) => next("confirm", message),
    input: async ({ message, validate }) => {
      const value = next("input", message);
      const verdict = validate?.(value) ?? true;
      if (verdict !== true) throw new Error(`scripted input "${value}" for "${message}" is refused: ${verdict}`);
      return value;
    },
    password: async ({ message }) => next("password", message),
    select: async <T>({ message, choices }: { message: string; choices: ReadonlyArray<{ value: T }> }) => {
      const value = next("select", message);
      if (!choices.some((choice) => choice.value === value)) throw new Error(`scripted choice ${JSON.stringify(value)} is not among the choices of "${message}"`);
      return value as T;
    },
  };
}
