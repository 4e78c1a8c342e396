package io.certflow.it.support;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gives each test class a fresh, empty PostgreSQL database on an already running server.
 *
 * <p>The server comes from the environment: {@code CERTFLOW_TEST_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}), {@code CERTFLOW_TEST_PG_USER} and
 * {@code CERTFLOW_TEST_PG_PASSWORD} (both default {@code certflow}); the role needs CREATEDB. {@code .ci/run} starts a
 * local cluster and creates that role. An unreachable server fails the test, it is never skipped.
 *
 * <pre>{@code
 * static PostgresServer pg = PostgresServer.fromEnvironment();
 * static PostgresServer.Database db = pg.createDatabase("process_it");
 * // ... spring.datasource.url = db.jdbcUrl() ...
 * @AfterAll static void drop() { pg.close(); }   // drops every database it created
 * }</pre>
 */
public final class PostgresServer implements AutoCloseable {

    public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/postgres";
    public static final String DEFAULT_USER = "certflow";
    public static final String DEFAULT_PASSWORD = "certflow";

    /** {@code jdbc:postgresql://hosts/database?params}: the database part is what gets replaced. */
    private static final Pattern JDBC_URL = Pattern.compile("^(jdbc:postgresql://[^/?]*)(?:/([^?]*))?(\\?.*)?$");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String baseUrl;
    private final String user;
    private final String password;
    private final List<Database> created = new ArrayList<>();

    /** One database made by {@link #createDatabase(String)}; its credentials are the server's. */
    public record Database(String name, String jdbcUrl, String user, String password) {

        /** {@code spring.datasource.*} properties for this database, e.g. for {@code @DynamicPropertySource}. */
        public Map<String, String> springProperties() {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("spring.datasource.url", jdbcUrl);
            p.put("spring.datasource.username", user);
            p.put("spring.datasource.password", password);
            p.put("spring.datasource.driver-class-name", "org.postgresql.Driver");
            return p;
        }

        /** Opens a plain JDBC connection (caller closes it). */
        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, connectionProperties(user, password));
        }
    }

    private PostgresServer(String baseUrl, String user, String password) {
        if (!JDBC_URL.matcher(baseUrl).matches()) {
            throw new IllegalArgumentException("Not a jdbc:postgresql:// URL: " + baseUrl);
        }
        this.baseUrl = baseUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * The server named by {@code CERTFLOW_TEST_PG_URL}/{@code _USER}/{@code _PASSWORD} (or their defaults), checked
     * to be reachable.
     *
     * @throws IllegalStateException telling how to start PostgreSQL if it cannot be reached
     */
    public static PostgresServer fromEnvironment() {
        return connect(env("CERTFLOW_TEST_PG_URL", DEFAULT_URL), env("CERTFLOW_TEST_PG_USER", DEFAULT_USER),
                env("CERTFLOW_TEST_PG_PASSWORD", DEFAULT_PASSWORD));
    }

    /** A server given explicitly (URL of any existing database, e.g. {@code postgres}), checked to be reachable. */
    public static PostgresServer connect(String baseUrl, String user, String password) {
        PostgresServer server = new PostgresServer(baseUrl, user, password);
        try (Connection c = server.adminConnection()) {
            c.isValid(5);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL is not reachable at " + baseUrl + " as user '" + user + "': "
                    + e.getMessage() + "\nThe integration tests need a running PostgreSQL with a role that may CREATE"
                    + " DATABASE. Run .ci/run (it installs and starts a local cluster and creates role 'certflow'"
                    + " with password 'certflow'), or start PostgreSQL yourself and set CERTFLOW_TEST_PG_URL,"
                    + " CERTFLOW_TEST_PG_USER and CERTFLOW_TEST_PG_PASSWORD.", e);
        }
        return server;
    }

    /**
     * Runs {@code CREATE DATABASE <prefix>_<random>}; the prefix is lower-cased and anything but {@code [a-z0-9_]}
     * becomes {@code _}. The database is dropped by {@link #close()} (or earlier by {@link #dropDatabase}).
     */
    public Database createDatabase(String prefix) {
        String clean = prefix == null ? "" : prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (clean.isEmpty() || !Character.isLetter(clean.charAt(0))) {
            clean = "t_" + clean;
        }
        byte[] suffix = new byte[6];
        RANDOM.nextBytes(suffix);
        String name = truncate(clean, 63 - 13) + "_" + HexFormat.of().formatHex(suffix);
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("CREATE DATABASE " + name + " failed on " + baseUrl + " as '" + user
                    + "' (does the role have CREATEDB?): " + e.getMessage(), e);
        }
        Database db = new Database(name, withDatabase(baseUrl, name), user, password);
        synchronized (created) {
            created.add(db);
        }
        return db;
    }

    /** Drops the database, closing any connections still open to it (e.g. a cached Spring context's pool). */
    public void dropDatabase(Database db) {
        try (Connection c = adminConnection(); Statement s = c.createStatement()) {
            try {
                s.execute("DROP DATABASE IF EXISTS " + db.name() + " WITH (FORCE)"); // PostgreSQL 13+
            } catch (SQLException olderServerOrAutovacuum) {
                // FORCE also fails while autovacuum works in the database (a superuser's process, which this role may not
                // terminate); a plain DROP cancels autovacuum by itself, so only this role's connections are ended here.
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + db.name()
                        + "' AND usename = current_user AND pid <> pg_backend_pid()");
                s.execute("DROP DATABASE IF EXISTS " + db.name());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("DROP DATABASE " + db.name() + " failed: " + e.getMessage(), e);
        }
        synchronized (created) {
            created.remove(db);
        }
    }

    /** Drops every database this instance created and still holds. */
    @Override
    public void close() {
        List<Database> toDrop;
        synchronized (created) {
            toDrop = new ArrayList<>(created);
        }
        IllegalStateException first = null;
        for (Database db : toDrop) {
            try {
                dropDatabase(db);
            } catch (IllegalStateException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** The base URL with its database part replaced (query parameters kept). */
    static String withDatabase(String jdbcUrl, String database) {
        Matcher m = JDBC_URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a jdbc:postgresql:// URL: " + jdbcUrl);
        }
        return m.group(1) + "/" + database + (m.group(3) == null ? "" : m.group(3));
    }

    private Connection adminConnection() throws SQLException {
        return DriverManager.getConnection(baseUrl, connectionProperties(user, password));
    }

    private static Properties connectionProperties(String user, String password) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        // Fail fast instead of hanging when nothing listens or the server is stuck.
        p.setProperty("connectTimeout", "5");
        p.setProperty("loginTimeout", "10");
        return p;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }
}
