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

    /**
     * @param pollInterval the timer between two polls of a pending challenge
     * @param checkWait    how long one check may wait for a CA that decides within seconds, before
     *                     the process goes to the poll timer
     */
    public record Validation(@DefaultValue Http01 http01, @DefaultValue("PT1S") Duration pollInterval,
                             @DefaultValue("PT3S") Duration checkWait) {
    }

    public record Http01(@DefaultValue("5002") int port, @DefaultValue("0.0.0.0") String bindAddress, Path webroot) {
    }

    /**
     * @param timeout        connect and read timeout towards a CA
     * @param processingWait how long one order check may wait for a CA that issues within seconds,
     *                       before the request goes to the pending queue
     * @param maxOrdersPerRequest orders one request may place when validations fail; a CA counts
     *                       failed validations against rate limits, so this stays small
     */
    public record Acme(@DefaultValue("PT30S") Duration timeout, @DefaultValue("PT3S") Duration processingWait,
                       @DefaultValue("3") int maxOrdersPerRequest) {
    }
}
