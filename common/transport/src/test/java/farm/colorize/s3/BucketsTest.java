package farm.colorize.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.config.Configuration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BucketsTest {
  @Test
  void defaultsAndOverrides() {
    assertThat(Buckets.from(Configuration.of(Map.of()))).isEqualTo(Buckets.DEFAULT);
    assertThat(Buckets.from(Configuration.of(Map.of("COLORIZE_BUCKET_MODELS", "team-models"))))
        .isEqualTo(new Buckets("colorize-input", "colorize-output", "team-models"));
  }

  @Test
  void oneBucketMayServeSeveralPurposes() {
    assertThat(new Buckets("photos", "photos", "models").names()).containsExactly("photos", "models");
  }

  @Test
  void refusesNamesS3Refuses() {
    assertThatThrownBy(() -> new Buckets("Photos", "b-out", "b-models")).hasMessageContaining("'Photos'");
    assertThatThrownBy(() -> new Buckets("ab", "b-out", "b-models")).hasMessageContaining("'ab'");
    assertThatThrownBy(() -> new Buckets("a..b", "b-out", "b-models")).hasMessageContaining("'a..b'");
  }
}
