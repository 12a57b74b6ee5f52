package org.pcapanalytics.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

/** The lines one logger logs (level and message) while it is open. */
public final class LogLines extends AbstractAppender implements AutoCloseable {
  private final Logger logger;
  private final Level level;
  private final List<String> lines = new ArrayList<>();

  private LogLines(Logger logger) {
    super("test-lines", null, null, true, Property.EMPTY_ARRAY);
    this.logger = logger;
    this.level = logger.getLevel();
  }

  public static LogLines of(String loggerName) {
    LogLines l = new LogLines((Logger) LogManager.getLogger(loggerName));
    l.start();
    l.logger.addAppender(l);
    l.logger.setLevel(Level.INFO);
    return l;
  }

  @Override
  public synchronized void append(LogEvent event) {
    lines.add(event.getLevel() + " " + event.getMessage().getFormattedMessage());
  }

  public synchronized List<String> lines() {
    return new ArrayList<>(lines);
  }

  @Override
  public void close() {
    logger.removeAppender(this);
    logger.setLevel(level);
    stop();
  }
}
