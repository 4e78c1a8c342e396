package io.certflow.workflow;

import static io.certflow.workflow.FakeDelegate.nothing;
import static io.certflow.workflow.FakeDelegate.set;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.camunda.bpm.engine.test.mock.Mocks;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.certflow.autossl.run.AutoSslCheck;
import io.certflow.autossl.run.AutoSslRun;
import io.certflow.autossl.run.AutoSslRunReason;

@Deployment(resources = {"bpmn/AutoSslRunProcess.bpmn", "bpmn/AutoSslAccountCheckProcess.bpmn", "bpmn/CertificateIssuanceProcess.bpmn",
        "bpmn/DomainValidationProcess.bpmn", "forms/approve-certificate-request.form", "forms/accept-terms.form"})
class AutoSslProcessTest extends ProcessTestSupport {

    @RegisterExtension
    static final ProcessEngineExtension ENGINE = ProcessEngineExtension.builder().configurationResource(ENGINE_CONFIGURATION).build();

    /** The nightly run's schedule here: 02:00. */
    static final String AUTOSSL_CRON = "0 0 2 * * ?";

    final FakeDelegate startNightlyRuns = new FakeDelegate("autosslStartNightlyRunsDelegate", nothing());
    final FakeDelegate checkProvider = new FakeDelegate("autosslCheckProviderDelegate", set(ProcessVariables.AUTOSSL_PAUSED, false));
    final FakeDelegate startAccountChecks = new FakeDelegate("autosslStartAccountChecksDelegate", set(ProcessVariables.MORE_ACCOUNTS, false));
    final FakeDelegate planCoverage = new FakeDelegate("autosslPlanCoverageDelegate", set(ProcessVariables.AUTOSSL_ORDERED, false));
    final FakeDelegate finishCheck = new FakeDelegate("autosslFinishCheckDelegate", nothing());
    final OrdersStub orders = new OrdersStub();

    /** What CallActivity_IssueCertificates reads: the requests a check ordered, and each one's certificate. */
    public static final class OrdersStub {
        private Map<String, String> certificateByRequest = Map.of();

        void ordered(Map<String, String> certificateByRequest) {
            this.certificateByRequest = certificateByRequest;
        }

        public List<String> requestIds(String checkId) {
            return List.copyOf(new java.util.TreeMap<>(certificateByRequest).keySet());
        }

        public String certificateIdOf(String requestId) {
            return certificateByRequest.get(requestId);
        }

        public String issuerIdOf(String requestId) {
            return "issuer-1";
        }

        public String domainsOf(String requestId) {
            return "www.example.test";
        }
    }

    @BeforeEach
    void autoSslFakes() {
        for (FakeDelegate fake : List.of(startNightlyRuns, checkProvider, startAccountChecks, planCoverage, finishCheck)) {
            Mocks.register(fake.beanName(), fake);
        }
        Mocks.register("autosslOrders", orders);
        Mocks.register("autosslSchedule", new ProcessTestStubs.RenewalScheduleStub(AUTOSSL_CRON));
    }

    private CamundaAutoSslWorkflow workflow() {
        return new CamundaAutoSslWorkflow(runtimeService, managementService);
    }

    private ProcessInstance startRun() {
        String id = workflow().startRun(AutoSslRun.start(TENANT_ID, null, null, AutoSslRunReason.ALL, "alice", NOW));
        return runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult();
    }

    private ProcessInstance startCheck() {
        String id = workflow().startCheck(new AutoSslCheck(UUID.randomUUID(), UUID.randomUUID(), TENANT_ID, UUID.randomUUID(),
                AutoSslCheck.CHECKING, 0, 0, 0, 0, null, null, NOW, null), "alpha");
        return runtimeService.createProcessInstanceQuery().processInstanceId(id).singleResult();
    }

