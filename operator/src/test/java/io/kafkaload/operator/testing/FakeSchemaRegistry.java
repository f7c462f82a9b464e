package io.kafkaload.operator.testing;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A Schema Registry stand-in: GET /subjects with the given basic auth answers [], else 401. */
public final class FakeSchemaRegistry {
  private FakeSchemaRegistry() {}

  /** Starts a plain-HTTP stand-in on a free port of 127.0.0.1. */
  public static HttpServer start(String user, String password) throws Exception {
    return serve(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), user, password);
  }

  /** Starts an HTTPS stand-in on a free port of 127.0.0.1, presenting {@code certificate}. */
  public static HttpsServer startHttps(String user, String password, TestCa.Issued certificate)
      throws Exception {
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverContext()));
    return serve(server, user, password);
  }

  private static <S extends HttpServer> S serve(S server, String user, String password) {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    server.createContext(
        "/",
        exchange -> {
          int status;
          if (!exchange.getRequestURI().getPath().equals("/subjects")) {
            status = 500;
          } else if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            status = 401;
          } else {
            status = 200;
          }
          byte[] body = (status == 200 ? "[]" : "{}").getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(status, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
    return server;
  }
}
