package org.pcapanalytics.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.jline.reader.EOFError;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.ParsedLine;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.terminal.impl.DumbTerminalProvider;
import org.jline.terminal.impl.exec.ExecTerminalProvider;
import org.jline.terminal.spi.SystemStream;

/**
 * The interactive side of {@code shell}, on JLine: line editing, a statement spanning lines until
 * its {@code ;} (edited and kept in the history as one), history in {@code ~/.pcap_analytics_history},
 * Ctrl-C to clear the line or cancel the running statement, Ctrl-D to quit.
 */
final class LineEditor implements AutoCloseable {
  static final String PROMPT = "pcap> ";
  static final String CONTINUATION = "   -> ";

  private final Terminal terminal;
  private final LineReader reader;

  private LineEditor(Terminal terminal, LineReader reader) {
    this.terminal = terminal;
    this.reader = reader;
  }

  /** Whether standard input is a terminal (then {@code shell} is interactive). */
  static boolean stdinIsTerminal() {
    return new ExecTerminalProvider().isSystemStream(SystemStream.Input);
  }

  /** The history file: {@code PCAP_ANALYTICS_HISTORY}, else {@code ~/.pcap_analytics_history}. */
  static Path historyFile() {
    String env = System.getenv("PCAP_ANALYTICS_HISTORY");
    if (env != null && !env.isBlank()) return Path.of(env);
    return Path.of(System.getProperty("user.home"), ".pcap_analytics_history");
  }

  /** The system terminal; {@code onInterrupt} runs on Ctrl-C while no line is being edited. */
  static LineEditor open(Runnable onInterrupt) throws IOException {
    Terminal terminal = TerminalBuilder.builder().name("pcap-analytics").system(true).nativeSignals(true)
        .classLoader(new ProviderIndex()).build();
    return open(terminal, historyFile(), onInterrupt);
  }

  /** On a given terminal (closed with the editor) and history file. */
  static LineEditor open(Terminal terminal, Path history, Runnable onInterrupt) {
    terminal.handle(Terminal.Signal.INT, s -> onInterrupt.run());
    LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("pcap-analytics")
        .parser(new StatementParser())
        .variable(LineReader.HISTORY_FILE, history)
        .variable(LineReader.SECONDARY_PROMPT_PATTERN, CONTINUATION)
        .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is SQL ("!="), not history
        .option(LineReader.Option.INSERT_TAB, true) // no completion: Tab indents
        .build();
    return new LineEditor(terminal, reader);
  }

  /**
   * The next input: one or more complete statements or a shell command; "" after Ctrl-C (the
   * line is dropped); null at Ctrl-D on an empty line.
   */
  String read() {
    try {
      return reader.readLine(PROMPT);
    } catch (UserInterruptException e) {
      return "";
    } catch (EndOfFileException e) {
      return null;
    }
  }

  @Override
  public void close() throws IOException {
    try {
      reader.getHistory().save();
    } finally {
      terminal.close();
    }
  }

  /** Accepts a line only when it ends a statement (or is a shell command); Enter otherwise adds a line. */
  private static final class StatementParser extends DefaultParser {
    StatementParser() {
      escapeChars(new char[0]); // a backslash is SQL's (or starts a shell command), not JLine's
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
      if (context == ParseContext.ACCEPT_LINE && !SqlScript.complete(line)) {
        throw new EOFError(-1, cursor, "statement not ended with ;");
      }
      return super.parse(line, cursor, context);
    }
  }

  /**
   * JLine finds a terminal provider by the class named in {@code META-INF/jline/providers/NAME}.
   * The application jar relocates JLine (a Spark distribution carries another JLine), which
   * leaves that file naming the old class, so this loader, asked first, names the class as it is here.
   */
  private static final class ProviderIndex extends ClassLoader {
    private static final Map<String, Class<?>> PROVIDERS = Map.of(
        "META-INF/jline/providers/exec", ExecTerminalProvider.class,
        "META-INF/jline/providers/dumb", DumbTerminalProvider.class);

    ProviderIndex() {
      super(LineEditor.class.getClassLoader());
    }

    @Override
    public InputStream getResourceAsStream(String name) {
      Class<?> provider = PROVIDERS.get(name);
      if (provider == null) return super.getResourceAsStream(name);
      return new ByteArrayInputStream(provider.getName().getBytes(StandardCharsets.UTF_8));
    }
  }
}
