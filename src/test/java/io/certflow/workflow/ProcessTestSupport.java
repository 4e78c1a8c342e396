package io.certflow.workflow;

import static io.certflow.workflow.FakeDelegate.nothing;
import static io.certflow.workflow.FakeDelegate.set;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

import io.certflow.workflow.ProcessTestStubs.IssuanceStub;
import io.certflow.workflow.ProcessTestStubs.ValidationStepsStub;
import io.certflow.workflow.ProcessTestStubs.ValidationTimingStub;

/**
 * The engine of camunda-process-test.cfg.xml with every bean the BPMN names registered as a fake, a fixed clock,
 * and a way to run the jobs the job executor would run.
 */
abstract class ProcessTestSupport {

    /**
     * The engine configuration of the process tests. It is not called camunda.cfg.xml on purpose:
     * the engine's static registry would pick that file up in the integration-test JVM and shadow
     * the application's engine as "default".
     */
    static final String ENGINE_CONFIGURATION = "camunda-process-test.cfg.xml";

    /** The fixed "now" of every test. */
    static final Instant NOW = Instant.parse("2030-01-15T10:00:00Z");
    /** The retry cycle of tasks that talk to a CA, as {@code retryCycles.ca} returns it here. */
    static final String CA_RETRY_CYCLE = "R3/PT1M";
    static final String POLL_INTERVAL = "PT1S";
    static final String PROPAGATION_POLL_INTERVAL = "PT2S";
    /** The retry cycle of tasks that only talk to DNS, as {@code retryCycles.dns} returns it here. */
    static final String DNS_RETRY_CYCLE = "R2/PT30S";
    /** The retry cycle of tasks that touch a deployment target, as {@code retryCycles.deployment} returns it here. */
    static final String DEPLOYMENT_RETRY_CYCLE = "R3/PT2M";
    /** The wait between two looks at a verify endpoint, as {@code deploymentTiming.verifyInterval} returns it here. */
    static final String VERIFY_INTERVAL = "PT10S";
    /** The daily run's schedule, as {@code renewalSchedule.cron} returns it here: 03:00 every day. */
    static final String RENEWAL_CRON = "0 0 3 * * ?";
    /** The retry cycle of tasks that talk to the SMTP server, as {@code retryCycles.smtp} returns it here. */
    static final String SMTP_RETRY_CYCLE = "R3/PT5M";

    static final String TENANT_ID = "tenant-a";

    ProcessEngine processEngine;
    RuntimeService runtimeService;
    TaskService taskService;
    ManagementService managementService;
    HistoryService historyService;
    IdentityService identityService;

