package org.pcapanalytics.io;

import java.io.IOException;

/** A capture that cannot be read (not a capture, or malformed under {@link ParseMode#FAILFAST}). */
public class MalformedCaptureException extends IOException {
  private final String file;
  private final long offset;

  public MalformedCaptureException(String file, long offset, String message) {
    super(file + " at offset " + offset + ": " + message);
    this.file = file;
    this.offset = offset;
  }

  public String file() { return file; }

  public long offset() { return offset; }
}
