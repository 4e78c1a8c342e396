package io.certflow.testing;

import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.certflow.config.CertflowProperties;

/**
 * Certflow's schema, migrated by the real Flyway scripts into a private in-memory H2 database: the
 * stores of a unit test are the real ones, only the outside world (the CA, DNS) is faked.
 */
public final class InMemoryDatabase {

    private InMemoryDatabase() {
    }

    public static NamedParameterJdbcTemplate migrated() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(
                "jdbc:h2:mem:certflow-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).schemas("CERTFLOW").defaultSchema("CERTFLOW").createSchemas(true)
                .load().migrate();
        return new NamedParameterJdbcTemplate(dataSource);
    }

    /** Certflow's settings with their defaults, as Spring binds them, changed by {@code overrides}. */
    public static CertflowProperties properties(Map<String, String> overrides) {
        return new Binder(new MapConfigurationPropertySource(overrides)).bindOrCreate("certflow", CertflowProperties.class);
    }
}
