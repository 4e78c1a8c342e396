package io.certflow.workflow.validation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.validation.ValidationService;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.Variables;

/** Task_PresentChallenge: serves the challenge answer; notes when the CA already trusts the name. */
@Component("presentChallengeDelegate")
public class PresentChallengeDelegate extends CertflowDelegate {

    private final ValidationService validation;

    public PresentChallengeDelegate(ValidationService validation) {
        this.validation = validation;
    }

    @Override
    protected void run(DelegateExecution execution) {
        execution.setVariable(Variables.ALREADY_VALID, validation.present(authorizationId(execution)));
    }
}
