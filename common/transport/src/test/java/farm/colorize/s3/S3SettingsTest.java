package farm.colorize.s3;

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
  void withoutSettingsItIsAmazonS3WithTheSdksRegionAndCredentialsChains() {
    S3Settings settings = S3Settings.from(Configuration.of(Map.of()), () -> Region.AP_SOUTHEAST_2);

    assertThat(settings.endpoint()).isEmpty();
    assertThat(settings.pathStyle()).isFalse();
    assertThat(settings.region()).isEqualTo(Region.AP_SOUTHEAST_2);
    assertThat(settings).hasToString(
        "S3Settings[endpoint=Amazon S3, region=ap-southeast-2, pathStyle=false, credentials=default chain]");
  }

  @Test
  void theSdksRegionChainIsAskedWhenNothingIsSet() {
    String before = System.getProperty("aws.region");
    System.setProperty("aws.region", "sa-east-1"); // the first link of the SDK's chain
    try {
      assertThat(S3Settings.from(Configuration.of(Map.of())).region()).isEqualTo(Region.SA_EAST_1);
    } finally {
      if (before == null) {
        System.clearProperty("aws.region");
      } else {
        System.setProperty("aws.region", before);
      }
    }
  }

  @Test
  void withNoRegionAnywhereAmazonS3IsRefusedAndACompatibleServerGetsTheDefault() {
    java.util.function.Supplier<Region> none = () -> {
      throw software.amazon.awssdk.core.exception.SdkClientException.create("Unable to load region");
    };

    assertThatThrownBy(() -> S3Settings.from(Configuration.of(Map.of()), none))
        .hasMessageContaining("No AWS region for Amazon S3: set COLORIZE_S3_REGION or AWS_REGION");
    assertThat(S3Settings.from(Configuration.of(Map.of("COLORIZE_S3_ENDPOINT", "http://127.0.0.1:9000")), none)
        .region()).isEqualTo(Region.US_EAST_1);
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
        "AWS_ACCESS_KEY_ID", "AKIAEXAMPLE", "AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI", "AWS_SESSION_TOKEN", "token",
        "AWS_REGION", "eu-west-1")));

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

  @Test
  void keysInFilesAreReadAndReadAgainWhenTheSecretIsRotated(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder)
      throws Exception {
    java.nio.file.Files.writeString(folder.resolve("AWS_ACCESS_KEY_ID"), "AKIAFIRST\n");
    java.nio.file.Files.writeString(folder.resolve("AWS_SECRET_ACCESS_KEY"), "first-secret\n");
    S3Settings settings = S3Settings.from(Configuration.of(Map.of(S3Settings.CREDENTIALS_DIR_ENV, folder.toString(),
        "AWS_REGION", "eu-west-1")));
    assertThat(settings.toString()).contains("keys in " + folder).doesNotContain("first-secret");

    CredentialFiles files = new CredentialFiles(folder, java.time.Duration.ZERO);
    assertThat(files.resolveCredentials().accessKeyId()).isEqualTo("AKIAFIRST");
    java.nio.file.Files.writeString(folder.resolve("AWS_ACCESS_KEY_ID"), "AKIASECOND");
    java.nio.file.Files.writeString(folder.resolve("AWS_SESSION_TOKEN"), "token");
    assertThat(files.resolveCredentials()).isInstanceOfSatisfying(
        software.amazon.awssdk.auth.credentials.AwsSessionCredentials.class, rotated -> {
          assertThat(rotated.accessKeyId()).isEqualTo("AKIASECOND");
          assertThat(rotated.sessionToken()).isEqualTo("token");
        });
  }

  @Test
  void keysInFilesAndInVariablesAtOnceAreRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) {
    assertThatThrownBy(() -> S3Settings.from(Configuration.of(Map.of(S3Settings.CREDENTIALS_DIR_ENV, folder.toString(),
        "AWS_REGION", "eu-west-1"))))
        .hasMessageContaining("has no AWS_ACCESS_KEY_ID file");
    assertThatThrownBy(() -> S3Settings.from(Configuration.of(Map.of(S3Settings.CREDENTIALS_DIR_ENV, folder.toString(),
        "AWS_ACCESS_KEY_ID", "a", "AWS_SECRET_ACCESS_KEY", "b", "AWS_REGION", "eu-west-1"))))
        .hasMessageContaining("not both");
  }
}
