package io.certflow.config;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

@ConfigurationProperties("certflow")
public record CertflowProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue("default") String defaultTenant,
        String kek,
        @DefaultValue PrivateCa privateCa,
        @DefaultValue Validation validation,
        @DefaultValue Acme acme) {

    public record PrivateCa(@DefaultValue("local-ca") String defaultIssuerName) {
    }

    public record Validation(@DefaultValue Http01 http01, @DefaultValue("PT1S") Duration pollInterval) {
    }

    public record Http01(@DefaultValue("5002") int port, @DefaultValue("0.0.0.0") String bindAddress, Path webroot) {
    }

    public record Acme(@DefaultValue("PT30S") Duration timeout) {
    }
}
