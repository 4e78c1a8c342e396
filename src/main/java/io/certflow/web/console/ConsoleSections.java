package io.certflow.web.console;

import java.util.List;

/** The console's navigation: each section, and whether its page is built yet (the layout shows "not yet" otherwise). */
public final class ConsoleSections {

    public record Section(String title, String path, boolean built) {
    }

    public static final List<Section> ALL = List.of(
            new Section("Certificates", "/certificates", true),
            new Section("Renewal", "/renewal", true),
            new Section("AutoSSL", "/autossl", false),
            new Section("Repositories", "/repositories", true),
            new Section("Deployment targets", "/deployment-targets", true));

    private ConsoleSections() {
    }

    static String titleOf(String path) {
        return ALL.stream().filter(section -> section.path().equals(path)).map(Section::title).findFirst().orElse(path);
    }
}
