package farm.colorize.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HeaderValuesTest {
  @Test
  void asciiStaysAsItIs() {
    assertThat(HeaderValues.ascii("s3://scans/box 1/a_b-c.(2).png")).isEqualTo("s3://scans/box 1/a_b-c.(2).png");
  }

  @Test
  void everythingElseIsPercentEncodedAndComesBack() {
    String source = "s3://scans/ünïcødé/写真 📷\t100%.png";
    String header = HeaderValues.ascii(source);

    assertThat(header).isEqualTo("s3://scans/%C3%BCn%C3%AFc%C3%B8d%C3%A9/%E5%86%99%E7%9C%9F %F0%9F%93%B7%09100%25.png");
    assertThat(header.chars()).allMatch(c -> c >= 0x20 && c < 0x7f);
    assertThat(URLDecoder.decode(header.replace("+", "%2B"), StandardCharsets.UTF_8)).isEqualTo(source);
  }
}
