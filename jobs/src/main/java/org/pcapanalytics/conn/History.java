package org.pcapanalytics.conn;

/**
 * A Zeek-style connection history: letters in order of first occurrence, upper case for the
 * originator, lower case for the responder, each letter at most once per direction.
 *
 * <p>Zeek records {@code s h f r} again when the sequence number differs from the last packet of
 * that kind (and {@code c g t w} logarithmically); we keep each letter once, so a history
 * reads as "what happened", not "how often".
 */
final class History {
  private final StringBuilder letters = new StringBuilder(8);
  /** Bit per letter a..z for the originator (low 26 bits) and the responder (next 26 bits). */
  private long seen;

  /** Adds {@code upper} (an upper-case letter) for the originator, or its lower case for the responder. */
  void add(boolean fromOrig, char upper) {
    int bit = (upper - 'A') + (fromOrig ? 0 : 26);
    if ((seen & (1L << bit)) != 0) return;
    seen |= 1L << bit;
    letters.append(fromOrig ? upper : Character.toLowerCase(upper));
  }

  /** Zeek's '^': the roles were flipped from the first packet's direction. */
  void flipped() {
    if (letters.indexOf("^") < 0) letters.insert(0, '^');
  }

  /** The history, or null when nothing was recorded (Zeek logs '-'). */
  String text() {
    return letters.length() == 0 ? null : letters.toString();
  }

  @Override
  public String toString() {
    return letters.toString();
  }
}
