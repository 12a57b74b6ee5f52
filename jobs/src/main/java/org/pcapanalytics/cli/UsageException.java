package org.pcapanalytics.cli;

/** A command line the program cannot run: reported as one line on stderr, exit status 2. */
public final class UsageException extends RuntimeException {
  public UsageException(String message) {
    super(message);
  }
}
