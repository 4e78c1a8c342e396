package io.certflow.workflow;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Retry cycles per outside system, referenced by camunda:failedJobRetryTimeCycle in bpmn/. */
@Component("retryCycles")
public class RetryCycles {

    private final String ca;

    public RetryCycles(@Value("${certflow.retry.ca:R5/PT1M}") String ca) {
        this.ca = ca;
    }

    /** Tasks that talk to a CA. */
    public String getCa() {
        return ca;
    }
}
