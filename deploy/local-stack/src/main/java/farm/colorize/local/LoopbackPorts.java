package farm.colorize.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Ports on the loopback interface, the only one the local stack ever binds. */
final class LoopbackPorts {
  static final String HOST = "127.0.0.1";
  /** Above the well-known and commonly configured service ports. */
  private static final int FIRST_PICKED = 20_000;
  private static final Random RANDOM = new Random();
  private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

  private LoopbackPorts() {}

  /**
   * A port that was free a moment ago. Kafka needs its ports before it starts (the controller's
   * address is part of its configuration), so they are picked by binding and releasing. They are
   * picked below the kernel's ephemeral range: a port from that range may be taken, between the
   * pick and the broker's bind, as the source port of any outgoing connection (the S3 server's
   * clients, a test's), which once failed a build with "Address already in use".
   */
  static int free() {
    int below = EphemeralRange.low();
    for (int attempt = 0; attempt < 100 && below > FIRST_PICKED + 1000; attempt++) {
      int candidate = FIRST_PICKED + RANDOM.nextInt(below - FIRST_PICKED);
      // Never the same port twice in one process: two listeners picked before either binds.
      if (bindable(candidate) && HANDED_OUT.add(candidate)) {
        return candidate;
      }
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on " + HOST, e);
    }
  }

  private static boolean bindable(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(HOST))) {
      return true;
    } catch (IOException taken) {
      return false;
    }
  }

  /** The first port of Linux's ephemeral range, or 0 when unknown (then the kernel picks). */
  private static final class EphemeralRange {
    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    static int low() {
      try {
        // readAllLines, not readString: /proc files report size 0, and readString then reads one byte.
        return Integer.parseInt(Files.readAllLines(RANGE).get(0).trim().split("\\s+")[0]);
      } catch (IOException | RuntimeException unknown) {
        return 0; // not Linux: the kernel's own choice, as before
      }
    }
  }

  /** {@code port}, or a free one when it is 0. */
  static int orFree(int port) {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("Not a port: " + port);
    }
    return port == 0 ? free() : port;
  }
}
