package io.certflow.workflow;

import static io.certflow.workflow.FakeDelegate.bpmnError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;

import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.test.Deployment;
import org.camunda.bpm.engine.test.junit5.ProcessEngineExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@Deployment(resources = {"bpmn/RepositoryResetProcess.bpmn", "bpmn/RepositoryDeleteProcess.bpmn",
        "forms/confirm-repository-reset.form"})
class RepositoryProcessTest extends ProcessTestSupport {

    @RegisterExtension
    static final ProcessEngineExtension ENGINE = ProcessEngineExtension.builder().configurationResource(ENGINE_CONFIGURATION).build();

    private final String repositoryId = UUID.randomUUID().toString();

    private ProcessInstance startReset(boolean confirmed) {
        return runtimeService.startProcessInstanceByKey(ProcessKeys.REPOSITORY_RESET, repositoryId, Map.of(
                ProcessVariables.REPOSITORY_ID, repositoryId, ProcessVariables.REPOSITORY_NAME, "contracts",
                ProcessVariables.TENANT_ID, TENANT_ID, ProcessVariables.RESET_CONFIRMED, confirmed));
    }

    private ProcessInstance startDelete() {
        return runtimeService.startProcessInstanceByKey(ProcessKeys.REPOSITORY_DELETE, repositoryId, Map.of(
                ProcessVariables.REPOSITORY_ID, repositoryId, ProcessVariables.REPOSITORY_NAME, "contracts", ProcessVariables.TENANT_ID, TENANT_ID));
    }

    @Test
    void aResetConfirmedInTheRequestResetsAtOnceWithoutATask() {
        ProcessInstance instance = startReset(true);

        assertThat(instance).isEnded().hasPassedInOrder("Gateway_ConfirmedInRequest", "Task_ResetRepository", "EndEvent_RepositoryReset")
                .hasNotPassed("UserTask_ConfirmReset");
        assertThat(resetRepository.lastCall().variable(ProcessVariables.REPOSITORY_ID)).isEqualTo(repositoryId);
    }

    @Test
    void anUnconfirmedResetWaitsForAPersonAndResetsOnlyOnceTheyTickTheBox() throws Exception {
        ProcessInstance instance = startReset(false);

        assertThat(instance).isWaitingAt("UserTask_ConfirmReset");
        assertThat(resetRepository.callCount()).as("nothing reset before the confirmation").isZero();
        Task confirm = task(instance);
        assertThat(confirm.getTenantId()).isEqualTo(TENANT_ID);
        assertThat(confirm).as("offered to the tenant's administrators").hasCandidateGroup("certflow-admins").hasCandidateGroup("camunda-admin");
        assertThat(deployedForm(confirm)).contains("\"key\": \"resetConfirmed\"", "cannot be undone");

        as("carol", () -> taskService.complete(confirm.getId(), Map.of(ProcessVariables.RESET_CONFIRMED, true)));

        assertThat(instance).isEnded().hasPassed("Task_ResetRepository", "EndEvent_RepositoryReset");
        assertThat(resetRepository.callCount()).isEqualTo(1);
        assertThat(historicVariables(instance.getId())).containsEntry(ProcessVariables.COMPLETED_BY, "carol");
    }

    @Test
    void aConfirmationTaskCompletedWithoutTheBoxTickedChangesNothing() {
        ProcessInstance instance = startReset(false);

        as("carol", () -> taskService.complete(task(instance).getId(), Map.of(ProcessVariables.RESET_CONFIRMED, false)));

        assertThat(instance).isEnded().hasPassed("EndEvent_ResetCancelled").hasNotPassed("Task_ResetRepository");
        assertThat(resetRepository.callCount()).isZero();
    }

    @Test
    void aResetRepositoryIsDeleted() {
        ProcessInstance instance = startDelete();

        assertThat(instance).isEnded().hasPassedInOrder("Task_DeleteRepository", "EndEvent_RepositoryDeleted")
                .hasNotPassed("EndEvent_DeleteRefused");
        assertThat(deleteRepository.lastCall().variable(ProcessVariables.REPOSITORY_ID)).isEqualTo(repositoryId);
    }

    @Test
    void aRepositoryThatIsNotResetIsNotDeleted() {
        deleteRepository.then(bpmnError(ErrorCodes.REPOSITORY_NOT_RESET, "Only a reset repository can be deleted"));

        ProcessInstance instance = startDelete();

        assertThat(instance).isEnded().hasPassedInOrder("Task_DeleteRepository", "BoundaryEvent_NotReset", "EndEvent_DeleteRefused")
                .hasNotPassed("EndEvent_RepositoryDeleted");
        assertThat(historicVariables(instance.getId())).containsEntry("failureReason", "Only a reset repository can be deleted");
    }

    /** The Camunda Form the task shows in Tasklist, as deployed. */
    private String deployedForm(Task task) throws java.io.IOException {
        try (java.io.InputStream form = processEngine.getFormService().getDeployedTaskForm(task.getId())) {
            return new String(form.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
