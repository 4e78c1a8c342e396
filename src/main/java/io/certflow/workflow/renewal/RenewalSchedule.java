package io.certflow.workflow.renewal;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** The daily run's schedule, read by the timer start event of AutoRenewalRunProcess. */
@Component("renewalSchedule")
public class RenewalSchedule {

    private final String cron;

    /** A Quartz cron expression (seconds first): 03:00 every day by default. */
    public RenewalSchedule(@Value("${certflow.renewal.schedule:0 0 3 * * ?}") String cron) {
        this.cron = cron;
    }

    public String getCron() {
        return cron;
    }
}
