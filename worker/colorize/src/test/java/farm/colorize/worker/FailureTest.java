package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import farm.colorize.messages.ErrorCode;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

class FailureTest {
  @Test
  void storageRefusingTheWorkersOwnCredentialsIsTransient() {
    for (String code : new String[] {"InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken"}) {
      assertThat(Failure.classify(s3(403, code)).permanent()).as(code).isFalse();
      assertThat(Failure.refusesTheWorker(s3(403, code))).as(code).isTrue();
    }
    assertThat(Failure.refusesTheWorker(s3(404, "NoSuchKey"))).isFalse();
  }

  @Test
  void aDecoderOutOfMemoryEndsTheRequestAsTooLargeAndOtherErrorsAsInternal() {
    Failure memory = Failure.classify(new OutOfMemoryError("Java heap space"));
    assertThat(memory.permanent()).isTrue();
    assertThat(memory.code()).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat(memory.message()).contains("more memory than this worker has").contains("Java heap space");
    Failure overflow = Failure.classify(new StackOverflowError());
    assertThat(overflow.permanent()).isTrue();
    assertThat(overflow.code()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(overflow.message()).contains("StackOverflowError");
  }

  @Test
  void accessDeniedIsHeldUntilASuccessElsewhereShowsItToBeTheObjects() {
    assertThat(Failure.classify(s3(403, "AccessDenied")).permanent()).isFalse();
    assertThat(Failure.refusesTheWorker(s3(403, "AccessDenied"))).isTrue();
    StorageAccess access = new StorageAccess();
    Delivery denied = new Delivery(new org.apache.kafka.clients.consumer.ConsumerRecord<>("requests", 0, 5L, "k",
        new byte[0]));
    assertThat(access.denied(denied)).as("first denial: held").isNull();
    assertThat(access.denied(denied)).as("denied again, nothing else served meanwhile: the policy's").isNull();
    access.succeeded();
    Failure forbidden = access.denied(denied);
    assertThat(forbidden.permanent()).isTrue();
    assertThat(forbidden.code()).isEqualTo(ErrorCode.FORBIDDEN);
    assertThat(forbidden.message()).contains("while it serves the worker others");
    assertThat(Failure.classify(s3(403, "AllAccessDisabled")).code()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(Failure.classify(s3(404, "NoSuchKey")).code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(Failure.classify(s3(503, "SlowDown")).permanent()).isFalse();
  }

  @Test
  void tensorFlowOutOfMemoryIsRetriedNotInternal() {
    RuntimeException oom = new RuntimeException("predict failed", new IllegalStateException(
        "OOM when allocating tensor with shape[8,64,128,128] and type float on /job:localhost/device:GPU:0"));
    assertThat(Failure.resourceExhausted(oom)).isTrue();
    assertThat(Failure.classify(oom).permanent()).isFalse();
    assertThat(Failure.resourceExhausted(new IllegalStateException("shape mismatch"))).isFalse();
    assertThat(Failure.classify(oom, Failure.MAX_RESOURCE_RETRIES - 1).permanent()).isFalse();
    Failure tooLarge = Failure.classify(oom, Failure.MAX_RESOURCE_RETRIES);
    assertThat(tooLarge.permanent()).isTrue();
    assertThat(tooLarge.code()).isEqualTo(ErrorCode.TOO_LARGE);
    assertThat(tooLarge.message()).contains("ran out of memory on this image alone, 4 times");
  }

  private static S3Exception s3(int status, String code) {
    return (S3Exception) S3Exception.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
  }
}
