package farm.colorize.s3;

import farm.colorize.config.Configuration;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * How every part of the farm reaches object storage: Amazon S3 or any S3-compatible server.
 *
 * <p>Credentials are the AWS ones: {@code AWS_ACCESS_KEY_ID} and {@code AWS_SECRET_ACCESS_KEY}
 * (with {@code AWS_SESSION_TOKEN} for temporary ones) when the configuration has them, or files
 * of those names in {@link #CREDENTIALS_DIR_ENV} (a mounted Secret, read again when rotated),
 * otherwise the SDK's default provider chain (profiles, container and pod identities, instance roles).
 * {@link #toString()} never shows a key.
 */
public final class S3Settings {
  /** Endpoint of an S3-compatible server, e.g. {@code http://127.0.0.1:9000}; unset for Amazon S3. */
  public static final String ENDPOINT_ENV = "COLORIZE_S3_ENDPOINT";
  /**
   * Signing region; falls back to {@link #AWS_REGION_ENV}, then the AWS SDK's region chain (system
   * property, profile, instance metadata), then, for an S3-compatible endpoint only, {@link #DEFAULT_REGION}.
   */
  public static final String REGION_ENV = "COLORIZE_S3_REGION";
  /** {@code true} for path-style requests ({@code endpoint/bucket/key}); default: true with an endpoint. */
  public static final String PATH_STYLE_ENV = "COLORIZE_S3_PATH_STYLE";
  public static final String AWS_REGION_ENV = "AWS_REGION";
  public static final String ACCESS_KEY_ENV = "AWS_ACCESS_KEY_ID";
  public static final String SECRET_KEY_ENV = "AWS_SECRET_ACCESS_KEY";
  public static final String SESSION_TOKEN_ENV = "AWS_SESSION_TOKEN";
  /** A folder holding the keys as files named like the variables (how the chart mounts a Secret). */
  public static final String CREDENTIALS_DIR_ENV = "COLORIZE_S3_CREDENTIALS_DIR";
  /** What S3-compatible servers expect when they care at all; never assumed for Amazon S3. */
  public static final Region DEFAULT_REGION = Region.US_EAST_1;

  private final URI endpoint;
  private final Region region;
  private final boolean pathStyle;
  private final AwsCredentials credentials;
  private final CredentialFiles credentialFiles;

  private S3Settings(URI endpoint, Region region, boolean pathStyle, AwsCredentials credentials,
      CredentialFiles credentialFiles) {
    this.endpoint = endpoint;
    this.region = Objects.requireNonNull(region, "region");
    this.pathStyle = pathStyle;
    this.credentials = credentials;
    this.credentialFiles = credentialFiles;
  }

  /** An S3-compatible server at {@code endpoint} with fixed keys, path-style, default region. */
  public static S3Settings of(URI endpoint, String accessKeyId, String secretAccessKey) {
    return new S3Settings(checkEndpoint(endpoint.toString(), "endpoint"), DEFAULT_REGION, true,
        AwsBasicCredentials.create(accessKeyId, secretAccessKey), null);
  }

  public static S3Settings from(Configuration config) {
    return from(config, () -> new DefaultAwsRegionProviderChain().getRegion());
  }

  /** Like {@link #from(Configuration)}, with {@code regionChain} in place of the SDK's chain. */
  static S3Settings from(Configuration config, Supplier<Region> regionChain) {
    URI endpoint = config.get(ENDPOINT_ENV).map(value -> checkEndpoint(value, ENDPOINT_ENV)).orElse(null);
    boolean pathStyle = config.bool(PATH_STYLE_ENV, endpoint != null);
    Optional<String> accessKey = config.get(ACCESS_KEY_ENV);
    Optional<String> secretKey = config.get(SECRET_KEY_ENV);
    if (accessKey.isPresent() != secretKey.isPresent()) {
      throw new IllegalArgumentException("Set both " + ACCESS_KEY_ENV + " and " + SECRET_KEY_ENV
          + ", or neither (to use the AWS default credentials chain)");
    }
    AwsCredentials credentials = accessKey.isEmpty() ? null
        : config.get(SESSION_TOKEN_ENV)
            .<AwsCredentials>map(token -> AwsSessionCredentials.create(accessKey.get(), secretKey.get(), token))
            .orElseGet(() -> AwsBasicCredentials.create(accessKey.get(), secretKey.get()));
    Optional<String> folder = config.get(CREDENTIALS_DIR_ENV);
    if (folder.isPresent() && credentials != null) {
      throw new IllegalArgumentException("Set " + ACCESS_KEY_ENV + " or " + CREDENTIALS_DIR_ENV + ", not both");
    }
    CredentialFiles files = folder.map(Path::of).map(CredentialFiles::new).orElse(null);
    Region region = config.get(REGION_ENV).or(() -> config.get(AWS_REGION_ENV)).map(Region::of)
        .orElseGet(() -> fromChain(regionChain, endpoint != null));
    return new S3Settings(endpoint, region, pathStyle, credentials, files);
  }

  private static Region fromChain(Supplier<Region> regionChain, boolean compatibleServer) {
    try {
      return regionChain.get();
    } catch (SdkClientException none) {
      if (compatibleServer) {
        return DEFAULT_REGION;
      }
      throw new IllegalArgumentException("No AWS region for Amazon S3: set " + REGION_ENV + " or " + AWS_REGION_ENV
          + ", or give the profile or the instance one", none);
    }
  }

  private static URI checkEndpoint(String value, String name) {
    try {
      URI uri = new URI(value);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return uri;
      }
    } catch (URISyntaxException e) {
      // reported below with the setting's name
    }
    throw new IllegalArgumentException(name + " must be an http:// or https:// URL, not '" + value + "'");
  }

  public Optional<URI> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  public Region region() {
    return region;
  }

  public boolean pathStyle() {
    return pathStyle;
  }

  /** A new client; the caller closes it. */
  public S3Client newClient() {
    S3ClientBuilder builder = S3Client.builder()
        .httpClientBuilder(Apache5HttpClient.builder())
        .region(region)
        .forcePathStyle(pathStyle)
        .credentialsProvider(credentialsProvider());
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  private AwsCredentialsProvider credentialsProvider() {
    if (credentials != null) {
      return StaticCredentialsProvider.create(credentials);
    }
    return credentialFiles != null ? credentialFiles : DefaultCredentialsProvider.builder().build();
  }

  @Override
  public String toString() {
    return "S3Settings[endpoint=" + (endpoint == null ? "Amazon S3" : endpoint) + ", region=" + region
        + ", pathStyle=" + pathStyle + ", credentials="
        + (credentials != null ? "static keys" : credentialFiles != null ? credentialFiles : "default chain") + "]";
  }
}
