package farm.colorize.worker;

import farm.colorize.config.Configuration;

/** A worker in its own JVM, configured by its environment, for tests that kill it. */
public final class WorkerProcessMain {
  private WorkerProcessMain() {}

  public static void main(String[] args) throws Exception {
    Workers.runUntilStopped(Workers.from(Configuration.environment()));
  }
}