    // Delegates of CertificateIssuanceProcess, with the outcome of a smooth run by default.
    final FakeDelegate checkRequest = new FakeDelegate("checkRequestDelegate", set(ProcessVariables.APPROVAL_REQUIRED, false));
    final FakeDelegate recordDecision = new FakeDelegate("recordDecisionDelegate", nothing());
    final FakeDelegate placeOrder = new FakeDelegate("placeOrderDelegate", nothing());
    final FakeDelegate recordTermsAcceptance = new FakeDelegate("recordTermsAcceptanceDelegate", nothing());
    final FakeDelegate generateKey = new FakeDelegate("generateKeyDelegate", nothing());
    final FakeDelegate finalizeOrder = new FakeDelegate("finalizeOrderDelegate", set(ProcessVariables.CERTIFICATE_STORED, true));
    final FakeDelegate checkOrder = new FakeDelegate("checkOrderDelegate", set(ProcessVariables.CERTIFICATE_STORED, true));
    final FakeDelegate markFailed = new FakeDelegate("markFailedDelegate", nothing());
    final FakeDelegate prepareNewOrder = new FakeDelegate("prepareNewOrderDelegate", set(ProcessVariables.ORDER_AGAIN, false));
    final FakeDelegate preflightCaa = new FakeDelegate("preflightCaaDelegate", nothing());
    // Delegates of DomainValidationProcess.
    final FakeDelegate presentChallenge = new FakeDelegate("presentChallengeDelegate",
            set(ProcessVariables.ALREADY_VALID, false).and(set(ProcessVariables.AWAIT_PROPAGATION, false)));
    final FakeDelegate checkPropagation = new FakeDelegate("checkPropagationDelegate", set(ProcessVariables.ANSWER_VISIBLE, true));
    final FakeDelegate triggerChallenge = new FakeDelegate("triggerChallengeDelegate", set(ProcessVariables.CHALLENGE_VALID, true));
    final FakeDelegate checkChallenge = new FakeDelegate("checkChallengeDelegate", set(ProcessVariables.CHALLENGE_VALID, true));
    final FakeDelegate cleanUpChallenge = new FakeDelegate("cleanUpChallengeDelegate", nothing());
    // Delegates of RepositoryResetProcess and RepositoryDeleteProcess.
    final FakeDelegate resetRepository = new FakeDelegate("resetRepositoryDelegate", nothing());
    final FakeDelegate deleteRepository = new FakeDelegate("deleteRepositoryDelegate", nothing());
    final FakeDelegate startDeployments = new FakeDelegate("startDeploymentsDelegate", nothing());
    // Delegates of CertificateDeploymentProcess, with the outcome of a smooth run by default.
    final FakeDelegate keepCopy = new FakeDelegate("keepCopyDelegate", nothing());
    final FakeDelegate writeFiles = new FakeDelegate("writeFilesDelegate", nothing());
    final FakeDelegate reload = new FakeDelegate("reloadDelegate", set(ProcessVariables.RELOAD_SUCCEEDED, true));
    final FakeDelegate verifyServed = new FakeDelegate("verifyServedDelegate", set(ProcessVariables.VERIFICATION, "SERVED"));
    final FakeDelegate recordRefusal = new FakeDelegate("recordRefusalDelegate", nothing());
    final FakeDelegate restoreCopy = new FakeDelegate("restoreCopyDelegate", nothing());
    final FakeDelegate reloadRestored = new FakeDelegate("reloadRestoredDelegate", nothing());
    final FakeDelegate verifyRestored = new FakeDelegate("verifyRestoredDelegate", set(ProcessVariables.PREVIOUS_SERVED, true));
    final FakeDelegate markDeployed = new FakeDelegate("markDeployedDelegate", nothing());
    final FakeDelegate markRolledBack = new FakeDelegate("markRolledBackDelegate", nothing());
    final FakeDelegate markDeploymentFailed = new FakeDelegate("markDeploymentFailedDelegate", nothing());
    // Delegates of AutoRenewalRunProcess and CertificateRenewalProcess, with the outcome of a smooth run by default.
    final FakeDelegate startScheduledRuns = new FakeDelegate("startScheduledRunsDelegate", nothing());
    final FakeDelegate startDueRenewals = new FakeDelegate("startDueRenewalsDelegate", set(ProcessVariables.MORE_PAGES, false));
    final FakeDelegate finishRun = new FakeDelegate("finishRunDelegate", nothing());
    final FakeDelegate warnOfExpiries = new FakeDelegate("warnOfExpiriesDelegate", set(ProcessVariables.MORE_EXPIRIES, false));
    final FakeDelegate prepareSuccessor = new FakeDelegate("prepareSuccessorDelegate",
            set(ProcessVariables.SUCCESSOR_ISSUED_ALREADY, false));
    final FakeDelegate checkSuccessor = new FakeDelegate("checkSuccessorDelegate", set(ProcessVariables.SUCCESSOR_ISSUED, true));
    final FakeDelegate prepareRedeployments = new FakeDelegate("prepareRedeploymentsDelegate", nothing());
    final FakeDelegate checkRedeployments = new FakeDelegate("checkRedeploymentsDelegate", set(ProcessVariables.REDEPLOYED, true));
    final FakeDelegate supersede = new FakeDelegate("supersedeDelegate", nothing());
    final FakeDelegate recordRenewalFailure = new FakeDelegate("recordRenewalFailureDelegate", nothing());
    final ProcessTestStubs.RenewalsStub renewals = new ProcessTestStubs.RenewalsStub();
    // The delegate of NotificationDeliveryProcess.
    final FakeDelegate sendNotification = new FakeDelegate("sendNotificationDelegate", nothing());

    final IssuanceStub issuance = new IssuanceStub();
    /** http-01 unless a test says the answer lives at a DNS server. */
    final ValidationStepsStub validationSteps = new ValidationStepsStub();

    /**
     * The engine logs every failed job at ERROR with its stack trace; the failures here are the
     * tests' own, and a test that did not expect one gets it as the cause of its AssertionError.
     */
    private static final Logger COMMAND_CONTEXT_LOG = (Logger) LoggerFactory.getLogger("org.camunda.bpm.engine.context");
    private static Level commandContextLevel;

    @BeforeAll
    static void quietExpectedJobFailures() {
        commandContextLevel = COMMAND_CONTEXT_LOG.getLevel();
        COMMAND_CONTEXT_LOG.setLevel(Level.OFF);
    }

    @AfterAll
    static void restoreJobFailureLogging() {
        COMMAND_CONTEXT_LOG.setLevel(commandContextLevel);
    }

