package io.certflow.workflow.renewal;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.renewal.RenewalRuns;
import io.certflow.workflow.CertflowDelegate;

/** Task_StartScheduledRuns: the daily timer starts one run for every tenant whose policy is on. */
@Component("startScheduledRunsDelegate")
public class StartScheduledRunsDelegate extends CertflowDelegate {

    private final RenewalRuns runs;

    public StartScheduledRunsDelegate(RenewalRuns runs) {
        this.runs = runs;
    }

    @Override
    protected void run(DelegateExecution execution) {
        runs.startScheduledRuns();
    }
}
