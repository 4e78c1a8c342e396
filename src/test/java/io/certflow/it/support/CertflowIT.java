package io.certflow.it.support;

import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the integration tests that run Certflow in the test JVM against the real servers. All
 * subclasses share one Spring context (and so one http-01 port, one database, one Pebble).
 */
// The admin password also as an inlined property: dynamic properties arrive after AdminPasswordSetup has
// looked, which would otherwise generate ./data/admin-password in the working copy.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "camunda.bpm.admin-user.password=" + RealServers.ADMIN_PASSWORD)
@ActiveProfiles("postgres")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class CertflowIT {

    @DynamicPropertySource
    static void realServers(DynamicPropertyRegistry registry) {
        RealServers.register(registry);
    }

    @LocalServerPort
    protected int port;

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    protected ApiClient admin() {
        return new ApiClient(baseUrl(), "admin", RealServers.ADMIN_PASSWORD);
    }
}
