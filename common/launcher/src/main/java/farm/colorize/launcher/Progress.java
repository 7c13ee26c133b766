package farm.colorize.launcher;

import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The one way commands show progress: count, rate and ETA on stderr, redrawn in place. */
public final class Progress {
  private Progress() {}

  public static ProgressBar bar(String task, long total, String unit) {
    return new ProgressBarBuilder()
        .setTaskName(task)
        .setInitialMax(total)
        .setStyle(ProgressBarStyle.ASCII)
        .setUnit(" " + unit, 1)
        .showSpeed()
        .setUpdateIntervalMillis((int) Duration.ofMillis(250).toMillis())
        .continuousUpdate()
        .build();
  }
}
