/**
 * Trace text, as it arrives in chunks, → numbered lines, one at a time: the same lines a
 * split on /\r?\n/ gives, without holding the text. A final newline ends the last line rather
 * than starting an empty one; a last line without one is the unterminated tail (Trace.cut),
 * which the reader never reads. Also what the whole input says before any line is read: blank
 * (only whitespace) or binary (the first line holding a NUL byte, the tail included).
 * @internal
 */
export class LineSplitter {
  private partial = '';
  private lineCount = 0;
  private blank = true;
  /** The first line (1-based) holding a NUL byte, or null. */
  nulLine: number | null = null;

  constructor(private readonly onLine: (text: string, line: number) => void) {}

  /** Lines split so far (the tail not included). */
  get lines(): number {
    return this.lineCount;
  }

  push(chunk: string): void {
    if (chunk.length === 0) return;
    if (this.blank && chunk.trim() !== '') this.blank = false;
    let from = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', from)) {
      const piece = chunk.slice(from, nl);
      from = nl + 1;
      let text = this.partial.length > 0 ? this.partial + piece : piece;
      this.partial = '';
      if (text.endsWith('\r')) text = text.slice(0, -1);
      this.emit(text);
    }
    if (from < chunk.length) this.partial += chunk.slice(from);
  }

  /**
   * The end of the input: the unterminated tail's line number (it counts as a line of the
   * input, as the split gives it), or null; whether the whole input was blank.
   */
  end(): { readonly tail: number | null; readonly totalLines: number; readonly blank: boolean } {
    if (this.partial.length === 0) return { tail: null, totalLines: this.lineCount, blank: this.blank };
    const tail = this.lineCount + 1;
    if (this.nulLine === null && this.partial.includes('\u0000')) this.nulLine = tail;
    return { tail, totalLines: tail, blank: this.blank };
  }

  private emit(text: string): void {
    this.lineCount++;
    if (this.nulLine === null && text.includes('\u0000')) this.nulLine = this.lineCount;
    this.onLine(text, this.lineCount);
  }
}
