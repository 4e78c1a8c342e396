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
        @DefaultValue Acme acme,
        @DefaultValue Dns dns,
        @DefaultValue Upload upload) {

    /** @param trustStore PEM file of roots an uploaded chain may end at without including them */
    public record Upload(Path trustStore) {
    }

    public record PrivateCa(@DefaultValue("local-ca") String defaultIssuerName) {
    }

    /**
     * @param pollInterval the timer between two polls of a pending challenge
     * @param checkWait    how long one check may wait for a CA that decides within seconds, before
     *                     the process goes to the poll timer
     */
    public record Validation(@DefaultValue Http01 http01, @DefaultValue("PT1S") Duration pollInterval,
                             @DefaultValue("PT3S") Duration checkWait, @DefaultValue Dns01 dns01) {
    }

    /**
     * @param propagationPollInterval the timer between two looks for the TXT record at the zone's servers
     * @param propagationTimeout      how long the record may stay invisible before every further look
     *                                is a failure the engine retries and finally reports as an incident
     * @param recordTtl               TTL of the TXT records, in seconds; short, so that no resolver keeps them
     */
    public record Dns01(@DefaultValue("PT2S") Duration propagationPollInterval,
                        @DefaultValue("PT10M") Duration propagationTimeout,
                        @DefaultValue("60") int recordTtl) {
    }

    public record Http01(@DefaultValue("5002") int port, @DefaultValue("0.0.0.0") String bindAddress, Path webroot) {
    }

    /**
     * @param timeout        connect and read timeout towards a CA
     * @param processingWait how long one order check may wait for a CA that issues within seconds,
     *                       before the request goes to the pending queue
     * @param maxOrdersPerRequest orders one request may place when validations fail; a CA counts
     *                       failed validations against rate limits, so this stays small
     * @param directoryCheckTimeout the most one read of a directory may take when an issuer is created
     *                       (connecting, TLS and the whole answer together): the URL is a user's choice
     * @param allowHttpDirectories accept {@code http} directory URLs, for local test CAs only; RFC 8555
     *                       asks for https, and an http URL lets anyone on the path answer for the CA
     */
    public record Acme(@DefaultValue("PT30S") Duration timeout, @DefaultValue("PT3S") Duration processingWait,
                       @DefaultValue("3") int maxOrdersPerRequest, @DefaultValue("PT5M") Duration directoryRefresh,
                       @DefaultValue("PT15S") Duration directoryCheckTimeout, @DefaultValue("false") boolean allowHttpDirectories) {
    }

    /**
     * @param resolver          host:port of the recursive resolver for CNAME, CAA and NS lookups;
     *                          empty uses the system's (/etc/resolv.conf)
     * @param authoritativePort the port a zone's name servers answer on (53 everywhere but in tests)
     * @param timeout           per DNS query or update
     */
    public record Dns(String resolver, @DefaultValue("53") int authoritativePort, @DefaultValue("PT5S") Duration timeout) {
    }
}
