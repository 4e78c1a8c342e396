package io.certflow.workflow.renewal;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.renewal.RenewalRuns;
import io.certflow.workflow.CertflowDelegate;
import io.certflow.workflow.ProcessVariables;
import java.util.UUID;

/** Task_StartDueRenewals: one page of the run's candidates; a renewal for each due one. */
@Component("startDueRenewalsDelegate")
public class StartDueRenewalsDelegate extends CertflowDelegate {

    private final RenewalRuns runs;

    public StartDueRenewalsDelegate(RenewalRuns runs) {
        this.runs = runs;
    }

    @Override
    protected void run(DelegateExecution execution) {
        decide(execution, ProcessVariables.MORE_PAGES,
                runs.startNextPage(UUID.fromString((String) execution.getVariable(ProcessVariables.RENEWAL_RUN_ID))));
    }
}
