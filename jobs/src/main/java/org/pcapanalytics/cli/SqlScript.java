package org.pcapanalytics.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts SQL text, fed line by line, into statements: a statement ends at a {@code ;} outside string
 * literals ({@code '…'}, {@code "…"}, with backslash escapes), quoted identifiers ({@code `…`}) and
 * comments ({@code -- …} to the end of the line, {@code /* … *}{@code /}, nested as Spark allows).
 * A line that starts with a backslash while no statement is open is a shell command
 * ({@code \timing}) of its own. Statements keep their comments; Spark's parser skips them.
 */
final class SqlScript {
  /** A statement or shell command, and the line (1-based) it starts on. */
  record Statement(String text, int line) {
    boolean isCommand() {
      return text.startsWith("\\");
    }
  }

  private final StringBuilder pending = new StringBuilder();
  /** Whether {@link #pending} holds more than blanks and comments. */
  private boolean content;
  private int startLine;
  private int lineNo;
  /** The open quote character, or 0 outside quotes. */
  private char quote;
  private boolean escaped;
  /** Nesting depth of bracketed comments. */
  private int commentDepth;

  /** Adds the next line (without its line break); returns the statements it completed. */
  List<Statement> add(String line) {
    lineNo++;
    List<Statement> done = new ArrayList<>();
    if (isBlank() && quote == 0 && commentDepth == 0 && line.strip().startsWith("\\")) {
      done.add(new Statement(line.strip(), lineNo));
      pending.setLength(0);
      return done;
    }
    if (pending.length() > 0) pending.append('\n');
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      char next = i + 1 < line.length() ? line.charAt(i + 1) : 0;
      if (quote != 0) {
        pending.append(c);
        if (escaped) {
          escaped = false;
        } else if (c == '\\' && quote != '`') {
          escaped = true;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (commentDepth > 0) {
        pending.append(c);
        if (c == '*' && next == '/') {
          pending.append(next);
          i++;
          commentDepth--;
        } else if (c == '/' && next == '*') {
          pending.append(next);
          i++;
          commentDepth++;
        }
      } else if (c == '-' && next == '-') {
        pending.append(line, i, line.length()); // a comment to the end of the line
        break;
      } else if (c == '/' && next == '*') {
        pending.append("/*");
        i++;
        commentDepth = 1;
      } else if (c == ';') {
        if (content) done.add(new Statement(pending.toString().strip(), startLine));
        pending.setLength(0);
        content = false;
      } else {
        if (!content && !Character.isWhitespace(c)) {
          content = true;
          startLine = lineNo;
        }
        if (c == '\'' || c == '"' || c == '`') quote = c;
        pending.append(c);
      }
    }
    if (!content && quote == 0 && commentDepth == 0) pending.setLength(0); // only blanks and comments
    return done;
  }

  /** Whether no statement is open: nothing but blanks and finished comments since the last one. */
  boolean isBlank() {
    return !content && quote == 0 && commentDepth == 0;
  }

  /** At the end of the input: the last statement when it lacks its {@code ;}, else null. */
  Statement finish() {
    Statement last = content ? new Statement(pending.toString().strip(), startLine) : null;
    pending.setLength(0);
    content = false;
    quote = 0;
    escaped = false;
    commentDepth = 0;
    return last;
  }

  /** Whether a text leaves no statement open (it may hold several, or a shell command, or nothing). */
  static boolean complete(String text) {
    SqlScript s = new SqlScript();
    for (String line : text.split("\n", -1)) s.add(line);
    return s.isBlank();
  }

  /** Every statement of a text, the last one also without its {@code ;}. */
  static List<Statement> split(String text) {
    SqlScript s = new SqlScript();
    List<Statement> all = new ArrayList<>();
    for (String line : text.split("\n", -1)) all.addAll(s.add(line));
    Statement last = s.finish();
    if (last != null) all.add(last);
    return all;
  }
}
