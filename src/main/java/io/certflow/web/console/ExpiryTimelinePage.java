package io.certflow.web.console;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

import io.certflow.renewal.ExpiryTimeline;
import io.certflow.security.Caller;

/**
 * The expiry timeline: how many of the user's certificates expire in each of the next 13 weeks, split
 * into those Certflow will renew and those it will not, as an inline SVG drawn here (no script). Its
 * own page rather than above the table, so the table's paging and filtering stay one query each, and
 * the chart, its legend and its figures have the page's width.
 */
@Controller
class ExpiryTimelinePage extends ConsolePage {

    private final ExpiryTimeline timeline;

    ExpiryTimelinePage(ExpiryTimeline timeline) {
        this.timeline = timeline;
    }

    @GetMapping("/certificates/timeline")
    String show(Caller caller, Model model) {
        model.addAttribute("chart", TimelineChart.of(timeline.weeks(caller)));
        return "console/timeline";
    }
}
