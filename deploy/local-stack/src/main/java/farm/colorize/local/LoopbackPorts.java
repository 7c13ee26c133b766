package farm.colorize.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports on the loopback interface, the only one the local stack ever binds. */
final class LoopbackPorts {
  static final String HOST = "127.0.0.1";

  private LoopbackPorts() {}

  /**
   * A port that was free a moment ago. Kafka needs its ports before it starts (the controller's
   * address is part of its configuration), so they are picked by binding and releasing.
   */
  static int free() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("No free port on " + HOST, e);
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
