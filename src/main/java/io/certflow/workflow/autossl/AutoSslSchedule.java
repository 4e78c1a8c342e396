package io.certflow.workflow.autossl;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The nightly run's schedule, read by the timer start event of AutoSslRunProcess. */
@Component("autosslSchedule")
public class AutoSslSchedule {

    private final String cron;

    /** A Quartz cron expression (seconds first): 02:00 every night by default. */
    public AutoSslSchedule(@Value("${certflow.autossl.schedule:0 0 2 * * ?}") String cron) {
        this.cron = cron;
    }

    public String getCron() {
        return cron;
    }
}
