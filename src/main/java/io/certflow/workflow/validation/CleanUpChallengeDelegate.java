package io.certflow.workflow.validation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.validation.ValidationService;
import io.certflow.workflow.CertflowDelegate;

/** Task_CleanUpLocally, Task_CleanUpChallenge and Task_CleanUpAfterFailure: takes the answer away. */
@Component("cleanUpChallengeDelegate")
public class CleanUpChallengeDelegate extends CertflowDelegate {

    private final ValidationService validation;

    public CleanUpChallengeDelegate(ValidationService validation) {
        this.validation = validation;
    }

    @Override
    protected void run(DelegateExecution execution) {
        validation.cleanUp(authorizationId(execution));
    }
}
