package io.certflow.deployment;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The writes whose renames have begun and not ended, so that one a crash cut off between two renames
 * is finished when Certflow starts again. A write of several files renames them one after another: in
 * between, the target holds the new certificate beside the old key, which its server refuses ({@code
 * nginx -s reload} fails for every site, and nginx does not start). The deployment's own step writes
 * again only once the crashed node's lock on its job has expired; until then every other deployment
 * to that server would fail its reload and be rolled back.
 * <p>
 * So before its first rename a write notes which staged file goes where, one note per write in
 * {@code <data-dir>/deployment-writes}, on disk before any rename; after its last rename it removes
 * the note. At start-up, before any step runs, the staged files of a noted write that are still there
 * are renamed into place: they were complete, flushed and checked before the note was made, so this
 * is the end of the write the crash interrupted, and the target is whole again (a step that runs again
 * later writes the same files). A write that crashed before its note renamed nothing, and its staged
 * files are removed by its next run. A note holds paths only.
 */
class UnfinishedWrites {

    static final String DIRECTORY = "deployment-writes";
    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    /** One rename of a noted write. */
    record Rename(Path staged, Path target) {
    }

    /** What finishing the noted writes did: the targets put in place, and those it was not allowed to touch. */
    record Finished(List<Path> renamed, List<Path> refused) {
    }

    private final Path root;

    UnfinishedWrites(Path root) {
        this.root = root;
    }

    static UnfinishedWrites inDataDir(Path dataDir) {
        return new UnfinishedWrites(dataDir.resolve(DIRECTORY));
    }

    /**
     * Notes the renames {@code tag}'s write is about to make, on disk when this returns. A single file
     * needs no note: its one rename happens whole or not at all.
     */
    void begin(String tag, List<AtomicFiles.Staged> staged) {
        if (staged.size() < 2) {
            return;
        }
        Properties note = new Properties();
        note.setProperty("renames", Integer.toString(staged.size()));
        for (int i = 0; i < staged.size(); i++) {
            note.setProperty(i + ".staged", staged.get(i).temp().toString());
            note.setProperty(i + ".target", staged.get(i).planned().path().toString());
        }
        StringWriter text = new StringWriter();
        try {
            note.store(text, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.createDirectories(root, PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY));
            // Staged under a name that starts with a dot, as every staged file: a note not renamed into place is no note.
            AtomicFiles.commit(AtomicFiles.stage(List.of(new AtomicFiles.Planned("the note of the write " + tag, root.resolve(tag),
                    text.toString().getBytes(StandardCharsets.UTF_8), AtomicFiles.OWNER_ONLY, null, null)), "note-" + tag));
        } catch (IOException e) {
            throw AtomicFiles.fault("Cannot note the write " + tag + " under " + root, e);
        }
    }

    /** Removes the note of a write whose renames ended (or were abandoned). */
    void end(String tag) {
        AtomicFiles.delete("the note of the write " + tag, root.resolve(tag));
    }

    /**
     * Finishes every noted write: renames each staged file still there over its target, unless
     * {@code allowed} refuses the target, in which case the staged file is removed and the target is
     * left to a person.
     */
    Finished finishAll(Predicate<Path> allowed) {
        List<Path> renamed = new ArrayList<>();
        List<Path> refused = new ArrayList<>();
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            return new Finished(renamed, refused);
        }
        try (DirectoryStream<Path> notes = Files.newDirectoryStream(root)) {
            for (Path note : notes) {
                if (note.getFileName().toString().startsWith(".")) {
                    // A note never completed, or its staging: its write renamed nothing.
                    Files.deleteIfExists(note);
                    continue;
                }
                Set<Path> directories = new LinkedHashSet<>();
                for (Rename rename : read(note)) {
                    if (!Files.isRegularFile(rename.staged(), LinkOption.NOFOLLOW_LINKS)) {
                        continue; // renamed before the crash
                    }
                    if (!allowed.test(rename.target())) {
                        Files.deleteIfExists(rename.staged());
                        refused.add(rename.target());
                        continue;
                    }
                    Files.move(rename.staged(), rename.target(), StandardCopyOption.ATOMIC_MOVE);
                    directories.add(rename.target().getParent());
                    renamed.add(rename.target());
                }
                for (Path directory : directories) {
                    AtomicFiles.syncDirectory(directory, "the directory of the deployed files");
                }
                AtomicFiles.delete("the note " + note, note);
            }
        } catch (IOException e) {
            throw AtomicFiles.fault("Cannot finish the writes noted under " + root, e);
        }
        return new Finished(renamed, refused);
    }

    private static List<Rename> read(Path note) throws IOException {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Files.readString(note, StandardCharsets.UTF_8)));
        } catch (NoSuchFileException gone) {
            return List.of();
        }
        List<Rename> renames = new ArrayList<>();
        int count = Integer.parseInt(properties.getProperty("renames", "0"));
        for (int i = 0; i < count; i++) {
            renames.add(new Rename(Path.of(properties.getProperty(i + ".staged")), Path.of(properties.getProperty(i + ".target"))));
        }
        return renames;
    }
}
