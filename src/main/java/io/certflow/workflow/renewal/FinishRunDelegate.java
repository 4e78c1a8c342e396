package io.certflow.workflow.renewal;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.renewal.RenewalRuns;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;
import java.util.UUID;

/** Task_FinishRun: records the end of the run. */
@Component("finishRunDelegate")
public class FinishRunDelegate extends CertflowDelegate {

    private final RenewalRuns runs;

    public FinishRunDelegate(RenewalRuns runs) {
        this.runs = runs;
    }

    @Override
    protected void run(DelegateExecution execution) {
        runs.finish(UUID.fromString((String) execution.getVariable(ProcessVariables.RENEWAL_RUN_ID)));
    }
}
