/**
 * Cutting a YAML byte stream into documents at `---` lines as it arrives, holding only the
 * current document, and knowing the line each one starts on.
 */

/** A run of input lines holding one or more YAML documents. */
export interface Segment {
  readonly bytes: Buffer;
  /** 1-based line of the segment's first byte. */
  readonly line: number;
}

const NEWLINE = 0x0a;
const DASH = 0x2d;

/**
 * Cuts a byte stream into segments at document markers (`---` at the start of a line, followed by
 * a space, a tab, the end of the line or the end of the input). Only the current segment is held.
 *
 * A segment that holds nothing but comments, blank lines and directives (`%YAML 1.1`) is not cut
 * off: it belongs to the document its `---` starts.
 */
export class DocumentSplitter {
  private pieces: Buffer[] = [];
  /** up to 3 bytes at the start of a line, whose marker status is not known yet */
  private tail: Buffer | undefined;
  private atLineStart = true;
  private line = 1;
  private segmentLine = 1;
  private segmentHasContent = false;

  /** Adds input; returns the segments it completes. */
  public push(input: Uint8Array): Segment[] {
    let chunk = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    if (this.tail) {
      chunk = Buffer.concat([this.tail, chunk]);
      this.tail = undefined;
    }
    const out: Segment[] = [];
    let segmentStart = 0;
    let pos = 0;
    if (!this.atLineStart) {
      const nl = chunk.indexOf(NEWLINE);
      if (nl < 0) {
        this.pieces.push(chunk);
        return out;
      }
      this.line++;
      pos = nl + 1;
    }
    while (pos < chunk.length) {
      const nl = chunk.indexOf(NEWLINE, pos);
      if (nl < 0 && chunk.length - pos < 4) {
        // too short to tell whether this line is a marker: keep it for the next chunk
        this.pieces.push(chunk.subarray(segmentStart, pos));
        this.tail = Buffer.from(chunk.subarray(pos));
        this.atLineStart = true;
        return out;
      }
      const first = chunk[pos];
      if (isMarker(chunk, pos, false)) {
        if (this.segmentHasContent) {
          this.pieces.push(chunk.subarray(segmentStart, pos));
          out.push(this.take());
          segmentStart = pos;
          this.segmentLine = this.line;
        }
        this.segmentHasContent = true;
      } else if (first !== 0x23 /* # */ && first !== 0x25 /* % */ && first !== NEWLINE && first !== 0x0d) {
        this.segmentHasContent = true;
      }
      if (nl < 0) {
        this.pieces.push(chunk.subarray(segmentStart));
        this.atLineStart = false;
        return out;
      }
      this.line++;
      pos = nl + 1;
    }
    this.pieces.push(chunk.subarray(segmentStart));
    this.atLineStart = true;
    return out;
  }

  /** Ends the input; returns the last segment, if any. */
  public end(): Segment[] {
    if (this.tail) {
      const tail = this.tail;
      this.tail = undefined;
      if (isMarker(tail, 0, true) && this.segmentHasContent) {
        const out = [this.take()];
        this.segmentLine = this.line;
        this.pieces.push(tail);
        return [...out, this.take()];
      }
      this.pieces.push(tail);
    }
    const last = this.take();
    return last.bytes.length > 0 ? [last] : [];
  }

  private take(): Segment {
    const bytes = this.pieces.length === 1 ? this.pieces[0] : Buffer.concat(this.pieces);
    this.pieces = [];
    const segment = { bytes, line: this.segmentLine };
    this.segmentHasContent = false;
    return segment;
  }
}

/** Whether a document marker (`---` and then a space, a tab, a line end, or the input's end) starts at `pos`. */
function isMarker(b: Buffer, pos: number, atEnd: boolean): boolean {
  if (b[pos] !== DASH || b[pos + 1] !== DASH || b[pos + 2] !== DASH) return false;
  if (pos + 3 >= b.length) return atEnd;
  const next = b[pos + 3];
  return next === 0x20 || next === 0x09 || next === NEWLINE || next === 0x0d;
}
