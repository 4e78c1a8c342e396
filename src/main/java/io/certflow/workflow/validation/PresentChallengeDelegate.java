package io.certflow.workflow.validation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.validation.ValidationService;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;

/** Task_PresentChallenge: publishes the challenge answer; notes when the CA already trusts the name, and when DNS must catch up. */
@Component("presentChallengeDelegate")
public class PresentChallengeDelegate extends CertflowDelegate {

    private final ValidationService validation;

    public PresentChallengeDelegate(ValidationService validation) {
        this.validation = validation;
    }

    @Override
    protected void run(DelegateExecution execution) {
        ValidationService.Presented presented = validation.present(authorizationId(execution));
        decide(execution, ProcessVariables.ALREADY_VALID, presented == ValidationService.Presented.ALREADY_VALID);
        decide(execution, ProcessVariables.AWAIT_PROPAGATION, presented == ValidationService.Presented.AWAIT_PROPAGATION);
    }
}
