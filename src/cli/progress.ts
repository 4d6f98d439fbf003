import type { Ora } from "ora";
import type { OutputStream, Progress, Spinner } from "../core/io.js";
import type { Redactor } from "../core/redact.js";

/**
 * The one spinner implementation (ora on stderr). ora is imported when the first spinner starts,
 * so runs that never spin do not load it; calls made while it loads (a stop included) are
 * replayed in order once it is there, so no persisted line is lost.
 */
export function createProgress(options: { enabled: () => boolean; stderr: OutputStream; redactor: Redactor }): Progress {
  return {
    spinner(text) {
      if (!options.enabled()) return SILENT;
      // A terminal nobody sized (a pty from `script` in CI) reports 0 columns, and ora divides by
      // them: its redraw would never end. There the finished lines are printed, without a spinner.
      if ((options.stderr.stream as { columns?: number }).columns === 0) return linesOnly(options.stderr, options.redactor);
      return new OraSpinner(options.stderr, options.redactor, text);
    },
  };
}

const SILENT: Spinner = {
  update: () => {},
  persist: () => {},
  stop: () => Promise.resolve(),
};

function linesOnly(stderr: OutputStream, redactor: Redactor): Spinner {
  return {
    update: () => {},
    persist: (symbol, text) => stderr.write(`${redactor.redact(`${symbol} ${text}`)}\n`),
    stop: () => Promise.resolve(),
  };
}

class OraSpinner implements Spinner {
  private ora: Ora | undefined;
  private stopped = false;
  private readonly pending: Array<(ora: Ora) => void> = [];
  private readonly loading: Promise<void>;

  constructor(
    stderr: OutputStream,
    private readonly redactor: Redactor,
    text: string,
  ) {
    this.loading = import("ora").then(({ default: ora }) => {
      const spinner = ora({ stream: stderr.stream, isEnabled: true, discardStdin: false, color: stderr.style.level > 0 ? "cyan" : false });
      this.ora = spinner;
      spinner.start(this.redactor.redact(text));
      for (const call of this.pending.splice(0)) call(spinner);
    });
  }

  update(text: string): void {
    this.call((ora) => {
      ora.text = this.redactor.redact(text);
      if (!ora.isSpinning) ora.start();
    });
  }

  persist(symbol: string, text: string): void {
    this.call((ora) => ora.stopAndPersist({ symbol, text: this.redactor.redact(text) }));
  }

  async stop(): Promise<void> {
    this.call((ora) => ora.stop());
    this.stopped = true;
    await this.loading;
  }

  private call(action: (ora: Ora) => void): void {
    if (this.stopped) return;
    if (this.ora) action(this.ora);
    else this.pending.push(action);
  }
}
