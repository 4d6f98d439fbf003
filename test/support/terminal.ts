import { Writable } from "node:stream";

/** A stream that keeps what was written, as a terminal (isTTY, columns, the cursor calls ora makes) or as a pipe. */
export class CapturingStream extends Writable {
  text = "";
  constructor(
    readonly isTTY: boolean,
    readonly columns = 80,
  ) {
    super();
  }
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
  // ora asks a terminal for these.
  clearLine(): boolean {
    return true;
  }
  cursorTo(): boolean {
    return true;
  }
  moveCursor(): boolean {
    return true;
  }
}
