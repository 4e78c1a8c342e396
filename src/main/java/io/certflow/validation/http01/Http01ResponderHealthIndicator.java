package io.certflow.validation.http01;

import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;
import org.springframework.stereotype.Component;

import io.certflow.config.CertflowProperties;

/**
 * Part of readiness (contributor "http01Responder"): a node that should answer http-01 challenges but does not listen
 * would let every http-01 validation fail. With the responder turned off (port 0 or less) there is nothing to wait for.
 */
@Component("http01ResponderHealthIndicator")
public class Http01ResponderHealthIndicator extends AbstractHealthIndicator {

    private final Http01Responder responder;
    private final CertflowProperties.Http01 settings;

    public Http01ResponderHealthIndicator(Http01Responder responder, CertflowProperties properties) {
        super("The http-01 responder could not be checked");
        this.responder = responder;
        this.settings = properties.validation().http01();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        if (settings.port() <= 0) {
            builder.up().withDetail("listening", false).withDetail("reason", "disabled (certflow.validation.http01.port <= 0)");
            return;
        }
        boolean running = responder.isRunning();
        (running ? builder.up() : builder.down()).withDetail("listening", running).withDetail("port", settings.port());
    }
}
