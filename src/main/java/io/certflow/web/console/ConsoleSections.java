package io.certflow.web.console;

import java.util.List;

/** The console's navigation: each section's title and path. */
public final class ConsoleSections {

    public record Section(String title, String path) {
    }

    public static final List<Section> ALL = List.of(
            new Section("Overview", "/"),
            new Section("Certificates", "/certificates"),
            new Section("Renewal", "/renewal"),
            new Section("AutoSSL", "/autossl"),
            new Section("Repositories", "/repositories"),
            new Section("Deployment targets", "/deployment-targets"));

    private ConsoleSections() {
    }
}