    @BeforeEach
    void setUpEngine(ProcessEngine engine) {
        processEngine = engine;
        BpmnAwareTests.init(processEngine);
        runtimeService = processEngine.getRuntimeService();
        taskService = processEngine.getTaskService();
        managementService = processEngine.getManagementService();
        historyService = processEngine.getHistoryService();
        identityService = processEngine.getIdentityService();

        ClockUtil.setCurrentTime(Date.from(NOW));

        for (FakeDelegate fake : List.of(checkRequest, recordDecision, placeOrder, recordTermsAcceptance, generateKey,
                finalizeOrder, checkOrder, markFailed, prepareNewOrder, preflightCaa, presentChallenge,
                checkPropagation, triggerChallenge, checkChallenge, cleanUpChallenge, resetRepository, deleteRepository,
                startDeployments, keepCopy, writeFiles, reload, verifyServed, recordRefusal, restoreCopy, reloadRestored,
                verifyRestored, markDeployed, markRolledBack, markDeploymentFailed, startScheduledRuns, startDueRenewals, finishRun, warnOfExpiries,
                prepareSuccessor, checkSuccessor, prepareRedeployments, checkRedeployments, supersede, recordRenewalFailure,
                sendNotification)) {
            Mocks.register(fake.beanName(), fake);
        }
        Mocks.register("issuance", issuance);
        Mocks.register("validationTiming", new ValidationTimingStub(POLL_INTERVAL, PROPAGATION_POLL_INTERVAL));
        Mocks.register("validationSteps", validationSteps);
        Mocks.register("retryCycles", new RetryCycles(CA_RETRY_CYCLE, DNS_RETRY_CYCLE, DEPLOYMENT_RETRY_CYCLE, SMTP_RETRY_CYCLE));
        Mocks.register("deploymentTiming", new ProcessTestStubs.DeploymentTimingStub(VERIFY_INTERVAL));
        Mocks.register("renewals", renewals);
        Mocks.register("renewalSchedule", new ProcessTestStubs.RenewalScheduleStub(RENEWAL_CRON));
        // The real listener, on the engine's IdentityService.
        Mocks.register("completedByListener", new CompletedByListener(identityService));
    }

    @AfterEach
    void tearDownEngine() {
        identityService.clearAuthentication();
        ClockUtil.reset();
        Mocks.reset();
    }

    // Jobs

    /**
     * Runs every job that is due now, including those the runs create, as the job executor would;
     * fails the test when a job fails.
     */
    void runDueJobs() {
        List<RuntimeException> failures = runDueJobsCollectingFailures();
        if (!failures.isEmpty()) {
            throw new AssertionError("A job failed: " + failures.get(0), failures.get(0));
        }
    }

    /**
     * Runs every job that is due now; a job that fails is left to the engine's retry handling (which
     * moves its due date on, so it is not run again here until the clock is advanced).
     */
    List<RuntimeException> runDueJobsCollectingFailures() {
        List<RuntimeException> failures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            List<Job> due = managementService.createJobQuery().executable().orderByJobId().asc().list();
            if (due.isEmpty()) {
                return failures;
            }
            try {
                managementService.executeJob(due.get(0).getId());
            } catch (RuntimeException failure) {
                failures.add(failure);
            }
        }
        throw new AssertionError("Jobs keep coming: is a loop not waiting on a timer?");
    }

    /** The single job of {@code activityId}, in any process instance. */
    Job jobAt(String activityId) {
        List<Job> jobs = jobsAt(activityId);
        if (jobs.size() != 1) {
            throw new AssertionError("Expected one job at " + activityId + " but found " + jobs.size());
        }
        return jobs.get(0);
    }

    List<Job> jobsAt(String activityId) {
        return managementService.createJobQuery().activityId(activityId).list();
    }

    /** Moves the clock on, so that timers and retries that were due in the future become due. */
    void advanceClock(Duration duration) {
        ClockUtil.setCurrentTime(Date.from(ClockUtil.getCurrentTime().toInstant().plus(duration)));
    }

    // People

    /** Runs {@code work} as a Tasklist user of the test tenant would. */
    void as(String userId, Runnable work) {
        identityService.setAuthentication(userId, List.of(), List.of(TENANT_ID));
        try {
            work.run();
        } finally {
            identityService.clearAuthentication();
        }
    }

    // History

    /** The ids of the activities a (possibly ended or terminated) process instance finished, in order. */
    List<String> finishedActivities(String processInstanceId) {
        return historyService.createHistoricActivityInstanceQuery().processInstanceId(processInstanceId).finished()
                .orderPartiallyByOccurrence().asc().list().stream()
                .map(HistoricActivityInstance::getActivityId)
                .toList();
    }

    /** The last value of every variable of a (possibly ended) process instance, by name. */
    Map<String, Object> historicVariables(String processInstanceId) {
        return historyService.createHistoricVariableInstanceQuery().processInstanceId(processInstanceId).list().stream()
                .filter(variable -> variable.getValue() != null)
                .collect(Collectors.toMap(HistoricVariableInstance::getName, HistoricVariableInstance::getValue,
                        (first, second) -> second));
    }
}
