package io.certflow.workflow.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class TasklistFiltersTest {

    private static final Pattern USER_TASK = Pattern.compile("<bpmn:userTask id=\"([^\"]+)\"[^>]*camunda:candidateGroups=\"([^\"]*)\"");

    @Test
    void everyFilteredTaskIsAUserTaskOfTheProcessesOfferedToTheTenantAdministrators() throws IOException {
        List<String> offeredToTenantAdministrators;
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            offeredToTenantAdministrators = files.filter(file -> file.toString().endsWith(".bpmn")).flatMap(file -> {
                try {
                    Matcher matcher = USER_TASK.matcher(Files.readString(file));
                    return matcher.results().filter(task -> List.of(task.group(2).split(",")).contains("certflow-admins"))
                            .map(task -> task.group(1)).toList().stream();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }

        assertThat(offeredToTenantAdministrators).containsExactlyInAnyOrder(TasklistFilters.APPROVE_REQUEST_TASK,
                TasklistFilters.CONFIRM_RESET_TASK, TasklistFilters.ACCEPT_TERMS_TASK);
    }
}
