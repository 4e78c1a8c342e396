package io.certflow.workflow.issuance;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

import io.certflow.validation.caa.CaaPreflight;
import io.certflow.workflow.CertflowDelegate;

/** Task_PreflightCaa: CAA must allow the issuer for every name before an order is placed. */
@Component("preflightCaaDelegate")
public class PreflightCaaDelegate extends CertflowDelegate {

    private final CaaPreflight caa;

    public PreflightCaaDelegate(CaaPreflight caa) {
        this.caa = caa;
    }

    @Override
    protected void run(DelegateExecution execution) {
        caa.preflight(requestId(execution));
    }
}
