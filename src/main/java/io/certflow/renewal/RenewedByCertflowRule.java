package io.certflow.renewal;

import org.springframework.stereotype.Component;

import io.certflow.certificate.RenewalRule;

/** {@link RenewedByCertflow} for the inventory's filter, so the certificates table asks the same rule as the warnings and the timeline. */
@Component
public class RenewedByCertflowRule implements RenewalRule {

    @Override
    public String joins() {
        return RenewedByCertflow.JOINS;
    }

    @Override
    public String renewedExpression() {
        return RenewedByCertflow.EXPRESSION;
    }
}
