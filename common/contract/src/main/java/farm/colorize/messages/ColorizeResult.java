package farm.colorize.messages;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What became of a request, on {@code colorize.results}, keyed by {@code imageId}.
 *
 * @param output the written object (DONE only)
 * @param errorCode why it failed (FAILED only)
 * @param stageMillis time spent per stage: fetch, decode, prepare, infer (the batch), merge, encode, store
 */
public record ColorizeResult(int schema, String jobId, String imageId, String source, String output,
    Status status, ErrorCode errorCode, String errorMessage, String modelVersion, Integer width, Integer height,
    Map<String, Long> stageMillis, String workerId, Instant finishedAt) {
  public enum Status { DONE, FAILED }

  public ColorizeResult {
    Messages.requireSchema(schema);
    Names.require("jobId", jobId);
    Names.require("imageId", imageId);
    Names.present("status", status);
    if (status == Status.DONE && output == null) {
      throw new IllegalArgumentException("a DONE result names its output");
    }
    if (status == Status.FAILED && errorCode == null) {
      throw new IllegalArgumentException("a FAILED result names its error code");
    }
    stageMillis = new TreeMap<>(stageMillis == null ? Map.of() : stageMillis);
  }

  public static ColorizeResult done(ColorizeRequest request, String output, String modelVersion, int width, int height,
      Map<String, Long> stageMillis, String workerId, Instant at) {
    return new ColorizeResult(Messages.SCHEMA, request.jobId(), request.imageId(), request.source(), output,
        Status.DONE, null, null, modelVersion, width, height, stageMillis, workerId, at);
  }

  public static ColorizeResult failed(String jobId, String imageId, String source, ErrorCode code, String message,
      String modelVersion, String workerId, Instant at) {
    return new ColorizeResult(Messages.SCHEMA, jobId, imageId, source, null, Status.FAILED, code, message,
        modelVersion, null, null, Map.of(), workerId, at);
  }
}
