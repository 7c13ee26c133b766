package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.messages.ColorizeResult;
import farm.colorize.messages.DeadLetter;
import farm.colorize.messages.ErrorCode;
import farm.colorize.storage.ObjectUri;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;

/**
 * What became of a set of requests, read where the farm keeps it: results and dead letters on
 * their topics (by image id, the key of all three), output objects in storage. Taken once the
 * workers have stopped, so nothing arrives after it.
 */
final class Ledger {
  /** Where the enqueuer keeps a job's record, beside its outputs. */
  private static final String JOB_RECORD_FOLDER = "_job/";

  private final Set<String> imageIds;
  private final List<ColorizeResult> results;
  private final List<DeadLetter> deadLetters;
  private final Set<String> outputs;

  private Ledger(Set<String> imageIds, List<ColorizeResult> results, List<DeadLetter> deadLetters,
      Set<String> outputs) {
    this.imageIds = imageIds;
    this.results = results;
    this.deadLetters = deadLetters;
    this.outputs = outputs;
  }

  /** The ledger of {@code imageIds}, whose outputs are under {@code results/<job>/} of the farm's output bucket. */
  static Ledger read(TestFarm farm, String job, Collection<String> imageIds) throws Exception {
    Set<String> ids = Set.copyOf(imageIds);
    List<ColorizeResult> results = farm.readToEnd(farm.topics.results(), ColorizeResult.class).stream()
        .map(Map.Entry::getValue).filter(result -> ids.contains(result.imageId())).toList();
    List<DeadLetter> letters = farm.readToEnd(farm.topics.deadLetters(), DeadLetter.class).stream()
        .filter(entry -> ids.contains(entry.getKey())).map(Map.Entry::getValue).toList();
    String prefix = "results/" + job + "/";
    Set<String> outputs = farm.s3.listObjectsV2Paginator(ListObjectsV2Request.builder().bucket(farm.output)
            .prefix(prefix).build()).contents().stream()
        .filter(object -> !object.key().startsWith(prefix + JOB_RECORD_FOLDER))
        .map(object -> new ObjectUri(farm.output, object.key()).toString())
        .collect(Collectors.toCollection(TreeSet::new));
    return new Ledger(ids, results, letters, outputs);
  }

  /** Asserts that every image was colorized: none lost, none dead-lettered, one output each. */
  void assertAllDone() {
    assertThat(lost()).as("lost").isEmpty();
    assertThat(deadLettersByCode()).as("dead letters").isEmpty();
    assertThat(latest().values()).extracting(ColorizeResult::status).containsOnly(ColorizeResult.Status.DONE);
    assertThat(outputs).hasSize(imageIds.size());
  }

  /** Each image's latest result. */
  Map<String, ColorizeResult> latest() {
    Map<String, ColorizeResult> latest = new LinkedHashMap<>();
    results.forEach(result -> latest.put(result.imageId(), result));
    return latest;
  }

  /** Images without a result, or whose result names an output that is not there. */
  Set<String> lost() {
    Map<String, ColorizeResult> latest = latest();
    return imageIds.stream().filter(id -> !latest.containsKey(id)
            || latest.get(id).status() == ColorizeResult.Status.DONE && !outputs.contains(latest.get(id).output()))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /** Results beyond the first for an image: work done twice, after a redelivery. */
  int duplicates() {
    return results.size() - (int) results.stream().map(ColorizeResult::imageId).distinct().count();
  }

  Set<String> outputs() {
    return outputs;
  }

  Map<ErrorCode, Long> deadLettersByCode() {
    return deadLetters.stream().collect(Collectors.groupingBy(DeadLetter::errorCode, TreeMap::new,
        Collectors.counting()));
  }

  List<DeadLetter> deadLetters() {
    return deadLetters;
  }

  @Override
  public String toString() {
    return imageIds.size() + " requests, " + results.size() + " results, " + outputs.size() + " outputs, lost "
        + lost() + ", " + duplicates() + " duplicates, dead letters " + deadLettersByCode();
  }
}
