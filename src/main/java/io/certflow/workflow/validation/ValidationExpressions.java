package io.certflow.workflow.validation;

import org.springframework.stereotype.Component;

import io.certflow.config.CertflowProperties;

/** Timer_ChallengePoll's duration, from configuration. */
@Component("validationTiming")
public class ValidationExpressions {

    private final String pollInterval;

    public ValidationExpressions(CertflowProperties properties) {
        this.pollInterval = properties.validation().pollInterval().toString();
    }

    public String getPollInterval() {
        return pollInterval;
    }
}
