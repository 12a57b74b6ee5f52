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
    super(file + " at offset " + offset + ": " + oneLine(message), cause);
    this.file = file;
    this.offset = offset;
    this.reason = oneLine(message);
  }

  /** The answer to a user is one line, also when a cause's message (a codec's, a file system's) is not. */
  private static String oneLine(String message) {
    return message == null ? "unreadable" : message.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  public String file() { return file; }

  public long offset() { return offset; }

  /** What is wrong, without the file and offset. */
  public String reason() { return reason; }
}
