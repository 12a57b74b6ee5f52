package org.pcapanalytics.io;

/** The file is neither pcap nor pcapng (nor a compressed one of them). */
public final class NotCaptureException extends MalformedCaptureException {
  public NotCaptureException(String file, String message) {
    super(file, 0, message);
  }
}
