package io.certflow.workflow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Stand-ins for the expression beans the BPMN calls ({@code issuance}, {@code validationTiming}, {@code validationSteps}). */
public final class ProcessTestStubs {

    private ProcessTestStubs() {
    }

    /** Bean {@code issuance} (IssuanceExpressions): the authorizations to validate and the pending-queue interval. */
    public static final class IssuanceStub {

        private List<String> authorizations = List.of();
        private boolean caaPreflight;
        private final Deque<String> intervals = new ArrayDeque<>();
        private String defaultInterval = "PT5M";
        private final List<String> authorizationsAskedFor = new ArrayList<>();
        private final List<String> intervalsAskedFor = new ArrayList<>();

        IssuanceStub authorizations(String... ids) {
            this.authorizations = List.of(ids);
            return this;
        }

        IssuanceStub caaPreflight(boolean needed) {
            this.caaPreflight = needed;
            return this;
        }

        private boolean deployRequested;

        IssuanceStub deployRequested(boolean requested) {
            this.deployRequested = requested;
            return this;
        }

        public synchronized boolean deployRequested(String certificateRequestId) {
            return deployRequested;
        }

        public synchronized boolean caaPreflightNeeded(String certificateRequestId) {
            return caaPreflight;
        }

        /** The next intervals to hand out, in order; then {@code defaultInterval}. */
        IssuanceStub intervals(String... isoDurations) {
            intervals.addAll(List.of(isoDurations));
            return this;
        }

        public synchronized List<String> authorizationsToValidate(String certificateRequestId) {
            authorizationsAskedFor.add(certificateRequestId);
            return authorizations;
        }

        public synchronized String pendingQueueInterval(String certificateRequestId) {
            intervalsAskedFor.add(certificateRequestId);
            return intervals.isEmpty() ? defaultInterval : intervals.poll();
        }

        synchronized List<String> authorizationsAskedFor() {
            return List.copyOf(authorizationsAskedFor);
        }

        synchronized List<String> intervalsAskedFor() {
            return List.copyOf(intervalsAskedFor);
        }
    }

    /** Bean {@code validationTiming} (ValidationExpressions). */
    public static final class ValidationTimingStub {

        private final String pollInterval;
        private final String propagationPollInterval;

        ValidationTimingStub(String pollInterval, String propagationPollInterval) {
            this.pollInterval = pollInterval;
            this.propagationPollInterval = propagationPollInterval;
        }

        public String getPropagationPollInterval() {
            return propagationPollInterval;
        }

        public String getPollInterval() {
            return pollInterval;
        }
    }

    /** Bean {@code validationSteps} (ValidationSteps): whether the answer is cleaned up inside Certflow, as http-01's is. */
    public static final class ValidationStepsStub {

        private volatile boolean cleanUpIsLocal = true;

        ValidationStepsStub cleanUpIsLocal(boolean local) {
            this.cleanUpIsLocal = local;
            return this;
        }

        public boolean cleanUpIsLocal(String authorizationId) {
            return cleanUpIsLocal;
        }
    }

    /** {@code deploymentTiming} of CertificateDeploymentProcess: a fixed verify interval. */
    public static final class DeploymentTimingStub {

        private final String verifyInterval;

        DeploymentTimingStub(String verifyInterval) {
            this.verifyInterval = verifyInterval;
        }

        public String getVerifyInterval() {
            return verifyInterval;
        }
    }

    /** {@code renewalSchedule} of AutoRenewalRunProcess. */
    public static final class RenewalScheduleStub {

        private final String cron;

        RenewalScheduleStub(String cron) {
            this.cron = cron;
        }

        public String getCron() {
            return cron;
        }
    }

    /** {@code renewals} of CertificateRenewalProcess: the deployments of the successor, as the test says. */
    public static final class RenewalsStub {

        private List<String> deploymentIds = List.of();

        RenewalsStub deployments(String... ids) {
            this.deploymentIds = List.of(ids);
            return this;
        }

        public synchronized List<String> redeploymentIds(String renewalId) {
            return deploymentIds;
        }
    }
}
