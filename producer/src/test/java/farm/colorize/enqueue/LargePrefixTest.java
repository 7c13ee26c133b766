package farm.colorize.enqueue;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.jobs.JobRecord;
import farm.colorize.jobs.JobRecords;
import farm.colorize.local.LocalStack;
import farm.colorize.local.LocalStackExtension;
import farm.colorize.messages.ColorizeRequest;
import farm.colorize.messages.ImageIds;
import farm.colorize.s3.ObjectStore;
import farm.colorize.storage.ObjectUri;
import farm.colorize.testing.EnqueueMain;
import farm.colorize.testing.Farm;
import farm.colorize.testing.S3Objects;
import farm.colorize.testing.TopicContents;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(LocalStackExtension.class)
class LargePrefixTest {
  private static final int OBJECTS = 20_000;
  /** The heap of the enqueueing JVM: what Kafka's and S3's clients need, with room for two pages of listing. */
  private static final String HEAP = "48m";
  /**
   * The most objects of a kind alive at once: two listing pages (sending and counting, 1,000 keys
   * each) with one more being fetched, and a few chunks of items and requests.
   */
  private static final long MOST_ALIVE = 3_000;

  @TempDir Path temp;

  @Test
  void twentyThousandObjectsAreEnqueuedExactlyOnceInASmallHeap(LocalStack stack) throws Exception {
    Farm farm = Farm.named(stack, "large-prefix");
    List<String> keys = S3Objects.tiny(stack, farm.bucket(), "scans/", OBJECTS, 700);
    ObjectUri output = ObjectUri.parse("s3://" + farm.bucket() + "/out");

    Path log = temp.resolve("enqueue.log");
    Process enqueue = EnqueueMain.start(farm, HEAP, log, "large", "s3://" + farm.bucket() + "/scans",
        output.toString(), "0", "5000", "true");
    assertThat(enqueue.waitFor(2, TimeUnit.MINUTES)).as("enqueue finished").isTrue();
    String printed = Files.readString(log);
    assertThat(enqueue.exitValue()).as(printed).isZero();
    // A class that never happened to be alive at a sample (a request lives for microseconds) is
    // not printed; the listing's objects always are, which shows the probe worked.
    assertThat(printed.lines().filter(line -> line.startsWith("most live ")))
        .as("whatever the source's size, objects made per item do not accumulate")
        .anyMatch(line -> line.contains(ObjectStore.Listed.class.getName()))
        .allSatisfy(line -> assertThat(Long.parseLong(line.substring(line.lastIndexOf(' ') + 1)))
            .as(line).isLessThanOrEqualTo(MOST_ALIVE));

    List<ColorizeRequest> requests = TopicContents.read(stack.kafkaSettings(), farm.topics().requests(),
        ColorizeRequest.class);
    assertThat(requests).hasSize(OBJECTS);
    assertThat(requests).extracting(ColorizeRequest::source).doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(keys.stream().map(key -> "s3://" + farm.bucket() + "/" + key).toList());
    assertThat(requests).allSatisfy(request -> {
      assertThat(request.imageId()).isEqualTo(ImageIds.of("large", request.sourceUri()));
      assertThat(request.outputPrefix()).isEqualTo(output.toString());
      assertThat(request.attempt()).isZero();
    });
    try (S3Client s3 = stack.s3Settings().newClient()) {
      JobRecord record = new JobRecords(s3).read(output, "large").orElseThrow();
      assertThat(record.state()).isEqualTo(JobRecord.State.COMPLETE);
      assertThat(record.enqueued()).isEqualTo(OBJECTS);
      assertThat(record.checkpoint()).isEqualTo(keys.get(OBJECTS - 1));
    }
  }
}
