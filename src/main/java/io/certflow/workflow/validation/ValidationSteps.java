package io.certflow.workflow.validation;

import java.util.UUID;

import org.springframework.stereotype.Component;

import io.certflow.validation.ValidationService;

/** Decisions DomainValidationProcess takes through expressions, where no task of its own precedes the gateway. */
@Component("validationSteps")
public class ValidationSteps {

    private final ValidationService validation;

    public ValidationSteps(ValidationService validation) {
        this.validation = validation;
    }

    /**
     * Gateway_CleanUpLocally: an http-01 answer is withdrawn in the step that ended the validation; a dns-01 record is
     * removed by a job of its own, because it talks to the zone's server and must be retried on its own.
     */
    public boolean cleanUpIsLocal(String authorizationId) {
        return validation.cleansUpLocally(UUID.fromString(authorizationId));
    }
}
