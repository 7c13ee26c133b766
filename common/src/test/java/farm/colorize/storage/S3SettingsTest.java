package farm.colorize.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import farm.colorize.config.Configuration;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

class S3SettingsTest {
  @Test
  void withoutSettingsItIsAmazonS3WithTheDefaultCredentialsChain() {
    S3Settings settings = S3Settings.from(Configuration.of(Map.of()));

    assertThat(settings.endpoint()).isEmpty();
    assertThat(settings.pathStyle()).isFalse();
    assertThat(settings.region()).isEqualTo(Region.US_EAST_1);
    assertThat(settings).hasToString(
        "S3Settings[endpoint=Amazon S3, region=us-east-1, pathStyle=false, credentials=default chain]");
  }

  @Test
  void anEndpointMeansAnS3CompatibleServerAddressedByPath() {
    S3Settings settings = S3Settings.from(Configuration.of(Map.of(
        "COLORIZE_S3_ENDPOINT", "http://127.0.0.1:9000", "AWS_REGION", "eu-west-1")));

    assertThat(settings.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
    assertThat(settings.pathStyle()).isTrue();
    assertThat(settings.region()).isEqualTo(Region.EU_WEST_1);
  }

  @Test
  void explicitSettingsWin() {
    S3Settings settings = S3Settings.from(Configuration.of(Map.of(
        "COLORIZE_S3_ENDPOINT", "https://storage.example", "COLORIZE_S3_PATH_STYLE", "false",
        "COLORIZE_S3_REGION", "auto", "AWS_REGION", "eu-west-1")));

    assertThat(settings.pathStyle()).isFalse();
    assertThat(settings.region().id()).isEqualTo("auto");
  }

  @Test
  void keysFromTheEnvironmentAreUsedAndNeverShown() {
    S3Settings settings = S3Settings.from(Configuration.of(Map.of(
        "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI", "AWS_SESSION_TOKEN", "token")));

    assertThat(settings.toString()).contains("credentials=static keys").doesNotContain("wJalrXUtnFEMI", "AKIAEXAMPLE", "token");
    try (S3Client client = settings.newClient()) {
      assertThat(client.serviceClientConfiguration().credentialsProvider().resolveIdentity().join().secretAccessKey())
          .isEqualTo("wJalrXUtnFEMI");
    }
  }

  @Test
  void halfACredentialOrABadEndpointIsRefusedByName() {
    assertThatThrownBy(() -> S3Settings.from(Configuration.of(Map.of("AWS_ACCESS_KEY_ID", "AKIAEXAMPLE"))))
        .hasMessageContaining("AWS_SECRET_ACCESS_KEY");
    assertThatThrownBy(() -> S3Settings.from(Configuration.of(Map.of("COLORIZE_S3_ENDPOINT", "127.0.0.1:9000"))))
        .hasMessageContaining("COLORIZE_S3_ENDPOINT");
    assertThatThrownBy(() -> S3Settings.from(Configuration.of(Map.of("COLORIZE_S3_PATH_STYLE", "sometimes"))))
        .hasMessageContaining("COLORIZE_S3_PATH_STYLE");
  }
}
