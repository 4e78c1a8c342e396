package io.certflow.workflow.engine;

import java.time.Instant;
import java.util.Date;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.impl.cmd.DefaultJobRetryCmd;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.jobexecutor.FailedJobCommandFactory;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;

import io.certflow.error.TransientFault;

/**
 * The engine's retry handling, plus: when a CA answered "rate limited, retry after T", the next
 * attempt is not scheduled before T. Retries still count down, so a CA that keeps refusing ends
 * in an incident.
 */
class RetryAfterFailedJobCommandFactory implements FailedJobCommandFactory {

    @Override
    public Command<Object> getCommand(String jobId, Throwable exception) {
        return new RetryAfterJobRetryCmd(jobId, exception);
    }

    static class RetryAfterJobRetryCmd extends DefaultJobRetryCmd {

        RetryAfterJobRetryCmd(String jobId, Throwable exception) {
            super(jobId, exception);
        }

        @Override
        public Object execute(CommandContext commandContext) {
            Object result = super.execute(commandContext);
            if (exception instanceof OptimisticLockingException) {
                // Two jobs touched the same execution; the loser can run again at once, not after the CA's retry interval.
                JobEntity job = commandContext.getJobManager().findJobById(jobId);
                if (job != null) {
                    job.setDuedate(null);
                }
                return result;
            }
            TransientFault.retryAfterIn(exception).ifPresent(retryAfter -> {
                JobEntity job = commandContext.getJobManager().findJobById(jobId);
                if (job != null && job.getRetries() > 0 && laterThanDue(job, retryAfter)) {
                    job.setDuedate(Date.from(retryAfter));
                }
            });
            return result;
        }

        private static boolean laterThanDue(JobEntity job, Instant retryAfter) {
            return job.getDuedate() == null || job.getDuedate().toInstant().isBefore(retryAfter);
        }
    }
}
