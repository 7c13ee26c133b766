package farm.colorize.s3;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * A pod whose service account names an IAM role (EKS's IRSA) gets a web identity token file and a
 * role ARN; the default chain, which {@link S3Settings} uses without keys, must trade them for
 * credentials at STS. That needs the STS module on the classpath: here it meets a local STS.
 */
class WebIdentityCredentialsTest {
  private static final List<String> PROPERTIES = List.of("aws.webIdentityTokenFile", "aws.roleArn",
      "aws.roleSessionName", "aws.region", "aws.endpointUrlSts");

  @TempDir Path temp;

  @AfterEach
  void clear() {
    PROPERTIES.forEach(System::clearProperty);
  }

  @Test
  void theDefaultChainTradesTheWebIdentityTokenForRoleCredentials() throws IOException {
    List<Map<String, String>> calls = new CopyOnWriteArrayList<>();
    HttpServer sts = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    sts.createContext("/", exchange -> {
      calls.add(form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
      byte[] body = RESPONSE.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/xml");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    sts.start();
    try {
      Path token = Files.writeString(temp.resolve("token"), "projected-service-account-token");
      System.setProperty("aws.webIdentityTokenFile", token.toString());
      System.setProperty("aws.roleArn", "arn:aws:iam::123456789012:role/colorize-farm");
      System.setProperty("aws.roleSessionName", "colorize-worker");
      System.setProperty("aws.region", "eu-west-1");
      System.setProperty("aws.endpointUrlSts", "http://127.0.0.1:" + sts.getAddress().getPort());

      try (DefaultCredentialsProvider chain = DefaultCredentialsProvider.builder().build()) {
        AwsCredentials credentials = chain.resolveCredentials();
        assertThat(credentials).isInstanceOf(AwsSessionCredentials.class);
        assertThat(credentials.accessKeyId()).isEqualTo("ASIAROLECREDENTIALS");
        assertThat(((AwsSessionCredentials) credentials).sessionToken()).isEqualTo("role-session-token");
      }
      assertThat(calls).isNotEmpty();
      assertThat(calls.get(0)).containsEntry("Action", "AssumeRoleWithWebIdentity")
          .containsEntry("RoleArn", "arn:aws:iam::123456789012:role/colorize-farm")
          .containsEntry("WebIdentityToken", "projected-service-account-token");
    } finally {
      sts.stop(0);
    }
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new java.util.HashMap<>();
    for (String pair : body.split("&")) {
      String[] parts = pair.split("=", 2);
      form.put(URLDecoder.decode(parts[0], StandardCharsets.UTF_8),
          parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
    }
    return form;
  }

  private static final String RESPONSE = """
      <AssumeRoleWithWebIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
        <AssumeRoleWithWebIdentityResult>
          <Credentials>
            <AccessKeyId>ASIAROLECREDENTIALS</AccessKeyId>
            <SecretAccessKey>role-secret</SecretAccessKey>
            <SessionToken>role-session-token</SessionToken>
            <Expiration>2099-01-01T00:00:00Z</Expiration>
          </Credentials>
          <AssumedRoleUser>
            <Arn>arn:aws:sts::123456789012:assumed-role/colorize-farm/colorize-worker</Arn>
            <AssumedRoleId>AROATEST:colorize-worker</AssumedRoleId>
          </AssumedRoleUser>
        </AssumeRoleWithWebIdentityResult>
        <ResponseMetadata><RequestId>test</RequestId></ResponseMetadata>
      </AssumeRoleWithWebIdentityResponse>
      """;
}
