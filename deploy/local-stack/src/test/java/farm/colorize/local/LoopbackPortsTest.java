package farm.colorize.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ports the local stack picks stay out of the kernel's ephemeral range and are never handed out twice. */
class LoopbackPortsTest {
  private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

  @Test
  void portsComeFromBelowTheEphemeralRangeOnceEach() throws Exception {
    int ephemeralLow = Integer.parseInt(Files.readAllLines(RANGE).get(0).trim().split("\\s+")[0]);
    Set<Integer> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      int port = LoopbackPorts.free();
      assertThat(port).isBetween(20_000, ephemeralLow - 1);
      assertThat(seen.add(port)).as("port %d handed out twice", port).isTrue();
    }
  }
}
