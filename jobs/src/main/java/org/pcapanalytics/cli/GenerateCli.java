package org.pcapanalytics.cli;

import java.io.PrintStream;

/** {@code generate}: the synthetic capture generator as a sub-command (see {@link GenerateCommand}). */
final class GenerateCli implements Command {
  @Override
  public String name() { return "generate"; }

  @Override
  public String summary() { return "write a synthetic capture (realistic traffic plus adversarial payloads)"; }

  @Override
  public String usage() { return GenerateCommand.USAGE; }

  @Override
  public int run(String[] args, PrintStream out, PrintStream err) {
    return GenerateCommand.run(args, out, err);
  }
}
