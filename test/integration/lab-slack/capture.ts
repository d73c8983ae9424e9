import { Writable } from 'node:stream';

/** A writable stream that keeps everything written to it, for checking CLI output. */
export class CapturedOutput extends Writable {
  text = '';

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    callback();
  }
}
