package io.certflow.bench;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


import io.certflow.it.support.ApiClient;
import io.certflow.it.support.CertflowProcess;
import io.certflow.it.support.PostgresServer;
import io.certflow.it.support.RealServers;

/**
 * The console over a large inventory: Certflow ({@code -Xmx512m}, PostgreSQL) with 100,000 certificates
 * of a private CA (written as {@link RenewalInventory} writes them), and the time each console page and
 * its API twin takes to answer, for the global administrator (every tenant) and for a member of the
 * tenant: the first page, a deep page, each filter, the search, and the expiry timeline. Each URL is
 * asked 7 times after one unmeasured request; the median and the slowest are printed.
 *
 * <p>Run with {@code bash bench/console [certificates=100000]}.
 */
public final class ConsoleBenchmark {

    private static final String PASSWORD = "console-benchmark-admin-password";
    private static final String MEMBER = "benchmember";
    private static final String MEMBER_PASSWORD = "console-benchmark-member-password";
    private static final String TENANT = "default";
    private static final int TIMES = 7;

    public static void main(String[] args) throws Exception {
        new ConsoleBenchmark().run(args.length > 0 ? Integer.parseInt(args[0]) : 100_000);
    }

    private void run(int count) throws Exception {
        Path dataDir = Files.createTempDirectory("certflow-console-bench");
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        int port = RealServers.freePort();
        String baseUrl = "http://127.0.0.1:" + port;
        ApiClient admin = new ApiClient(baseUrl, "admin", PASSWORD);
        try (PostgresServer postgres = PostgresServer.fromEnvironment()) {
            PostgresServer.Database database = postgres.createDatabase("certflow_console_bench");
            try (CertflowProcess certflow = new CertflowProcess(port, dataDir.resolve("certflow.log"),
                    Map.of("CERTFLOW_ADMIN_PASSWORD", PASSWORD, "CERTFLOW_KEK", Base64.getEncoder().encodeToString(kek)),
                    CertflowProcess.onPostgres(database, dataDir, RealServers.freePort()), "512m");
                 Connection db = DatabaseWatch.connect(database)) {
                System.out.println("Starting Certflow (-Xmx512m, PostgreSQL); its log: " + dataDir.resolve("certflow.log"));
                certflow.start(admin, Duration.ofSeconds(180));
                fill(admin, db, kek, count);
                addMember(baseUrl);
                String search = "c" + (count / 2) + "-";
                List<String> paths = List.of(
                        "/",
                        "/certificates",
                        "/certificates?page=1000",
                        "/certificates?status=ISSUED",
                        "/certificates?expiring=30",
                        "/certificates?autoManaged=yes&status=ISSUED",
                        "/certificates?source=UPLOADED",
                        "/certificates?q=" + search,
                        "/certificates/timeline",
                        "/api/certificates",
                        "/api/certificates?page=1000",
                        "/api/certificates?status=ISSUED&size=50");
                for (String[] user : List.of(new String[] {"admin", PASSWORD}, new String[] {MEMBER, MEMBER_PASSWORD})) {
                    Console console = Console.logIn(baseUrl, user[0], user[1]);
                    System.out.printf("%nAs %s (%s), %d times each after one unmeasured request:%n", user[0],
                            user[0].equals("admin") ? "global administrator: every tenant" : "member of " + TENANT, TIMES);
                    System.out.printf(Locale.ROOT, "  %-52s %9s %9s  %s%n", "page", "median", "slowest", "answer");
                    for (String path : paths) {
                        measure(console, path);
                    }
                }
                System.out.println("\nCertflow's peak RSS: " + certflow.peakMemory());
            }
        }
    }

    private static void fill(ApiClient admin, Connection db, byte[] kek, int count) throws Exception {
        RenewalInventory inventory = RenewalInventory.withPrivateCa(admin, db, kek, TENANT, "bench-ca", 30);
        System.out.printf("Filling the inventory with %,d certificates (real chains and keys)...%n", count);
        inventory.fillAndAnalyze(count, 0);
    }

    /** A member of the tenant, made through the engine's REST API as an operator would in Admin. */
    private static void addMember(String baseUrl) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String auth = "Basic " + Base64.getEncoder().encodeToString(("admin:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        String user = """
                {"profile": {"id": "%s", "firstName": "Bench", "lastName": "Member", "email": "bench@example.test"},
                 "credentials": {"password": "%s"}}""".formatted(MEMBER, MEMBER_PASSWORD);
        for (HttpRequest request : List.of(
                HttpRequest.newBuilder(URI.create(baseUrl + "/engine-rest/user/create")).header("Authorization", auth)
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(user)).build(),
                HttpRequest.newBuilder(URI.create(baseUrl + "/engine-rest/tenant/" + TENANT + "/user-members/" + MEMBER))
                        .header("Authorization", auth).PUT(HttpRequest.BodyPublishers.noBody()).build())) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            require(response.statusCode() / 100 == 2, "Cannot add the member: " + response.statusCode() + " " + response.body());
        }
    }

    private static void measure(Console console, String path) throws Exception {
        console.get(path);
        List<Long> millis = new ArrayList<>();
        int status = 0;
        int bytes = 0;
        for (int i = 0; i < TIMES; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = console.get(path);
            millis.add((System.nanoTime() - start) / 1_000_000);
            status = response.statusCode();
            bytes = response.body().length();
        }
        Collections.sort(millis);
        System.out.printf(Locale.ROOT, "  %-52s %6d ms %6d ms  %d, %,d bytes%n", path, millis.get(TIMES / 2), millis.get(TIMES - 1),
                status, bytes);
    }

    /** A browser's session without the browser: the login form with its CSRF token, then the session's cookie. */
    private record Console(HttpClient http, String baseUrl, String basic) {

        private static final Pattern CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

        static Console logIn(String baseUrl, String user, String password) throws Exception {
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
            String form = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/login")).build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher token = CSRF.matcher(form);
            require(token.find(), "The login form has no CSRF token");
            String body = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + URLEncoder.encode(token.group(1), StandardCharsets.UTF_8);
            HttpResponse<String> loggedIn = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            require(loggedIn.statusCode() == 302 && !loggedIn.headers().firstValue("Location").orElse("").contains("error"),
                    "The login was refused for " + user);
            return new Console(http, baseUrl,
                    "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }

        HttpResponse<String> get(String path) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path));
            if (path.startsWith("/api/")) {
                request.header("Authorization", basic);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