    @Test
    void theNightlyTimerIsScheduledFromTheConfiguredCronAndStartsTheTenantsRuns() {
        Job timer = managementService.createJobQuery().processDefinitionKey(ProcessKeys.AUTOSSL_RUN).timers().singleResult();
        assertThat(timer).as("a timer exists as soon as the process is deployed").isNotNull();
        java.time.ZonedDateTime local = NOW.atZone(ZoneOffset.systemDefault());
        assertThat(timer.getDuedate().toInstant()).isEqualTo(local.toLocalDate().atTime(2, 0).atZone(ZoneOffset.systemDefault()).toInstant()
                .plus(local.getHour() >= 2 ? Duration.ofDays(1) : Duration.ZERO));

        advanceClock(Duration.between(NOW, timer.getDuedate().toInstant()));
        runDueJobs();

        assertThat(startNightlyRuns.callCount()).isEqualTo(1);
        HistoricProcessInstance fired = historyService.createHistoricProcessInstanceQuery().processDefinitionKey(ProcessKeys.AUTOSSL_RUN)
                .singleResult();
        assertThat(fired.getStartActivityId()).isEqualTo("StartEvent_Nightly");
        assertThat(fired.getEndActivityId()).isEqualTo("EndEvent_NightlyRunsStarted");
        assertThat(managementService.createJobQuery().processDefinitionKey(ProcessKeys.AUTOSSL_RUN).timers().singleResult().getDuedate())
                .as("the next night's run is scheduled").isAfter(timer.getDuedate());
    }

    @Test
    void aRunGoesThroughThePagesOfAccountsEachAsAJobOfItsOwn() {
        startAccountChecks.then(set(ProcessVariables.MORE_ACCOUNTS, true)).then(set(ProcessVariables.MORE_ACCOUNTS, true));
        ProcessInstance run = startRun();

        assertThat(run).as("nothing runs in the caller's transaction").isWaitingAt("Task_CheckProvider");
        runDueJobs();

        assertThat(run).isEnded().hasPassedInOrder("Task_CheckProvider", "Task_StartAccountChecks", "EndEvent_ChecksStarted");
        assertThat(startAccountChecks.callCount()).isEqualTo(3);
        assertThat(startNightlyRuns.callCount()).isZero();
    }

    @Test
    void aRunWhoseProviderMayNotOrderEndsPausedWithoutLookingAtAnAccount() {
        checkProvider.then(set(ProcessVariables.AUTOSSL_PAUSED, true));
        ProcessInstance run = startRun();

        runDueJobs();

        assertThat(run).isEnded().hasPassed("EndEvent_Paused").hasNotPassed("Task_StartAccountChecks");
        assertThat(startAccountChecks.callCount()).isZero();
    }

    @Test
    void aCheckWithNothingToOrderFinishesWithoutAnIssuance() {
        ProcessInstance check = startCheck();

        assertThat(check).isWaitingAt("Task_PlanCoverage");
        runDueJobs();

        assertThat(check).isEnded().hasPassedInOrder("Task_PlanCoverage", "Task_FinishCheck", "EndEvent_Checked")
                .hasNotPassed("CallActivity_IssueCertificates");
        assertThat(historyService.createHistoricProcessInstanceQuery().processDefinitionKey(ProcessKeys.CERTIFICATE_ISSUANCE).count()).isZero();
    }

    @Test
    void aCheckIssuesEachOrderedCertificateThroughTheIssuanceProcessAndFinishesOnceAllHaveEnded() {
        planCoverage.then(set(ProcessVariables.AUTOSSL_ORDERED, true));
        orders.ordered(Map.of("request-1", "certificate-1", "request-2", "certificate-2"));
        ProcessInstance check = startCheck();

        runDueJobs();

        assertThat(check).isEnded().hasPassedInOrder("Task_PlanCoverage", "CallActivity_IssueCertificates", "Task_FinishCheck",
                "EndEvent_Checked");
        List<HistoricProcessInstance> issuances = historyService.createHistoricProcessInstanceQuery().superProcessInstanceId(check.getId())
                .processDefinitionKey(ProcessKeys.CERTIFICATE_ISSUANCE).list();
        assertThat(issuances).extracting(HistoricProcessInstance::getBusinessKey).containsExactlyInAnyOrder("certificate-1", "certificate-2");
        assertThat(issuances).extracting(HistoricProcessInstance::getEndActivityId).containsOnly("EndEvent_CertificateIssued");
        assertThat(finalizeOrder.calls()).extracting(call -> call.variable(ProcessVariables.CERTIFICATE_REQUEST_ID))
                .containsExactlyInAnyOrder("request-1", "request-2");
        assertThat(finishCheck.callCount()).isEqualTo(1);
    }

    @Test
    void aTransientFaultInPlanningIsRetriedOnTheDnsRetryCycle() {
        planCoverage.then(FakeDelegate.transientFault("the resolver did not answer"));
        ProcessInstance check = startCheck();

        runDueJobsCollectingFailures();

        Job job = managementService.createJobQuery().processInstanceId(check.getId()).singleResult();
        assertThat(job.getRetries()).as("R2: one retry left").isEqualTo(1);
        assertThat(check).isWaitingAt("Task_PlanCoverage");
    }
}
