package org.pcapanalytics.io;

import java.io.IOException;

/**
 * A capture that cannot be read: not a capture, a damaged header or compressed stream, or a
 * malformed record under {@link ParseMode#FAILFAST}. The message names the file and the offset.
 */
public class MalformedCaptureException extends IOException {
  private final String file;
  private final long offset;
  private final String reason;

  public MalformedCaptureException(String file, long offset, String message) {
    this(file, offset, message, null);
  }

  public MalformedCaptureException(String file, long offset, String message, Throwable cause) {
    super(file + " at offset " + offset + ": " + message, cause);
    this.file = file;
    this.offset = offset;
    this.reason = message;
  }

  public String file() { return file; }

  public long offset() { return offset; }

  /** What is wrong, without the file and offset. */
  public String reason() { return reason; }
}
