package farm.colorize.worker;

import farm.colorize.messages.ImageIds;
import farm.colorize.storage.ObjectUri;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load a fault meets: requests for sources already in storage, sent one every {@code pace}
 * on a thread of their own, so work keeps arriving while a worker dies, storage is away or the
 * group rebalances.
 */
final class SteadyLoad implements AutoCloseable {
  private final List<String> imageIds;
  private final AtomicInteger sent = new AtomicInteger();
  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread sender;
  private volatile Exception failure;

  private SteadyLoad(TestFarm farm, String job, List<ObjectUri> sources, Duration pace) {
    this.imageIds = sources.stream().map(source -> ImageIds.of(job, source)).toList();
    this.sender = new Thread(() -> {
      try {
        for (ObjectUri source : sources) {
          farm.request(job, source);
          sent.incrementAndGet();
          Thread.sleep(pace.toMillis()); // the pace of the load, not a synchronisation
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        failure = e;
      } finally {
        finished.countDown();
      }
    }, "steady-load-" + job);
  }

  static SteadyLoad start(TestFarm farm, String job, List<ObjectUri> sources, Duration pace) {
    SteadyLoad load = new SteadyLoad(farm, job, sources, pace);
    load.sender.start();
    return load;
  }

  /** The ids of every request this load sends (or sent). */
  List<String> imageIds() {
    return imageIds;
  }

  int sent() {
    return sent.get();
  }

  void awaitAllSent(Duration timeout) throws Exception {
    if (!finished.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("only " + sent() + " of " + imageIds.size() + " requests sent within " + timeout);
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void close() throws InterruptedException {
    sender.interrupt();
    sender.join();
  }
}
