package farm.colorize.worker;

import farm.colorize.config.Configuration;
import farm.colorize.kafka.KafkaSettings;
import farm.colorize.kafka.Topics;
import farm.colorize.s3.S3Settings;
import java.io.IOException;

/** A worker wired from configuration, as `colorize worker` and the process tests start it. */
public final class Workers {
  private Workers() {}

  public static ColorizeWorker from(Configuration config) throws IOException {
    return new ColorizeWorker(WorkerConfig.from(config), KafkaSettings.from(config), Topics.from(config),
        S3Settings.from(config).newClient());
  }

  /**
   * Runs a worker until the process is told to stop: SIGTERM (or Ctrl-C) finishes and commits
   * the work in flight, within the configured grace, before the JVM exits.
   */
  public static void runUntilStopped(ColorizeWorker worker) throws InterruptedException {
    java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      worker.close();
      done.countDown();
    }, "colorize-shutdown"));
    worker.start();
    done.await();
  }
}
