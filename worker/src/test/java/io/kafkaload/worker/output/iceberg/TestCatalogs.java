package io.kafkaload.worker.output.iceberg;

import io.kafkaload.worker.config.LoadSpec;
import io.kafkaload.worker.config.TestLoads;
import io.kafkaload.worker.security.SecretFiles;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.RESTCatalogAdapter;
import org.apache.iceberg.rest.RESTCatalogServlet;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;

/** The three catalog kinds the tests run against, each in a temp dir, opened like the worker. */
final class TestCatalogs {

  static {
    // keep test output quiet: Iceberg, Hadoop and Jetty log at INFO per commit
    quiet("org.apache.iceberg", "error");
    quiet("org.apache.iceberg.rest.RESTCatalogServlet", "off"); // logs the expected 404s
    quiet("io.kafkaload.worker.output.iceberg", "error");
    quiet("org.apache.hadoop", "error");
    quiet("org.eclipse.jetty", "warn");
  }

  private static void quiet(String logger, String level) {
    String key = "org.slf4j.simpleLogger.log." + logger;
    if (System.getProperty(key) == null) {
      System.setProperty(key, level);
    }
  }

  enum Kind {
    JDBC_SQLITE,
    REST,
    HADOOP
  }

  /** An open catalog and what to close after the test. */
  static final class Opened implements AutoCloseable {
    final Catalog catalog;
    final Path warehouse;
    private final AutoCloseable[] closers;
    final List<String> authorizations;

    Opened(Catalog catalog, Path warehouse, List<String> authorizations, AutoCloseable... closers) {
      this.catalog = catalog;
      this.warehouse = warehouse;
      this.authorizations = authorizations;
      this.closers = closers;
    }

    @Override
    public void close() throws Exception {
      if (catalog instanceof AutoCloseable c) {
        c.close();
      }
      for (AutoCloseable c : closers) {
        c.close();
      }
    }
  }

  /**
   * {@code sink.iceberg} of table {@code db.table}, bound from a load's document ({@link
   * TestLoads}) as the worker gets it; a null partitionBy is left out.
   */
  static LoadSpec.IcebergSink sink(String table, boolean createTable, List<String> partitionBy) {
    return TestLoads.empty()
        .set("spec.sink.iceberg.namespace", "db")
        .set("spec.sink.iceberg.table", table)
        .set("spec.sink.iceberg.createTable", createTable)
        .set("spec.sink.iceberg.partitionBy", partitionBy)
        .spec()
        .sink()
        .iceberg();
  }

  /**
   * {@code sink.iceberg.catalog} of {@code type}, bound from a load's document ({@link TestLoads});
   * a null uri, warehouse or secret is left out.
   */
  static LoadSpec.IcebergCatalog catalog(
      LoadSpec.IcebergCatalogType type, String uri, Path warehouse, String secret) {
    return TestLoads.empty()
        .set("spec.sink.iceberg.catalog.type", type)
        .set("spec.sink.iceberg.catalog.uri", uri)
        .set("spec.sink.iceberg.catalog.warehouse", warehouse == null ? null : warehouse.toString())
        .set("spec.sink.iceberg.catalog.secretRef.name", secret)
        .spec()
        .sink()
        .iceberg()
        .catalog();
  }

  static Opened open(Kind kind, Path dir) throws Exception {
    Path secrets = dir.resolve("secrets");
    Path warehouse = dir.resolve("warehouse");
    Files.createDirectories(warehouse);
    return switch (kind) {
      case JDBC_SQLITE -> {
        writeSecret(secrets, "catalog-db", "url", "jdbc:sqlite:" + dir.resolve("catalog.db"));
        writeSecret(secrets, "catalog-db", "user", "kafkaload");
        writeSecret(secrets, "catalog-db", "password", "unused-by-sqlite");
        Catalog catalog =
            IcebergCatalogs.open(
                catalog(LoadSpec.IcebergCatalogType.Jdbc, null, warehouse, "catalog-db"),
                new SecretFiles(secrets));
        yield new Opened(catalog, warehouse, List.of());
      }
      case HADOOP -> {
        Catalog catalog =
            IcebergCatalogs.open(
                catalog(LoadSpec.IcebergCatalogType.Hadoop, null, warehouse, null),
                new SecretFiles(secrets));
        yield new Opened(catalog, warehouse, List.of());
      }
      case REST -> {
        JdbcCatalog backend = new JdbcCatalog();
        backend.setConf(new Configuration());
        backend.initialize(
            "rest-backend",
            Map.of(
                CatalogProperties.URI,
                "jdbc:sqlite:" + dir.resolve("rest-backend.db"),
                "jdbc.schema-version",
                "V1",
                CatalogProperties.WAREHOUSE_LOCATION,
                warehouse.toString()));
        List<String> authorizations = new CopyOnWriteArrayList<>();
        RESTCatalogServlet servlet =
            new RESTCatalogServlet(new RESTCatalogAdapter(backend)) {
              @Override
              protected void service(HttpServletRequest req, HttpServletResponse resp)
                  throws ServletException, IOException {
                authorizations.add(String.valueOf(req.getHeader("Authorization")));
                super.service(req, resp);
              }
            };
        ServletContextHandler context =
            new ServletContextHandler(ServletContextHandler.NO_SESSIONS);
        context.addServlet(new ServletHolder(servlet), "/*");
        Server server = new Server(0);
        server.setHandler(context);
        server.start();
        int port = ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        writeSecret(secrets, "rest-catalog", "token", "canary-token-123");
        Catalog catalog =
            IcebergCatalogs.open(
                catalog(
                    LoadSpec.IcebergCatalogType.Rest,
                    "http://localhost:" + port,
                    null,
                    "rest-catalog"),
                new SecretFiles(secrets));
        yield new Opened(catalog, warehouse, authorizations, server::stop, backend);
      }
    };
  }

  static void writeSecret(Path secrets, String name, String key, String value) throws IOException {
    Files.createDirectories(secrets.resolve(name));
    Files.writeString(secrets.resolve(name).resolve(key), value + "\n");
  }

  private TestCatalogs() {}
}
