package farm.colorize.worker;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /healthz} (the process works), {@code /readyz} (a model is loaded and partitions are
 * assigned), {@code /metrics} (Prometheus text). The JDK's own server: three plain endpoints
 * need no framework.
 */
final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  HealthServer(int port, BooleanSupplier healthy, BooleanSupplier ready, Supplier<String> metrics) throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", exchange -> respond(exchange, healthy.getAsBoolean() ? 200 : 503,
        healthy.getAsBoolean() ? "ok\n" : "unhealthy\n", "text/plain"));
    server.createContext("/readyz", exchange -> respond(exchange, ready.getAsBoolean() ? 200 : 503,
        ready.getAsBoolean() ? "ready\n" : "not ready: no model loaded or no partitions assigned\n", "text/plain"));
    server.createContext("/metrics", exchange -> respond(exchange, 200, metrics.get(),
        "text/plain; version=0.0.4; charset=utf-8"));
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int status, String body, String type) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
