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
  void storageRefusingARequestForOtherReasonsIsPermanent() {
    Failure denied = Failure.classify(s3(403, "AccessDenied"));
    assertThat(denied.permanent()).isTrue();
    assertThat(denied.code()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(denied.message()).contains("403 AccessDenied");
    assertThat(Failure.refusesTheWorker(s3(403, "AccessDenied"))).isFalse();
    assertThat(Failure.classify(s3(404, "NoSuchKey")).code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(Failure.classify(s3(503, "SlowDown")).permanent()).isFalse();
  }

  private static S3Exception s3(int status, String code) {
    return (S3Exception) S3Exception.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
  }
}
