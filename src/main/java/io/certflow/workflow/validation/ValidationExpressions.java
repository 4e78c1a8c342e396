package io.certflow.workflow.validation;

import org.springframework.stereotype.Component;

import io.certflow.config.CertflowProperties;

/** The timers' durations in DomainValidationProcess, from configuration. */
@Component("validationTiming")
public class ValidationExpressions {

    private final String pollInterval;
    private final String propagationPollInterval;

    public ValidationExpressions(CertflowProperties properties) {
        this.pollInterval = properties.validation().pollInterval().toString();
        this.propagationPollInterval = properties.validation().dns01().propagationPollInterval().toString();
    }

    /** Timer_PropagationPoll: between two looks for the dns-01 record at the zone's name servers. */
    public String getPropagationPollInterval() {
        return propagationPollInterval;
    }

    public String getPollInterval() {
        return pollInterval;
    }
}
