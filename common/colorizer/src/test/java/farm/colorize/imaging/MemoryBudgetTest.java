package farm.colorize.imaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
  @Test
  void reservationsBeyondTheBudgetWaitForReleasesFirstComeFirstServed() throws Exception {
    MemoryBudget budget = new MemoryBudget(100);
    budget.reserve(60);
    List<String> admitted = new CopyOnWriteArrayList<>();
    Thread large = reserving(budget, 70, "large", admitted);
    awaitWaiting(large);
    Thread small = reserving(budget, 10, "small", admitted);
    awaitWaiting(small);
    assertThat(admitted).as("the small one fits beside what is held, but waits behind the large one").isEmpty();

    budget.release(60);
    large.join(10_000);
    small.join(10_000);
    assertThat(admitted).containsExactlyInAnyOrder("large", "small");
    assertThat(budget.reserved()).isEqualTo(80);
  }

  @Test
  void anImageLargerThanTheBudgetIsAdmittedAloneOnceItIsEmpty() throws Exception {
    MemoryBudget budget = new MemoryBudget(100);
    budget.reserve(1);
    List<String> admitted = new CopyOnWriteArrayList<>();
    Thread huge = reserving(budget, 500, "huge", admitted);
    awaitWaiting(huge);
    budget.release(1);
    huge.join(10_000);
    assertThat(admitted).containsExactly("huge");
  }

  @Test
  void anInterruptedWaiterLeavesTheQueue() throws Exception {
    MemoryBudget budget = new MemoryBudget(100);
    budget.reserve(100);
    List<String> admitted = new CopyOnWriteArrayList<>();
    Thread first = reserving(budget, 50, "first", admitted);
    awaitWaiting(first);
    Thread second = reserving(budget, 50, "second", admitted);
    awaitWaiting(second);
    first.interrupt();
    first.join(10_000);
    budget.release(100);
    second.join(10_000);
    assertThat(admitted).containsExactly("second");
  }

  private static Thread reserving(MemoryBudget budget, long bytes, String name, List<String> admitted) {
    Thread thread = new Thread(() -> {
      try {
        budget.reserve(bytes);
        admitted.add(name);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, name);
    thread.start();
    return thread;
  }

  private static void awaitWaiting(Thread thread) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (thread.getState() != Thread.State.WAITING) {
      assertThat(Instant.now()).as("%s waiting", thread.getName()).isBefore(deadline);
      TimeUnit.MILLISECONDS.sleep(5); // polling interval
    }
  }
}
