package farm.colorize.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** A command run in-process as {@code bin/colorize} runs it: its exit status and what it printed (out and err). */
record Run(int exit, String output) {
  static Run of(String... args) {
    StringWriter out = new StringWriter();
    int exit = Colorize.commandLine(args).setOut(new PrintWriter(out)).setErr(new PrintWriter(out)).execute(args);
    return new Run(exit, out.toString());
  }
}
